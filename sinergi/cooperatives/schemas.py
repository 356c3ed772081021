"""Request and response shapes of the cooperative API: the register, officers, members, annual reports,
health assessments and the indicators. Over 400 lines because the annual report alone has some fifty
figures; the natural split (one module per section below) waits until the API becomes a package.

As in the registry API, inputs forbid unknown fields and bound every string by its column, and money goes
in and out as decimal strings ("1500000.50"). Money sent as a JSON number with a fraction is refused: a
JSON parser reads it as a binary float, which can silently change the cents of a large amount.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.activity import Activity
from sinergi.cooperatives.health import RULE_SETS
from sinergi.cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeKind,
    CooperativeStatus,
    CooperativeTier,
    HealthAssessment,
    OfficerBody,
)
from sinergi.cooperatives.services.assessments import result_explained
from sinergi.regions.api import RegionPrefix
from sinergi.registry.schemas import (
    ChoiceOut,
    Id,
    InputSchema,
    Money,
    PersonRef,
    RegionCode,
    RegionRef,
    _decimal_text,
    _max_length,
)

# Set by the list endpoint on each row of a page (computed for the whole page in one query).
ACTIVITY_ATTR = "page_activity"

Score = Annotated[str | None, _decimal_text(2), Field(examples=["72.50"])]
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise PydanticCustomError(
            "money_float", _("Send the amount as a decimal string, e.g. “1500000.50”, not as a JSON number.")
        )
    return value


MoneyIn = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(max_digits=18, decimal_places=2, examples=["1500000.00"], description="Rupiah, as a decimal string."),
]


class CooperativeRef(Schema):
    id: int
    name: str


# --- activity -------------------------------------------------------------------------------------


class ActivityRuleOut(Schema):
    years: int
    mode: str = Field(description="each: a RAT for every year of the window; any: for at least one.")
    label: str


class ActivityOut(Schema):
    active: bool
    reason: str
    window: list[int] = Field(description="The fiscal years looked at, oldest first.")
    held: list[int] = Field(description="Years of the window with a RAT held.")
    missing: list[int] = Field(description="Years of the window without one.")
    rule: ActivityRuleOut


def activity_out(activity: Activity) -> ActivityOut:
    rule = activity.rule
    return ActivityOut(
        active=activity.active,
        reason=activity.reason,
        window=list(activity.window),
        held=list(activity.held),
        missing=list(activity.missing),
        rule=ActivityRuleOut(years=rule.years, mode=rule.mode, label=rule.label()),
    )


# --- cooperatives ---------------------------------------------------------------------------------


class CooperativeOut(Schema):
    id: int
    name: str
    nik_koperasi: str | None
    legal_entity_number: str
    legal_entity_date: IsoDate | None
    amendment_number: str
    amendment_date: IsoDate | None
    kind: ChoiceOut
    tier: ChoiceOut
    business_lines: str
    region: RegionRef
    address: str
    phone: str
    email: str
    npwp: str
    status: ChoiceOut
    health_year: int | None = Field(description="Fiscal year of the newest scored assessment.")
    health_total: Score
    health_predicate: str
    activity: ActivityOut
    external_ref: str | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_activity(obj: Cooperative) -> ActivityOut:
        activity = getattr(obj, ACTIVITY_ATTR, None)
        if not isinstance(activity, Activity):
            activity = selectors.cooperative_activity(cooperative=obj)
        return activity_out(activity)


def _text(model: type[Any], field: str, **extra: Any) -> Any:
    return Field(None, max_length=_max_length(model, field), **extra)


class CooperativeCreate(InputSchema):
    name: str = Field(max_length=_max_length(Cooperative, "name"))
    nik_koperasi: str | None = Field(None, max_length=32, description="Digits; spaces, dots and dashes are ignored.")
    legal_entity_number: str | None = _text(Cooperative, "legal_entity_number")
    legal_entity_date: IsoDate | None = None
    amendment_number: str | None = _text(Cooperative, "amendment_number")
    amendment_date: IsoDate | None = None
    kind: CooperativeKind
    tier: CooperativeTier | None = Field(None, description="primer when omitted.")
    business_lines: str | None = _text(Cooperative, "business_lines")
    region: RegionCode = Field(description="Code of the region: the kabupaten/kota, or a kecamatan or desa in it.")
    address: str | None = _text(Cooperative, "address")
    phone: str | None = Field(None, max_length=32)
    email: str | None = _text(Cooperative, "email")
    npwp: str | None = Field(None, max_length=32)
    status: CooperativeStatus | None = Field(None, description="operating when omitted.")
    external_ref: str | None = _text(Cooperative, "external_ref")


class CooperativeUpdate(InputSchema):
    name: str | None = _text(Cooperative, "name")
    nik_koperasi: str | None = Field(None, max_length=32)
    legal_entity_number: str | None = _text(Cooperative, "legal_entity_number")
    legal_entity_date: IsoDate | None = None
    amendment_number: str | None = _text(Cooperative, "amendment_number")
    amendment_date: IsoDate | None = None
    kind: CooperativeKind | None = None
    tier: CooperativeTier | None = None
    business_lines: str | None = _text(Cooperative, "business_lines")
    region: RegionCode | None = None
    address: str | None = _text(Cooperative, "address")
    phone: str | None = Field(None, max_length=32)
    email: str | None = _text(Cooperative, "email")
    npwp: str | None = Field(None, max_length=32)
    status: CooperativeStatus | None = None
    external_ref: str | None = _text(Cooperative, "external_ref")


class CooperativeQuery(PageQuery):
    q: str = Field("", max_length=100, description="Words that must all appear in the name, or a NIK koperasi start.")
    region: RegionPrefix = ""
    kind: CooperativeKind | None = None
    predicate: str = Field("", max_length=30, description="Health predicate code, e.g. CUKUP_SEHAT.")
    status: CooperativeStatus | None = None


# --- officers and members -------------------------------------------------------------------------


class OfficerOut(Schema):
    id: int
    person: PersonRef
    body: ChoiceOut
    role: str
    term_start: IsoDate | None
    term_end: IsoDate | None


class OfficerIn(InputSchema):
    person: Id = Field(description="Id of the person (see /persons).")
    body: OfficerBody
    role: str = Field(max_length=80, examples=["Ketua"])
    term_start: IsoDate | None = None
    term_end: IsoDate | None = None


class CooperativeMemberOut(Schema):
    id: int
    person: PersonRef
    member_number: str
    joined_on: IsoDate | None
    left_on: IsoDate | None


class CooperativeMemberIn(InputSchema):
    person: Id = Field(description="Id of the person (see /persons).")
    member_number: str | None = Field(None, max_length=40)
    joined_on: IsoDate | None = None
    left_on: IsoDate | None = None


# --- health assessments ---------------------------------------------------------------------------


class ProblemOut(Schema):
    component: str
    name: str
    figure: str
    kind: str = Field(description="missing, invalid, zero, negative or answers.")
    message: str


class ComponentOut(Schema):
    code: str
    name: str
    formula: str
    value: str
    unit: str
    band: str | None = Field(description="The band the value fell in, in interval notation.")
    score: str
    weight: str
    contribution: str
    evidence: str


class AspectOut(Schema):
    code: str
    name: str
    weight: str
    subtotal: str
    percent: str
    predicate: str
    predicate_label: str
    components: list[ComponentOut]


def _problems(obj: HealthAssessment) -> list[dict[str, str]]:
    return [{**p, "message": services.problem_message(p)} for p in obj.problems]


class AssessmentSummaryOut(Schema):
    id: int
    fiscal_year: int
    rule_set_version: str
    total: Score = Field(description="Null when the report could not be scored; see problems.")
    predicate: str
    predicate_label: str
    problems: list[ProblemOut]
    assessed_at: datetime

    @staticmethod
    def resolve_predicate_label(obj: HealthAssessment) -> str:
        return str(result_explained(assessment_result=obj.result or {}).get("predicate_label", ""))

    @staticmethod
    def resolve_problems(obj: HealthAssessment) -> list[dict[str, str]]:
        return _problems(obj)


class AssessmentOut(AssessmentSummaryOut):
    """The stored result, line by line, as it was computed."""

    cooperative: CooperativeRef
    report_id: int
    rule_set_title: str
    aspects: list[AspectOut]
    assessed_by: str | None

    @staticmethod
    def resolve_rule_set_title(obj: HealthAssessment) -> str:
        known = RULE_SETS.get(obj.rule_set_version)
        explained = result_explained(assessment_result=obj.result or {})
        return str(explained.get("rule_set_title") or (known.title if known else ""))

    @staticmethod
    def resolve_aspects(obj: HealthAssessment) -> list[dict[str, Any]]:
        return list(result_explained(assessment_result=obj.result or {}).get("aspects", []))

    @staticmethod
    def resolve_assessed_by(obj: HealthAssessment) -> str | None:
        return obj.assessed_by.username if obj.assessed_by else None


class AssessQuery(Schema):
    rule_set: str | None = Field(None, max_length=40, description="Rule set version; the office's when omitted.")


# --- annual reports -------------------------------------------------------------------------------


class ReportIn(InputSchema):
    """An annual report. PUT sends the whole report (fields left out are cleared); PATCH only what changes."""

    rat_held: bool | None = None
    rat_date: IsoDate | None = None
    rat_attendance: Count | None = None
    members_end: Count | None = None
    members_male: Count | None = None
    members_female: Count | None = None
    staff: Count | None = None
    total_assets: MoneyIn | None = None
    current_assets: MoneyIn | None = None
    cash: MoneyIn | None = None
    bank: MoneyIn | None = None
    current_liabilities: MoneyIn | None = None
    long_term_liabilities: MoneyIn | None = None
    equity: MoneyIn | None = None
    own_capital: MoneyIn | None = None
    weighted_capital: MoneyIn | None = None
    risk_weighted_assets: MoneyIn | None = None
    funds_received: MoneyIn | None = None
    principal_savings: MoneyIn | None = None
    mandatory_savings: MoneyIn | None = None
    voluntary_savings: MoneyIn | None = None
    members_with_voluntary_savings: Count | None = None
    loan_volume: MoneyIn | None = None
    member_loan_volume: MoneyIn | None = None
    loans_outstanding: MoneyIn | None = None
    current_loans: MoneyIn | None = None
    substandard_loans: MoneyIn | None = None
    doubtful_loans: MoneyIn | None = None
    loss_loans: MoneyIn | None = None
    risky_loans: MoneyIn | None = None
    risk_reserve: MoneyIn | None = None
    gross_participation: MoneyIn | None = None
    net_participation: MoneyIn | None = None
    non_member_income: MoneyIn | None = None
    cost_of_services: MoneyIn | None = None
    operating_expenses: MoneyIn | None = None
    cooperative_expenses: MoneyIn | None = None
    staff_costs: MoneyIn | None = None
    shu_gross: MoneyIn | None = None
    shu_before_tax: MoneyIn | None = None
    shu: MoneyIn | None = None
    shu_members_share: MoneyIn | None = None
    member_economic_benefit: MoneyIn | None = None
    management_answers: dict[str, list[bool]] | None = Field(
        None,
        description="Management questionnaires, yes (true) or no per question: general (12), institutional (6), "
        "capital (5), assets (10), liquidity (5).",
    )
    external_ref: str | None = _text(AnnualReport, "external_ref")


class ReportOut(Schema):
    id: int
    cooperative_id: int
    fiscal_year: int
    rat_held: bool
    rat_date: IsoDate | None
    rat_attendance: int | None
    members_end: int | None
    members_male: int | None
    members_female: int | None
    staff: int | None
    total_assets: Money
    current_assets: Money
    cash: Money
    bank: Money
    current_liabilities: Money
    long_term_liabilities: Money
    equity: Money
    own_capital: Money
    weighted_capital: Money
    risk_weighted_assets: Money
    funds_received: Money
    principal_savings: Money
    mandatory_savings: Money
    voluntary_savings: Money
    members_with_voluntary_savings: int | None
    loan_volume: Money
    member_loan_volume: Money
    loans_outstanding: Money
    current_loans: Money
    substandard_loans: Money
    doubtful_loans: Money
    loss_loans: Money
    risky_loans: Money
    risk_reserve: Money
    gross_participation: Money
    net_participation: Money
    non_member_income: Money
    cost_of_services: Money
    operating_expenses: Money
    cooperative_expenses: Money
    staff_costs: Money
    shu_gross: Money
    shu_before_tax: Money
    shu: Money
    shu_members_share: Money
    member_economic_benefit: Money
    management_answers: dict[str, list[bool]]
    external_ref: str | None
    assessments: list[AssessmentSummaryOut] = Field(description="The report's score under each rule set applied.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_assessments(obj: AnnualReport) -> list[HealthAssessment]:
        # Prefetched by the endpoints; the report is already in the caller's scope, so its assessments are too.
        return list(obj.assessments.all())


# --- indicators ------------------------------------------------------------------------------------


def _two_places(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


Decimal2 = Annotated[str | None, BeforeValidator(_two_places), Field(examples=["85.30"])]
Year = Annotated[int, Field(ge=1945, le=9999)]


class IndicatorQuery(Schema):
    year: Year | None = Field(None, description="Fiscal year; the newest year whose RAT is due when omitted.")
    region: RegionPrefix = Field("", description="Region code; the caller's regions when omitted.")


class PredicateOut(Schema):
    code: str
    label: str


class PredicateCountOut(Schema):
    code: str
    label: str
    count: int
    pct: Decimal2 = Field(description="Share of the cooperatives assessed, %.")


class IndicatorRowOut(Schema):
    code: str
    name: str
    cooperatives: int = Field(description="Registered and not dissolved.")
    active: int
    active_pct: Decimal2
    reports: int = Field(description="Annual reports of the fiscal year.")
    assessed: int
    health: list[PredicateCountOut]
    members_end: int
    savings_participation_pct: Decimal2 = Field(description="Members with voluntary savings / members, %.")
    outside_capital_pct: Decimal2 = Field(description="(Current + long-term liabilities) / total assets, %.")


class IndicatorRuleOut(Schema):
    years: int
    mode: str = Field(description="each (a RAT for each year of the window) or any (for at least one).")
    label: str
    window: list[int]


class IndicatorsOut(Schema):
    year: int
    region: RegionRef = Field(description="The region tabled; code is empty for all of the caller's regions.")
    active_rule: IndicatorRuleOut
    rule_set: str = Field(description="The health-assessment rule set whose results are counted.")
    predicates: list[PredicateOut] = Field(description="The rule set's health predicates, healthiest first.")
    rows: list[IndicatorRowOut]
    total: IndicatorRowOut
