"""Programs an office runs for businesses, persons and cooperatives (training, study tours, capital aid,
mentoring, certification help): their budgets, eligibility rules, applications, selection runs, enrollment,
attendance, aid, mentoring visits and outcomes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sinergi.core.formatting import format_date, format_rupiah_amount
from sinergi.core.models import TimeStampedModel
from sinergi.programs.choices import (
    ApplicationSource,
    ApplicationStatus,
    CertificationKind,
    EnrollmentStatus,
    FundingSource,
    OutcomeKind,
    ProgramKind,
    ProgramStatus,
    RuleKind,
    Target,
)


def _applicant_name(row: Application | Enrollment) -> str:
    """Who applied or takes part: the business, the cooperative or the person, by name."""
    return str(row.business or row.cooperative or row.person or "—")


def _money(label: StrOrPromise) -> Any:
    """Rupiah, up to 16 digits and 2 decimals."""
    return models.DecimalField(label, max_digits=18, decimal_places=2)


class Program(TimeStampedModel):
    """A program of the office for one fiscal year: who it is for, how many, when and where, and its status.

    ``region`` is the organising office's region (a kabupaten/kota or a province): it scopes who sees and
    runs the program, and its candidates are the businesses, persons or cooperatives inside it. ``topics``
    are what a training teaches, matched against each applicant's needs.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=ProgramKind.choices)
    certification = models.CharField(
        _("certification"),
        max_length=16,
        choices=CertificationKind.choices,
        blank=True,
        help_text=_("For certification help: what the beneficiaries obtain."),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("organiser region"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(_("target"), max_length=12, choices=Target.choices, default=Target.BUSINESS)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places available; blank for no limit.")
    )
    applications_close_on = models.DateField(_("applications close on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    topics = models.JSONField(_("topics offered"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    external_ref = models.CharField(_("external reference"), max_length=100, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-fiscal_year", "name", "id"]
        indexes = [
            models.Index(fields=["region", "fiscal_year"], name="program_region_year_idx"),
            models.Index(fields=["kind", "fiscal_year"], name="program_kind_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"


class BudgetLine(TimeStampedModel):
    """Money allotted to a program from one source (APBD, APBN, DAK …)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("source of funds"), max_length=16, choices=FundingSource.choices)
    amount = _money(_("amount (Rp)"))
    reference = models.CharField(_("reference"), max_length=120, blank=True, help_text=_("e.g. the DPA code"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["program", "source", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {format_rupiah_amount(self.amount)}"


class Realisation(TimeStampedModel):
    """Money spent from a budget line: one disbursement or activity."""

    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="realisations")
    amount = _money(_("amount (Rp)"))
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=255)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["spent_on", "id"]

    def __str__(self) -> str:
        return f"{format_date(self.spent_on)} {format_rupiah_amount(self.amount)}"


class EligibilityRule(models.Model):
    """One eligibility condition of a program, as data: a kind and its parameters (docs/programs.md)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True, help_text=_("The office's wording, if any."))

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["program", "position", "id"]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


def _one_applicant(prefix: str) -> list[models.UniqueConstraint]:
    """A business, a cooperative or (for person programs) a person appears once per program.

    The first two need no condition (NULLs never clash), which lets a registry merge see them and keep one
    row when both merged records applied; the person one must skip business and cooperative rows, where the
    person is the owner (one owner may apply with two businesses)."""
    return [
        models.UniqueConstraint(fields=["program", "business"], name=f"{prefix}_business_once"),
        models.UniqueConstraint(fields=["program", "cooperative"], name=f"{prefix}_cooperative_once"),
        models.UniqueConstraint(
            fields=["program", "person"],
            condition=Q(business__isnull=True, cooperative__isnull=True, person__isnull=False),
            name=f"{prefix}_person_once",
        ),
    ]


class Application(TimeStampedModel):
    """An applicant to a program, with the topics they say they need (the needs survey).

    The applicant is a business, a person or a cooperative, as the program's target says; for a business
    ``person`` is its owner when the application was made, so that aid to one household is seen across its
    businesses.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="applications")
    business = models.ForeignKey(
        "registry.Business", null=True, blank=True, on_delete=models.PROTECT, related_name="program_applications"
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="program_applications"
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program_applications",
    )
    source = models.CharField(_("source"), max_length=12, choices=ApplicationSource.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    needs = models.JSONField(_("topics needed"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_ref = models.CharField(_("external reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["program", "id"]
        constraints = [
            *_one_applicant("application"),
            models.UniqueConstraint(
                fields=["program", "external_ref"], condition=~Q(external_ref=""), name="application_ref_once"
            ),
        ]

    def __str__(self) -> str:
        return _applicant_name(self)


class SelectionRun(models.Model):
    """One run of the selection: everything it read (candidates, rules, quotas, weights, seed) and what it
    chose, so anyone can re-run it from the stored inputs and get the same list (docs/programs.md)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="selection_runs")
    number = models.PositiveIntegerField(_("run number"))
    algorithm = models.CharField(_("algorithm"), max_length=20)
    seed = models.CharField(_("seed"), max_length=100)
    config = models.JSONField(_("capacity, quotas and weights"), default=dict)
    rules = models.JSONField(_("eligibility rules"), default=list)
    inputs = models.JSONField(_("candidates"), default=list)
    result = models.JSONField(_("result"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("run by")
    )
    created_at = models.DateTimeField(_("run at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")
        ordering = ["program", "-number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="selection_run_number")]

    def __str__(self) -> str:
        return str(_("run %(number)s")) % {"number": self.number}


class Enrollment(TimeStampedModel):
    """A beneficiary of a program: chosen by a selection run, added by staff, or imported from the office's
    past lists. Its beneficiary fields follow Application's."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrollment"
    )
    selection_run = models.ForeignKey(
        SelectionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrollments"
    )
    business = models.ForeignKey(
        "registry.Business", null=True, blank=True, on_delete=models.PROTECT, related_name="program_enrollments"
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="program_enrollments"
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program_enrollments",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ENROLLED
    )
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=80, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["program", "id"]
        constraints = [
            *_one_applicant("enrollment"),
            models.UniqueConstraint(
                fields=["program", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="enrollment_certificate_once",
            ),
        ]

    def __str__(self) -> str:
        return _applicant_name(self)


class Session(models.Model):
    """One meeting of a program (a training day, a visit of the study tour) where attendance is taken."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["program", "held_on", "id"]

    def __str__(self) -> str:
        return f"{format_date(self.held_on)} {self.title}"


class Attendance(models.Model):
    """Whether an enrolled beneficiary came to a session, and who came instead when someone else did."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)
    substitute = models.CharField(
        _("came instead"), max_length=150, blank=True, help_text=_("Name of who attended, if not the participant.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_once")]

    def __str__(self) -> str:
        return str(self.session)


class AidDisbursement(TimeStampedModel):
    """Aid handed to one beneficiary (capital aid in money or goods), paid from a budget line; its
    realisation row counts it against the budget."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="disbursements")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="disbursements")
    realisation = models.OneToOneField(Realisation, on_delete=models.PROTECT, related_name="disbursement")
    amount = _money(_("amount (Rp)"))
    disbursed_on = models.DateField(_("disbursed on"))
    description = models.CharField(_("description"), max_length=255, blank=True, help_text=_("e.g. cash, equipment"))

    class Meta:
        verbose_name = _("aid disbursement")
        verbose_name_plural = _("aid disbursements")
        ordering = ["disbursed_on", "id"]

    def __str__(self) -> str:
        return format_rupiah_amount(self.amount)


class MentoringVisit(TimeStampedModel):
    """A mentor's visit to a beneficiary (pendampingan)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    mentor = models.CharField(_("mentor"), max_length=150)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)

    class Meta:
        verbose_name = _("mentoring visit")
        verbose_name_plural = _("mentoring visits")
        ordering = ["enrollment", "visited_on", "id"]

    def __str__(self) -> str:
        return f"{format_date(self.visited_on)} {self.mentor}"


class Outcome(TimeStampedModel):
    """What came of a beneficiary's participation: a registry document obtained (after certification help),
    a NIK koperasi, or a follow-up survey's answers. Revenue and workforce before and after are read from
    the registry's yearly figures (selectors.outcome_figures), not copied here."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=14, choices=OutcomeKind.choices)
    document = models.ForeignKey(
        "registry.LegalDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_outcomes",
    )
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    answers = models.JSONField(_("survey answers"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["enrollment", "recorded_on", "id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())
