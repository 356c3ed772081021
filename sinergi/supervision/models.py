"""Supervision of cooperatives (pengawasan): an office's inspection plans, the inspections (visits), what they
found and the follow-up actions (tindak lanjut) with their deadlines.

The tables were the cooperatives app's until migration 0001 here took them over (rows and ids unchanged) and
0002 renamed them ``supervision_*``; the index keeps its first name (``coop_followup_status_due_idx``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.cooperatives.models import Cooperative
from sinergi.core.formatting import format_date
from sinergi.core.models import TimeStampedModel


class InspectionPlan(TimeStampedModel):
    """An office's plan of cooperative inspections (pemeriksaan/pengawasan) for a period."""

    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("office region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Visited")
    CANCELLED = "cancelled", _("Cancelled")


class Inspection(TimeStampedModel):
    """A visit to a cooperative, planned or made, with what the inspectors concluded."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="inspections")
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    inspectors = models.CharField(_("inspectors"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.cooperative} {format_date(self.planned_on)}".strip()


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Finding(models.Model):
    """Something an inspection found that needs putting right."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    aspect = models.CharField(
        _("aspect"), max_length=80, blank=True, help_text=_("e.g. Tata kelola, Profil risiko, Kinerja keuangan")
    )
    description = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:60]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FollowUp(TimeStampedModel):
    """An action the cooperative (or the office) must take on a finding, by a deadline (tindak lanjut)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.TextField(_("action"))
    responsible = models.CharField(_("responsible"), max_length=120, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="coop_followup_status_due_idx")]

    def __str__(self) -> str:
        return self.action[:60]
