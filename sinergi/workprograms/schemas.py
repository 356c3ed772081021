"""Request and response shapes of the work-program API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.registry.schemas import InputSchema
from sinergi.workprograms.models import BudgetSource, ProgramKind, ProgramStatus, WorkItem, WorkProgram

TEXT = 300


class ItemOut(Schema):
    id: int
    goal: str
    activity: str
    target_number: Decimal
    target_unit: str
    responsible_id: int | None
    budget: Decimal
    budget_source: str
    deadline: dt.date
    partners: str
    review_comment: str


class WorkProgramOut(Schema):
    id: int
    association_id: int
    association: str
    kind: str
    title: str
    period_start: dt.date
    period_end: dt.date
    status: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_note: str

    @staticmethod
    def resolve_association(obj: WorkProgram) -> str:
        return obj.association.name


class WorkProgramDetailOut(WorkProgramOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: WorkProgram) -> list[WorkItem]:
        return list(obj.items.order_by("deadline", "id"))


class WorkProgramQuery(PageQuery):
    kind: ProgramKind | None = None
    status: ProgramStatus | None = None
    association: int | None = Field(None, ge=1, le=2**63 - 1)


class ProgramIn(InputSchema):
    association_id: int = Field(ge=1, le=2**63 - 1)
    kind: ProgramKind
    title: str = Field("", max_length=200)
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class ItemIn(InputSchema):
    goal: str = Field(max_length=TEXT)
    activity: str = Field(max_length=TEXT)
    target_number: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    target_unit: str = Field(max_length=40)
    responsible_id: int | None = Field(None, ge=1, le=2**63 - 1)
    budget: Decimal = Field(Decimal("0"), ge=0, max_digits=16, decimal_places=2)
    budget_source: BudgetSource = BudgetSource.NONE
    deadline: dt.date
    partners: str = Field("", max_length=TEXT)


class ReviewIn(InputSchema):
    decision: str = Field(pattern="^(approve|return)$", description="`approve`, or `return` with comments.")
    comments: dict[int, str] = Field(default_factory=dict, description="Item id → the office's comment.")
    note: str = Field("", max_length=2000)


class StepIn(InputSchema):
    step: str = Field(pattern="^(submit|start|report|close)$")


class StandingOut(Schema):
    association_id: int
    association: str
    region_code: str
    inaugurated_on: dt.date | None
    due_on: dt.date | None
    state: str = Field(description="no_date, not_due, overdue, on_time or late")
    days_late: int
    program_id: int | None
    program_status: str | None


class ScorecardOut(Schema):
    program_id: int
    items: int
    on_time: int
    late: int
    not_done: int
    open: int
    on_time_percent: int | None


class WorkEvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class WorkProgressOut(Schema):
    id: int
    item_id: int
    reported_on: dt.date
    achieved: Decimal
    narrative: str
    evidence: list[WorkEvidenceOut]

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())
