"""Association work programs (program kerja): a term's 100-day, annual or whole-term program, its items with
measurable targets, the office's review, and progress reports with evidence."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


class ProgramKind(models.TextChoices):
    HUNDRED_DAY = "100day", _("100-day program")
    ANNUAL = "annual", _("annual program")
    TERM = "term", _("term program")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    APPROVED = "approved", _("approved")
    RUNNING = "running", _("running")
    REPORTED = "reported", _("reported")
    CLOSED = "closed", _("closed")


# The statuses in which the association may change the program and its items.
EDITABLE = frozenset({ProgramStatus.DRAFT, ProgramStatus.RETURNED})


class BudgetSource(models.TextChoices):
    DUES = "dues", _("members' dues")
    APBD = "apbd", _("regional budget (APBD)")
    APBN = "apbn", _("national budget (APBN)")
    PARTNER = "partner", _("partner or CSR")
    SELF = "self", _("association's own funds")
    NONE = "none", _("no budget needed")
    OTHER = "other", _("other")


class WorkProgram(TimeStampedModel):
    """One work program of an association's term, from its draft to its closing."""

    association = models.ForeignKey(
        "registry.Association", verbose_name=_("association"), on_delete=models.PROTECT, related_name="work_programs"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ProgramKind.choices)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT, db_index=True
    )
    # The first submission decides whether the 100-day program came in on time; a resubmission after the office
    # returned it does not move it.
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("office's note"), blank=True)

    class Meta:
        verbose_name = _("work program")
        verbose_name_plural = _("work programs")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["association"], condition=models.Q(kind="100day"), name="workprogram_one_hundred_day"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="workprogram_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workprogram_detail", args=[self.pk])


class WorkItem(models.Model):
    """One item of a program: a goal, the activity that serves it, a measurable target, who answers for it, its
    budget and deadline, and the partners involved. ``review_comment`` is the office's comment when it returned
    the program."""

    program = models.ForeignKey(
        WorkProgram, verbose_name=_("work program"), on_delete=models.CASCADE, related_name="items"
    )
    goal = models.CharField(_("goal"), max_length=300)
    activity = models.CharField(_("activity"), max_length=300)
    target_number = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    target_unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. members trained, products listed"))
    responsible = models.ForeignKey(
        "registry.BoardMember",
        verbose_name=_("responsible board member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    budget = models.DecimalField(_("budget (Rp)"), max_digits=16, decimal_places=2, default=Decimal("0"))
    budget_source = models.CharField(
        _("budget source"), max_length=10, choices=BudgetSource.choices, default=BudgetSource.NONE
    )
    deadline = models.DateField(_("deadline"))
    partners = models.CharField(_("partners involved"), max_length=300, blank=True)
    review_comment = models.TextField(_("office's comment"), blank=True)

    class Meta:
        verbose_name = _("work program item")
        verbose_name_plural = _("work program items")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.activity


class ProgressReport(models.Model):
    """What an item achieved by a day: the number reached so far (cumulative, in the item's unit) and a
    narrative, with evidence files."""

    item = models.ForeignKey(WorkItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    achieved = models.DecimalField(
        _("achieved so far"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    narrative = models.TextField(_("narrative"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.item} · {self.reported_on}"


class Evidence(models.Model):
    """A photo or PDF attached to a progress report; its type is read from the content, not the name."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="workprograms/evidence/%Y/%m/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="workprograms/thumbs/%Y/%m/", blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
