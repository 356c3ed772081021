"""Request and response shapes of the programs API: programs, budgets, rules and eligibility, applications,
selection runs and their reports, enrollments, sessions and attendance, aid, and the beneficiaries report.

As elsewhere in the API, inputs forbid unknown fields and bound every string by its column; money goes in
and out as decimal strings ("1500000.50"), never as JSON numbers with a fraction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.cooperatives.schemas import MoneyIn
from sinergi.programs.choices import (
    ApplicationStatus,
    CertificationKind,
    EnrollmentStatus,
    FundingSource,
    OutcomeKind,
    ProgramKind,
    ProgramStatus,
    Target,
)
from sinergi.programs.models import (
    Application,
    BudgetLine,
    EligibilityRule,
    Enrollment,
    Program,
    Realisation,
    Session,
)
from sinergi.programs.reports import DIMENSIONS
from sinergi.regions.api import RegionPrefix
from sinergi.registry.schemas import ChoiceOut, Id, InputSchema, Money, RegionCode, RegionRef, _max_length

Topics = Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=50)]


def _text(model: type[Any], field: str, **extra: Any) -> Any:
    return Field(None, max_length=_max_length(model, field), **extra)


class NamedRef(Schema):
    id: int
    name: str


# --- programs -------------------------------------------------------------------------------------


class ProgramOut(Schema):
    id: int
    name: str
    kind: ChoiceOut
    certification: str
    fiscal_year: int
    region: RegionRef
    target: ChoiceOut
    capacity: int | None
    applications_close_on: date | None
    starts_on: date | None
    ends_on: date | None
    location: str
    description: str
    topics: list[str]
    status: ChoiceOut
    external_ref: str | None
    created_at: datetime
    updated_at: datetime


class ProgramCreate(InputSchema):
    name: str = Field(max_length=_max_length(Program, "name"))
    kind: ProgramKind
    certification: CertificationKind | None = Field(None, description="For certification help only.")
    fiscal_year: int = Field(ge=2000, le=2100)
    region: RegionCode = Field(description="The organiser's region: a province or a kabupaten/kota.")
    target: Target | None = Field(None, description="business when omitted.")
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    applications_close_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    location: str | None = _text(Program, "location")
    description: str | None = Field(None, max_length=10_000)
    topics: Topics | None = Field(None, description="What the program teaches, matched to the applicants' needs.")
    external_ref: str | None = _text(Program, "external_ref")


class ProgramUpdate(InputSchema):
    name: str | None = _text(Program, "name")
    kind: ProgramKind | None = None
    certification: CertificationKind | None = None
    fiscal_year: int | None = Field(None, ge=2000, le=2100)
    region: RegionCode | None = None
    target: Target | None = None
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    applications_close_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    location: str | None = _text(Program, "location")
    description: str | None = Field(None, max_length=10_000)
    topics: Topics | None = None
    external_ref: str | None = _text(Program, "external_ref")


class ProgramQuery(PageQuery):
    q: str = Field("", max_length=100, description="Words that must all appear in the name.")
    kind: ProgramKind | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    status: ProgramStatus | None = None
    target: Target | None = None
    region: RegionPrefix = ""


class TransitionIn(InputSchema):
    to: ProgramStatus = Field(description="draft → open → selection → running → closed, or one step back.")


# --- budget ---------------------------------------------------------------------------------------


class RealisationOut(Schema):
    id: int
    amount: Money
    spent_on: date
    description: str
    note: str
    disbursement: bool = Field(description="Made by an aid disbursement (remove that instead).")

    @staticmethod
    def resolve_disbursement(obj: Realisation) -> bool:
        return hasattr(obj, "disbursement")


class BudgetLineOut(Schema):
    id: int
    source: ChoiceOut
    amount: Money
    realised: Money
    remaining: Money
    reference: str
    note: str


class BudgetOut(Schema):
    lines: list[BudgetLineOut]
    allotted: Money
    realised: Money
    remaining: Money


class BudgetLineIn(InputSchema):
    source: FundingSource
    amount: MoneyIn
    reference: str | None = _text(BudgetLine, "reference")
    note: str | None = _text(BudgetLine, "note")


class BudgetLineUpdate(InputSchema):
    source: FundingSource | None = None
    amount: MoneyIn | None = None
    reference: str | None = _text(BudgetLine, "reference")
    note: str | None = _text(BudgetLine, "note")


class RealisationIn(InputSchema):
    amount: MoneyIn
    spent_on: date
    description: str = Field(max_length=_max_length(Realisation, "description"))
    note: str | None = _text(Realisation, "note")


# --- rules and eligibility ------------------------------------------------------------------------


class RuleOut(Schema):
    id: int
    position: int
    kind: ChoiceOut
    params: dict[str, Any]
    label: str
    description: str = Field(description="The rule in words (the label when the office gave one).")


class RuleIn(InputSchema):
    kind: str = Field(max_length=20, description="legality, scale, cluster, region, poverty, gender, age, …")
    params: dict[str, Any] = Field(default_factory=dict, description="The kind's parameters (docs/programs.md).")
    label: str | None = _text(EligibilityRule, "label")


class RulesIn(InputSchema):
    rules: list[RuleIn] = Field(max_length=50)


class RuleKeyOut(Schema):
    key: str
    kind: str
    label: str


class CandidateOut(Schema):
    id: int
    name: str
    eligible: bool
    passed: list[str] = Field(description="Keys of the rules passed.")
    failed: list[str] = Field(description="Keys of the rules failed.")


class EligibilityOut(Schema):
    as_of: date
    candidates: int
    eligible: int
    failing: dict[str, int] | None = Field(description="Per rule key: candidates failing that rule.")
    rules: list[RuleKeyOut]
    items: list[CandidateOut]
    next: str | None


class EligibilityQuery(Schema):
    only: bool | None = Field(None, description="true: eligible candidates only; false: ineligible only.")
    per_rule: bool = Field(False, description="Also count the failures of each rule.")
    as_of: date | None = Field(None, description="Reference day for ages and documents.")
    limit: int = Field(25, ge=1, le=200)
    cursor: str | None = Field(None, max_length=400)


# --- applications ---------------------------------------------------------------------------------


class ApplicantRef(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    business: ApplicantRef | None
    person: ApplicantRef | None
    cooperative: ApplicantRef | None
    source: ChoiceOut
    status: ChoiceOut
    needs: list[str]
    note: str
    external_ref: str
    created_at: datetime


class ApplicationIn(InputSchema):
    business: Id | None = None
    person: Id | None = None
    cooperative: Id | None = None
    needs: Topics | None = Field(None, description="The needs survey: topics the applicant needs.")
    note: str | None = Field(None, max_length=5000)
    external_ref: str | None = _text(Application, "external_ref")


class ApplicationUpdate(InputSchema):
    needs: Topics | None = None
    note: str | None = Field(None, max_length=5000)


class ApplicationQuery(PageQuery):
    status: ApplicationStatus | None = None


class CheckOut(Schema):
    application: int
    name: str
    cluster: str
    kecamatan: str
    failed: list[str]
    need_match: str
    mismatch: bool = Field(description="Needs given, none offered by the program.")


class ChecksOut(Schema):
    rules: list[RuleKeyOut]
    items: list[CheckOut]
    needs: dict[str, int] = Field(description="How many applicants asked for each topic.")


# --- selection ------------------------------------------------------------------------------------


class SelectionIn(InputSchema):
    seed: str = Field("", max_length=100, description="The published seed; a random one is drawn when blank.")
    capacity: int | None = Field(None, ge=1, le=1_000_000, description="The program's capacity when omitted.")
    quotas: list[dict[str, Any]] = Field(default_factory=list, max_length=5)
    weights: dict[str, Annotated[str | int, Field()]] | None = None
    exclude_mismatch: bool = False
    as_of: date | None = None


class RunOut(Schema):
    id: int
    number: int
    algorithm: str
    seed: str
    config: dict[str, Any]
    created_at: datetime
    accepted_at: datetime | None
    published_at: datetime | None
    selected: int
    not_selected: int


class ReportLineOut(Schema):
    key: str
    name: str
    cluster: str
    kecamatan: str
    rank: int | None
    score: str | None
    need_match: str
    why: str


class StaffReportLineOut(ReportLineOut):
    features: dict[str, str] | None


class SelectionReportOut(Schema):
    program: str
    kind: str
    fiscal_year: int
    region: str
    run_number: int
    algorithm: str
    seed: str
    run_at: str
    accepted_at: str | None
    published_at: str | None
    as_of: str
    capacity: int | None
    rules: list[dict[str, str]]
    quotas: list[str]
    weights: dict[str, str]
    selected: list[ReportLineOut]
    not_selected: list[ReportLineOut]
    unfilled: list[str]
    mismatch_count: int
    method: str


class RunDetailOut(SelectionReportOut):
    id: int
    selected: list[StaffReportLineOut]  # type: ignore[assignment]
    not_selected: list[StaffReportLineOut]  # type: ignore[assignment]


# --- enrollments, sessions, attendance, aid -------------------------------------------------------


class EnrollmentOut(Schema):
    id: int
    business: ApplicantRef | None
    person: ApplicantRef | None
    cooperative: ApplicantRef | None
    application: int | None = Field(alias="application_id")
    selection_run: int | None = Field(alias="selection_run_id")
    status: ChoiceOut
    enrolled_on: date
    completed_on: date | None
    certificate_number: str
    note: str


class EnrollmentIn(InputSchema):
    business: Id | None = None
    person: Id | None = None
    cooperative: Id | None = None
    enrolled_on: date | None = None
    note: str | None = _text(Enrollment, "note")
    acknowledge_double_aid: bool = Field(False, description="Enroll although aided by the same kind recently.")


class EnrollmentUpdate(InputSchema):
    status: EnrollmentStatus | None = None
    completed_on: date | None = None
    certificate_number: str | None = _text(Enrollment, "certificate_number")
    note: str | None = _text(Enrollment, "note")


class SessionOut(Schema):
    id: int
    title: str
    held_on: date
    topic: str
    location: str


class SessionIn(InputSchema):
    title: str = Field(max_length=_max_length(Session, "title"))
    held_on: date
    topic: str | None = _text(Session, "topic")
    location: str | None = _text(Session, "location")


class AttendanceOut(Schema):
    enrollment: int = Field(alias="enrollment_id")
    present: bool
    substitute: str
    note: str


class AttendanceRowIn(InputSchema):
    enrollment: Id
    present: bool = True
    substitute: str | None = Field(None, max_length=150)
    note: str | None = Field(None, max_length=255)


class AttendanceIn(InputSchema):
    rows: list[AttendanceRowIn] = Field(max_length=2000)


class AidOut(Schema):
    id: int
    enrollment: int = Field(alias="enrollment_id")
    budget_line: int = Field(alias="budget_line_id")
    source: str = Field(alias="budget_line.source")
    amount: Money
    disbursed_on: date
    description: str


class AidIn(InputSchema):
    budget_line: Id
    amount: MoneyIn
    disbursed_on: date
    description: str | None = Field(None, max_length=255)


class VisitOut(Schema):
    id: int
    visited_on: date
    mentor: str
    topics: list[str]
    notes: str
    next_steps: str


class VisitIn(InputSchema):
    visited_on: date
    mentor: str = Field(max_length=150)
    topics: Topics | None = None
    notes: str | None = Field(None, max_length=10_000)
    next_steps: str | None = Field(None, max_length=10_000)


class OutcomeOut(Schema):
    id: int
    kind: ChoiceOut
    document: int | None = Field(alias="document_id")
    recorded_on: date
    answers: dict[str, Any]
    note: str


class OutcomeIn(InputSchema):
    kind: OutcomeKind
    document: Id | None = Field(None, description="For kind document: the registry document obtained.")
    recorded_on: date | None = None
    answers: dict[str, Any] | None = Field(None, description="For kind survey: the follow-up survey's answers.")
    note: str | None = Field(None, max_length=255)


# --- reports --------------------------------------------------------------------------------------


class BeneficiaryQuery(Schema):
    group_by: list[str] = Field(
        default_factory=list, max_length=len(DIMENSIONS), description="Any of: " + ", ".join(DIMENSIONS)
    )
    year_from: int | None = Field(None, ge=2000, le=2100)
    year_to: int | None = Field(None, ge=2000, le=2100)
    kind: list[ProgramKind] = Field(default_factory=list)
    source: list[FundingSource] = Field(default_factory=list)
    region: RegionPrefix = ""
    cluster: str = Field("", max_length=60)
    scale: str = Field("", max_length=20)
    target: Target | None = None
    include_dropped: bool = False


class BeneficiaryRowOut(Schema):
    keys: dict[str, Any]
    labels: dict[str, str]
    beneficiaries: int
    enrollments: int
    aid: Money


class BeneficiaryReportOut(Schema):
    group_by: list[str]
    rows: list[BeneficiaryRowOut]
    total: BeneficiaryRowOut


# --- imports --------------------------------------------------------------------------------------


class ImportRowOut(Schema):
    row: int
    status: str = Field(description="created, unchanged (already applied) or rejected.")
    application: int | None
    reasons: list[str]


class ImportOut(Schema):
    file: str
    created: int
    unchanged: int
    rejected: int
    rows: list[ImportRowOut]
