"""Personal data under UU 27/2022: who was shown whose personal data (the access log), a person's correction
requests, the erasures done and the retention exceptions each office sets (docs/privacy.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


class Purpose(models.TextChoices):
    VIEW = "view", _("page view")
    SEARCH = "search", _("search by NIK")
    API = "api", _("API")
    EXPORT = "export", _("export")


class AccessRecord(models.Model):
    """One person's personal fields (NIK, phone, address, birth date) shown in full to one user, once per page,
    answer or export. Appended to only. The person is kept by id, without a foreign key, so that the record
    outlives a merge or an erasure; its village at the time scopes who may read the row."""

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_id = models.BigIntegerField(_("person"))
    region_code = models.CharField(_("village"), max_length=13)
    fields = models.CharField(
        _("fields"), max_length=80, help_text=_("Comma-separated: nik, phone, address, birth_date.")
    )
    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose.choices)
    path = models.CharField(_("page"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["person_id", "time"], name="privacy_access_person_idx"),
            models.Index(fields=["region_code", "time"], name="privacy_access_region_idx"),
            models.Index(fields=["actor", "time"], name="privacy_access_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_id} → {self.person_id} ({self.fields})"

    @property
    def field_list(self) -> list[str]:
        return [f for f in self.fields.split(",") if f]


class CorrectionStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")


class CorrectionRequest(TimeStampedModel):
    """A person's request to correct their data (UU 27/2022 Pasal 6), from receipt to its outcome."""

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="correction_requests"
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    channel = models.CharField(
        _("received through"), max_length=40, blank=True, help_text=_("e.g. in person, letter, e-mail, telephone")
    )
    details = models.TextField(_("what is to be corrected"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=CorrectionStatus.choices, default=CorrectionStatus.RECEIVED
    )
    outcome = models.TextField(
        _("outcome"), max_length=2000, blank=True, help_text=_("What was corrected, or why the request was refused.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


class Erasure(models.Model):
    """A person's data erased on request: what was cleared and how many related rows were removed or kept under
    the office's retention exceptions, without the data itself."""

    person_id = models.BigIntegerField(_("person"), db_index=True)
    region_code = models.CharField(_("village"), max_length=13, db_index=True)
    time = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("erased by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("basis of the request"), max_length=2000)
    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    cleared = models.JSONField(_("fields cleared"), default=list)
    removed = models.JSONField(_("rows removed"), default=dict, help_text="{model label: count}")
    kept = models.JSONField(_("rows kept"), default=dict, help_text="{model label: count}")

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.time:%Y-%m-%d})"


class RetentionPolicy(models.Model):
    """The records an office keeps when a person's data is erased (retention exceptions), by model label
    (e.g. "programs.enrollment"). The kept rows stay, pointing to the person's pseudonym; every other row that
    refers to the person is removed. A kabupaten/kota office's row governs its persons, else the province's,
    else the default in ``privacy.services.DEFAULT_KEPT``."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    kept = models.JSONField(_("records kept on erasure"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"{self.region_id}: {', '.join(self.kept)}"
