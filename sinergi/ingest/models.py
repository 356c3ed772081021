"""Imports of office spreadsheets: the uploaded file, its mapping, its job, and every rejected row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("awaiting column mapping")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


class ImportBatch(models.Model):
    """One uploaded file of businesses and its import into the registry.

    ``source`` names where the file comes from ("kepahiang-umkm-2024"); with each row's key it forms the
    business's ``external_ref``, so importing the same file, or a corrected one, updates instead of
    duplicating. Counts satisfy ``rows_seen == accepted + rejected + skipped`` at every checkpoint.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Village and district names in the file are looked up inside this region."),
    )
    source = models.SlugField(_("source"), max_length=60)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(_("format"), max_length=4, choices=FileKind.choices)
    layouts = models.JSONField(default=list, blank=True)
    sheet = models.CharField(_("sheet"), max_length=120, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    default_year = models.PositiveSmallIntegerField(
        _("year of the figures"), null=True, blank=True, help_text=_("Used when the file has no year column.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.MAPPING, db_index=True
    )
    job = models.OneToOneField("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rows_seen = models.BigIntegerField(_("rows read"), default=0)
    accepted = models.BigIntegerField(_("accepted"), default=0)
    created = models.BigIntegerField(_("created"), default=0)
    updated = models.BigIntegerField(_("updated"), default=0)
    unchanged = models.BigIntegerField(_("unchanged"), default=0)
    rejected = models.BigIntegerField(_("rejected"), default=0)
    skipped = models.BigIntegerField(_("skipped"), default=0, help_text=_("Totals rows, not businesses."))
    merged = models.BigIntegerField(
        _("merged into an earlier row"), default=0, help_text=_("Rows giving again a business of an earlier row.")
    )
    # How the accepted rows found their record: {"nib": n, "source_id": n, "owner_name_desa": n, "new": n}.
    matched = models.JSONField(_("matched by"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.source})"


class RejectedRow(models.Model):
    """A row the import could not accept, kept whole with every reason, to download, fix and re-import."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejections")
    sheet = models.CharField(max_length=120, blank=True)
    source_row = models.PositiveIntegerField(_("row"))
    values = models.JSONField(_("values"))
    errors = models.JSONField(_("reasons"), help_text="[{field, message}]")

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["batch", "sheet", "source_row"]
        constraints = [
            # A resumed job that re-reads a batch must not store its rejections twice.
            models.UniqueConstraint(fields=["batch", "sheet", "source_row"], name="rejected_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.sheet}:{self.source_row}"


class NoteKind(models.TextChoices):
    WARNING = "warning", _("note")
    MERGED = "merged", _("merged into an earlier row")
    SKIPPED = "skipped", _("skipped")


class RowNote(models.Model):
    """What the import did with an accepted or skipped row beyond writing it: a value left blank (with
    why), a row merged into an earlier row of the file, a totals row skipped."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="notes")
    sheet = models.CharField(max_length=120, blank=True)
    source_row = models.PositiveIntegerField(_("row"))
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind.choices)
    field = models.CharField(_("field"), max_length=40, blank=True)
    message = models.CharField(_("message"), max_length=500)

    class Meta:
        verbose_name = _("import note")
        verbose_name_plural = _("import notes")
        ordering = ["batch", "sheet", "source_row", "id"]
        constraints = [
            # A resumed job that re-reads a batch must not store its notes twice.
            models.UniqueConstraint(fields=["batch", "sheet", "source_row", "kind", "field"], name="row_note_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.sheet}:{self.source_row} {self.kind}"


class SavedMapping(models.Model):
    """A column mapping an office confirmed once, offered again for files with the same headers."""

    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    headers = models.JSONField(_("headers"), help_text="normalised header → field key")

    class Meta:
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="saved_mapping_region_name")]

    def __str__(self) -> str:
        return self.name
