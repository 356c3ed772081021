"""Request and response shapes of the supervision API (see api.py).

As in the registry: inputs forbid unknown fields and bound every string; percentages and scores go out as
decimal strings with 2 places ("85.30"), never floats; dates are ISO 8601.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.cooperatives.schemas import Decimal2, Year
from sinergi.regions.api import RegionPrefix
from sinergi.registry.schemas import ChoiceOut, Id, InputSchema, RegionRef
from sinergi.supervision.models import FollowUp, FollowUpStatus, InspectionStatus, Severity

LONG_TEXT = 5000


class SupervisedCooperativeRef(Schema):
    id: int
    name: str
    region: RegionRef


# --- plans --------------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    title: str
    region: RegionRef
    year: int
    starts_on: IsoDate | None
    ends_on: IsoDate | None
    notes: str
    created_at: datetime
    updated_at: datetime


class PlanCreate(InputSchema):
    title: str = Field(max_length=200)
    region: RegionPrefix = Field(description="The office region the plan covers (any level), e.g. 17.08.")
    year: Year
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class PlanUpdate(InputSchema):
    title: str | None = Field(None, max_length=200)
    region: RegionPrefix | None = None
    year: Year | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class PlanQuery(PageQuery):
    year: Year | None = None


# --- inspections, findings, follow-ups ----------------------------------------------------------------


class InspectionOut(Schema):
    id: int
    cooperative: SupervisedCooperativeRef
    plan: int | None = Field(None, alias="plan_id")
    planned_on: IsoDate | None
    visited_on: IsoDate | None
    inspectors: str
    status: ChoiceOut = Field(description="planned, done (visited) or cancelled.")
    summary: str
    created_at: datetime
    updated_at: datetime


class InspectionCreate(InputSchema):
    cooperative: Id = Field(description="Id of the cooperative visited.")
    plan: Id | None = Field(None, description="Id of the inspection plan; the cooperative must lie in its region.")
    status: InspectionStatus | None = Field(None, description="planned (default), done (needs visited_on), cancelled.")
    planned_on: IsoDate | None = None
    visited_on: IsoDate | None = None
    inspectors: str | None = Field(None, max_length=255)
    summary: str | None = Field(None, max_length=LONG_TEXT)


class InspectionUpdate(InputSchema):
    plan: Id | None = None
    status: InspectionStatus | None = None
    planned_on: IsoDate | None = None
    visited_on: IsoDate | None = None
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
    due_on: IsoDate
    status: ChoiceOut = Field(description="open, in_progress or done.")
    done_on: IsoDate | None
    notes: str
    overdue: bool = Field(description="Not done and past its deadline.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_overdue(obj: FollowUp) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class FollowUpListOut(FollowUpOut):
    inspection: int
    cooperative: SupervisedCooperativeRef

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
    due_on: IsoDate
    status: FollowUpStatus | None = None
    done_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class FollowUpUpdate(InputSchema):
    action: str | None = Field(None, max_length=LONG_TEXT)
    responsible: str | None = Field(None, max_length=120)
    due_on: IsoDate | None = None
    status: FollowUpStatus | None = None
    done_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=LONG_TEXT)


class FollowUpQuery(PageQuery):
    status: FollowUpStatus | None = None
    overdue: bool | None = Field(None, description="Only those past their deadline (true) or not (false).")
    inspection: Id | None = None
    cooperative: Id | None = None


# --- risk ---------------------------------------------------------------------------------------------


class RiskOut(Schema):
    cooperative: SupervisedCooperativeRef
    score: int
    reasons: list[str]
    health_predicate: str
    health_total: Decimal2
    health_year: int | None
