"""Base models shared by every app: timestamps and the change log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def import_key_field() -> models.CharField[str | None, str | None]:
    """The key a record has in the file it was imported from (unique; empty for a record typed in), the field
    an import matches a row to its record by when the file has an ID column of its own."""
    return models.CharField(
        _("external reference"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Key of this record in the file it was imported from."),
    )


class TimeStampedModel(models.Model):
    """Adds created/updated times to a model."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ChangeAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


class ChangeSource(models.TextChoices):
    WEB = "web", _("web page")
    API = "api", _("API")
    COMMAND = "command", _("command")
    JOB = "job", _("job")


class ChangeLog(models.Model):
    """One row per change to a record: who made it, when, from where, and the fields before and after.

    Written by services (never by signals), so imports, jobs and commands are logged like page edits.
    """

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # The three keys below have no foreign-key constraint in the database (db_constraint=False): every row is
    # written by a service from the objects it holds in the same transaction, the log is only ever appended to,
    # and Django still applies on_delete (SET_NULL, PROTECT) when a user, job or content type is deleted. The
    # database's check of each key at COMMIT was a sixth of a bulk import's time, three checks for each of the
    # three log rows a source row makes (docs/decisions.md 14, docs/performance.md "Import").
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    source = models.CharField(_("source"), max_length=16, choices=ChangeSource.choices, default=ChangeSource.WEB)
    action = models.CharField(_("action"), max_length=16, choices=ChangeAction.choices)
    # No index of its own: changelog_object_idx starts with it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=255)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-time"], name="changelog_object_idx")]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field this change touched, in a stable order."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys]


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("finished")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """A piece of long work (an import, a linkage run, batch scoring) with its progress and checkpoint.

    The work itself runs in a django-tasks worker or in a CLI command; this row is what pages and the CLI
    read. ``checkpoint`` is written in the same transaction as each batch of work, so a job whose worker
    was killed resumes where its last committed batch ended.
    """

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    progress_done = models.BigIntegerField(_("done"), default=0)
    progress_total = models.BigIntegerField(_("total"), null=True, blank=True)
    checkpoint = models.JSONField(_("checkpoint"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="django-tasks result id of the last enqueue")

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, int(self.progress_done * 100 / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class WorkerBeat(models.Model):
    """The last sign of life of one job-worker process, written every few seconds by the worker (``jobs_worker``)
    and removed when it stops; /healthz reads the newest."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("job worker")
        verbose_name_plural = _("job workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class RecurringRun(models.Model):
    """When a recurring piece of work (a backup) is next due. The worker that moves ``next_at`` forward in one
    conditional UPDATE starts the run, so two workers never start the same one."""

    name = models.CharField(max_length=40, unique=True)
    next_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("recurring run")
        verbose_name_plural = _("recurring runs")

    def __str__(self) -> str:
        return self.name
