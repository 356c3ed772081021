"""Cooperatives (koperasi): the register, their officers and members, annual reports (RAT and financial
statements), health assessments. Supervision (inspections, findings, follow-ups) is the app ``sinergi.supervision``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sinergi.core.models import TimeStampedModel, import_key_field


class CooperativeKind(models.TextChoices):
    """Jenis koperasi (UU 25/1992 and the ministry's NIK profile form), with KSPPS kept apart from KSP."""

    SIMPAN_PINJAM = "ksp", _("Savings and loans (simpan pinjam, KSP)")
    SYARIAH = "kspps", _("Sharia savings and financing (KSPPS)")
    PRODUSEN = "produsen", _("Producers (produsen)")
    KONSUMEN = "konsumen", _("Consumers (konsumen)")
    PEMASARAN = "pemasaran", _("Marketing (pemasaran)")
    JASA = "jasa", _("Services (jasa)")


class CooperativeTier(models.TextChoices):
    """Bentuk koperasi: a primary cooperative has persons as members, a secondary one has cooperatives."""

    PRIMER = "primer", _("Primary (primer)")
    SEKUNDER = "sekunder", _("Secondary (sekunder)")


class CooperativeStatus(models.TextChoices):
    """What the office records of a cooperative's legal life; whether it is active is computed from its RATs."""

    OPERATING = "operating", _("Operating")
    DORMANT = "dormant", _("Not operating (declared)")
    DISSOLVED = "dissolved", _("Dissolved (bubar)")


class Cooperative(TimeStampedModel):
    """A cooperative (koperasi) registered in the office's regions.

    ``region`` is the lowest region known for its address (a desa, or a kecamatan/kabupaten when that is all
    the office has); scoping is by its code prefix, as for businesses. ``health_*`` repeat the newest
    assessment so that lists and indicators filter on plain columns; the assessment service keeps them.
    """

    name = models.CharField(_("name"), max_length=200)
    nik_koperasi = models.CharField(
        _("NIK koperasi"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Cooperative identity number from the ministry's Online Data System (ODS)."),
    )
    legal_entity_number = models.CharField(_("legal entity number (badan hukum)"), max_length=100, blank=True)
    legal_entity_date = models.DateField(_("legal entity date"), null=True, blank=True)
    amendment_number = models.CharField(_("latest amendment (perubahan anggaran dasar)"), max_length=100, blank=True)
    amendment_date = models.DateField(_("latest amendment date"), null=True, blank=True)
    kind = models.CharField(_("type (jenis)"), max_length=10, choices=CooperativeKind.choices)
    tier = models.CharField(
        _("tier (bentuk)"), max_length=10, choices=CooperativeTier.choices, default=CooperativeTier.PRIMER
    )
    business_lines = models.CharField(_("business lines"), max_length=255, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("Stored as +62…"))
    email = models.EmailField(_("email"), blank=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CooperativeStatus.choices, default=CooperativeStatus.OPERATING
    )
    health_year = models.PositiveSmallIntegerField(_("assessed year"), null=True, blank=True, editable=False)
    health_total = models.DecimalField(
        _("health score"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    # Not indexed: lists filter it within a region, which the region index narrows to a few hundred rows, and
    # with no index on any health_* column PostgreSQL can rewrite a cooperative's row in place of its old one
    # (a HOT update, on pages left 10% free by migration 0002) without touching the table's nine indexes; that
    # is most of what a batch scoring's refresh of these columns costs (docs/performance.md).
    health_predicate = models.CharField(_("health predicate"), max_length=30, blank=True, editable=False)
    external_ref = import_key_field()

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["region", "name"], name="coop_region_name_idx")]

    def __str__(self) -> str:
        return self.name


class OfficerBody(models.TextChoices):
    PENGURUS = "pengurus", _("Board (pengurus)")
    PENGAWAS = "pengawas", _("Supervisors (pengawas)")
    PENGELOLA = "pengelola", _("Manager (pengelola)")


class CooperativeOfficer(models.Model):
    """A person's seat on a cooperative's board (pengurus), supervisory body (pengawas) or management."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="officers")
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("body"), max_length=10, choices=OfficerBody.choices)
    role = models.CharField(_("role"), max_length=80, help_text=_("e.g. Ketua, Sekretaris, Bendahara"))
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperative officer")
        verbose_name_plural = _("cooperative officers")
        ordering = ["body", "id"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.role}: {self.person}"


class CooperativeMember(models.Model):
    """A person on a cooperative's member list (optional: most offices know only the count per year)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    member_number = models.CharField(_("member number"), max_length=40, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperative member")
        verbose_name_plural = _("cooperative members")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "person"], name="coop_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} ∈ {self.cooperative}"


def _money(label: StrOrPromise, *, help_text: StrOrPromise = "") -> Any:
    """A rupiah amount of a report: up to 16 digits and 2 decimals, blank until known."""
    return models.DecimalField(label, max_digits=18, decimal_places=2, null=True, blank=True, help_text=help_text)


# The figures of an annual report the health assessment reads, by the field names of health.Figures.
HEALTH_FIGURE_FIELDS = (
    "total_assets",
    "own_capital",
    "risky_loans",
    "weighted_capital",
    "risk_weighted_assets",
    "loan_volume",
    "member_loan_volume",
    "loans_outstanding",
    "substandard_loans",
    "doubtful_loans",
    "loss_loans",
    "risk_reserve",
    "cash",
    "bank",
    "current_liabilities",
    "funds_received",
    "gross_participation",
    "net_participation",
    "cost_of_services",
    "operating_expenses",
    "cooperative_expenses",
    "staff_costs",
    "shu_gross",
    "shu_before_tax",
    "shu_members_share",
    "non_member_income",
    "member_economic_benefit",
    "principal_savings",
    "mandatory_savings",
)


class AnnualReport(TimeStampedModel):
    """A cooperative's report for one fiscal year: its RAT (Rapat Anggota Tahunan), members, balance sheet
    (neraca), income statement (perhitungan hasil usaha), savings and loan book.

    Entered by office staff or the cooperative's own officer, or imported. The balance sheet must balance:
    total assets = current liabilities + long-term liabilities + equity. ``management_answers`` holds the
    management questionnaires of the health assessment ({"general": [true, false, …], …}).
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="reports")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    rat_held = models.BooleanField(_("RAT held"), default=False)
    rat_date = models.DateField(_("RAT date"), null=True, blank=True)
    rat_attendance = models.PositiveIntegerField(_("members present at the RAT"), null=True, blank=True)
    members_end = models.PositiveIntegerField(_("members at year end"), null=True, blank=True)
    members_male = models.PositiveIntegerField(_("male members"), null=True, blank=True)
    members_female = models.PositiveIntegerField(_("female members"), null=True, blank=True)
    staff = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    # Balance sheet
    total_assets = _money(_("total assets (total aset)"))
    current_assets = _money(_("current assets (aset lancar)"))
    cash = _money(_("cash (kas)"))
    bank = _money(_("bank"))
    current_liabilities = _money(_("current liabilities (kewajiban lancar)"))
    long_term_liabilities = _money(_("long-term liabilities (kewajiban jangka panjang)"))
    equity = _money(_("equity (ekuitas)"))
    own_capital = _money(
        _("own capital (modal sendiri)"),
        help_text=_("As the assessment defines it: savings, reserves, grants, part of modal penyertaan."),
    )
    weighted_capital = _money(_("weighted capital (modal tertimbang)"))
    risk_weighted_assets = _money(_("risk-weighted assets (ATMR)"))
    funds_received = _money(_("funds received (dana yang diterima)"))
    principal_savings = _money(_("principal savings (simpanan pokok)"))
    mandatory_savings = _money(_("mandatory savings (simpanan wajib)"))
    voluntary_savings = _money(_("voluntary savings (simpanan sukarela)"))
    members_with_voluntary_savings = models.PositiveIntegerField(
        _("members with voluntary savings"), null=True, blank=True
    )
    # Loan book
    loan_volume = _money(_("loans disbursed in the year (volume pinjaman)"))
    member_loan_volume = _money(_("loans disbursed to members (volume pinjaman pada anggota)"))
    loans_outstanding = _money(_("loans outstanding (pinjaman yang diberikan)"))
    current_loans = _money(_("performing loans (lancar)"))
    substandard_loans = _money(_("substandard loans (kurang lancar)"))
    doubtful_loans = _money(_("doubtful loans (diragukan)"))
    loss_loans = _money(_("loss loans (macet)"))
    risky_loans = _money(_("risky loans (pinjaman berisiko)"))
    risk_reserve = _money(_("risk reserve (cadangan risiko)"))
    # Income statement
    gross_participation = _money(_("gross participation (partisipasi bruto)"))
    net_participation = _money(_("net participation (partisipasi neto)"))
    non_member_income = _money(_("income from non-members"))
    cost_of_services = _money(_("cost of services (beban pokok)"))
    operating_expenses = _money(_("operating expenses (beban usaha)"))
    cooperative_expenses = _money(_("cooperative expenses (beban perkoperasian)"))
    staff_costs = _money(_("staff costs (biaya karyawan)"))
    shu_gross = _money(_("gross surplus (SHU kotor)"))
    shu_before_tax = _money(_("surplus before tax (SHU sebelum pajak)"))
    shu = _money(_("surplus for the year (SHU)"))
    shu_members_share = _money(_("members' share of the surplus (SHU bagian anggota)"))
    member_economic_benefit = _money(_("members' economic benefit (MEPPP)"))
    management_answers = models.JSONField(_("management questionnaires"), default=dict, blank=True)
    external_ref = models.CharField(_("external reference"), max_length=100, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["cooperative", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "fiscal_year"], name="coop_report_year_unique")]
        indexes = [models.Index(fields=["fiscal_year", "rat_held"], name="coop_report_year_rat_idx")]

    def __str__(self) -> str:
        return f"{self.cooperative} {self.fiscal_year}"


class HealthAssessment(models.Model):
    """The health assessment of one annual report under one rule set (see docs/health-assessment.md).

    ``result`` keeps every component's value, band, score, weight and contribution and every aspect's
    subtotal, so the page explains the score line by line and an old result reads as it was computed even
    after a rule set is superseded. A report that cannot be scored keeps its ``problems`` and no total.
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="assessments")
    # No index of its own: the unique (report, rule set) index starts with it and serves every lookup by report.
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="assessments", db_index=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    rule_set_version = models.CharField(_("rule set"), max_length=40)
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    predicate = models.CharField(_("predicate"), max_length=30, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("health assessment")
        verbose_name_plural = _("health assessments")
        ordering = ["-fiscal_year", "-assessed_at"]
        constraints = [models.UniqueConstraint(fields=["report", "rule_set_version"], name="coop_assessment_unique")]
        indexes = [models.Index(fields=["fiscal_year", "predicate"], name="coop_assessment_year_pred_idx")]

    def __str__(self) -> str:
        return self.label_for(
            cooperative=str(self.cooperative), fiscal_year=self.fiscal_year, total=self.total, predicate=self.predicate
        )

    @classmethod
    def label_for(cls, *, cooperative: str, fiscal_year: int, total: Any, predicate: str) -> str:
        """ "KSP Kaba 2023: 58,15 Dalam Pengawasan": how an assessment is named (batch writers name it without an
        instance)."""
        score = str(total).replace(".", ",") if total is not None else "—"
        label = cls.history_value("predicate", predicate) or ""
        return f"{cooperative} {fiscal_year}: {score} {label}".rstrip()

    @classmethod
    def history_value(cls, field_name: str, value: Any) -> str | None:
        """The change log's reading of a predicate code and a rule-set version (core.history)."""
        from sinergi.cooperatives.health import RULE_SETS

        if field_name == "predicate":
            labels = {p.code: p.label for rules in RULE_SETS.values() for p in rules.predicates}
            return labels.get(str(value)) if value else None
        if field_name == "rule_set_version":
            rules = RULE_SETS.get(str(value))
            return rules.title if rules is not None else None
        return None
