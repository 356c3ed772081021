"""Request and response shapes of the supervision and indicator API (see supervision_api.py).

As in the registry: inputs forbid unknown fields and bound every string; percentages and scores go out as
decimal strings with 2 places ("85.30"), never floats; dates are ISO 8601.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator

from sinergi.api.pagination import PageQuery
from sinergi.cooperatives.models import FollowUp, FollowUpStatus, InspectionStatus, Severity
from sinergi.regions.api import RegionPrefix
from sinergi.registry.schemas import ChoiceOut, Id, InputSchema, RegionRef

LONG_TEXT = 5000


def _two_places(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


Decimal2 = Annotated[str | None, BeforeValidator(_two_places), Field(examples=["85.30"])]
Year = Annotated[int, Field(ge=1945, le=9999)]


class CooperativeRef(Schema):
    id: int
    name: str
    region: RegionRef


# --- plans --------------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    title: str
    region: RegionRef
    year: int
    starts_on: date | None
    ends_on: date | None
    notes: str
    created_at: datetime
    updated_at: datetime


class PlanCreate(InputSchema):
    title: str = Field(max_length=200)
    region: RegionPrefix = Field(description="The office region the plan covers (any level), e.g. 17.08.")
    year: Year
    starts_on: date | None = None
    ends_on: date | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class PlanUpdate(InputSchema):
    title: str | None = Field(None, max_length=200)
    region: RegionPrefix | None = None
    year: Year | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class PlanQuery(PageQuery):
    year: Year | None = None


# --- inspections, findings, follow-ups ----------------------------------------------------------------


class InspectionOut(Schema):
    id: int
    cooperative: CooperativeRef
    plan: int | None = Field(None, alias="plan_id")
    planned_on: date | None
    visited_on: date | None
    inspectors: str
    status: ChoiceOut = Field(description="planned, done (visited) or cancelled.")
    summary: str
    created_at: datetime
    updated_at: datetime


class InspectionCreate(InputSchema):
    cooperative: Id = Field(description="Id of the cooperative visited.")
    plan: Id | None = Field(None, description="Id of the inspection plan; the cooperative must lie in its region.")
    status: InspectionStatus | None = Field(None, description="planned (default), done (needs visited_on), cancelled.")
    planned_on: date | None = None
    visited_on: date | None = None
    inspectors: str | None = Field(None, max_length=255)
    summary: str | None = Field(None, max_length=LONG_TEXT)


class InspectionUpdate(InputSchema):
    plan: Id | None = None
    status: InspectionStatus | None = None
    planned_on: date | None = None
    visited_on: date | None = None
    inspectors: str | None = Field(None, max_length=255)
    summary: str | None = Field(None, max_length=LONG_TEXT)


class InspectionQuery(PageQuery):
    cooperative: Id | None = None
    plan: Id | None = None
    status: InspectionStatus | None = None


class FollowUpOut(Schema):
    id: int
    finding: int = Field(alias="finding_id")
    action: str
    responsible: str
    due_on: date
    status: ChoiceOut = Field(description="open, in_progress or done.")
    done_on: date | None
    notes: str
    overdue: bool = Field(description="Not done and past its deadline.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_overdue(obj: FollowUp) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class FollowUpListOut(FollowUpOut):
    inspection: int
    cooperative: CooperativeRef

    @staticmethod
    def resolve_inspection(obj: FollowUp) -> int:
        return obj.finding.inspection_id

    @staticmethod
    def resolve_cooperative(obj: FollowUp) -> Any:
        return obj.finding.inspection.cooperative


class FindingOut(Schema):
    id: int
    inspection: int = Field(alias="inspection_id")
    aspect: str
    description: str
    severity: ChoiceOut
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_follow_ups(obj: Any) -> list[FollowUp]:
        return list(obj.follow_ups.all())


class FindingIn(InputSchema):
    aspect: str | None = Field(None, max_length=80)
    description: str = Field(max_length=LONG_TEXT)
    severity: Severity | None = None


class FollowUpCreate(InputSchema):
    action: str = Field(max_length=LONG_TEXT)
    responsible: str | None = Field(None, max_length=120)
    due_on: date
    status: FollowUpStatus | None = None
    done_on: date | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class FollowUpUpdate(InputSchema):
    action: str | None = Field(None, max_length=LONG_TEXT)
    responsible: str | None = Field(None, max_length=120)
    due_on: date | None = None
    status: FollowUpStatus | None = None
    done_on: date | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class FollowUpQuery(PageQuery):
    status: FollowUpStatus | None = None
    overdue: bool | None = Field(None, description="Only those past their deadline (true) or not (false).")
    inspection: Id | None = None
    cooperative: Id | None = None


# --- indicators and risk ------------------------------------------------------------------------------


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


class ActivityRuleOut(Schema):
    years: int
    mode: str = Field(description="each (a RAT for each year of the window) or any (for at least one).")
    label: str
    window: list[int]


class IndicatorsOut(Schema):
    year: int
    region: RegionRef = Field(description="The region tabled; code is empty for all of the caller's regions.")
    active_rule: ActivityRuleOut
    rule_set: str = Field(description="The health-assessment rule set whose results are counted.")
    predicates: list[PredicateOut] = Field(description="The rule set's health predicates, healthiest first.")
    rows: list[IndicatorRowOut]
    total: IndicatorRowOut


class RiskOut(Schema):
    cooperative: CooperativeRef
    score: int
    reasons: list[str]
    health_predicate: str
    health_total: Decimal2
    health_year: int | None
