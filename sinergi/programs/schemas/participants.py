"""Programs API shapes: applications, selection runs and their reports, enrollments, sessions, attendance,
aid, visits and outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.cooperatives.schemas import MoneyIn
from sinergi.programs.choices import (
    ApplicationStatus,
    EnrollmentStatus,
    OutcomeKind,
)
from sinergi.programs.models import (
    Application,
    Enrollment,
    Session,
)
from sinergi.programs.schemas._base import Topics, _text
from sinergi.programs.schemas.programs import RuleKeyOut
from sinergi.registry.schemas import ChoiceOut, Id, InputSchema, Money, _max_length

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
    as_of: IsoDate | None = None


class SelectionRunOut(Schema):
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
    enrolled_on: IsoDate
    completed_on: IsoDate | None
    certificate_number: str
    note: str


class EnrollmentIn(InputSchema):
    business: Id | None = None
    person: Id | None = None
    cooperative: Id | None = None
    enrolled_on: IsoDate | None = None
    note: str | None = _text(Enrollment, "note")
    acknowledge_double_aid: bool = Field(False, description="Enroll although aided by the same kind recently.")


class EnrollmentUpdate(InputSchema):
    status: EnrollmentStatus | None = None
    completed_on: IsoDate | None = None
    certificate_number: str | None = _text(Enrollment, "certificate_number")
    note: str | None = _text(Enrollment, "note")


class SessionOut(Schema):
    id: int
    title: str
    held_on: IsoDate
    topic: str
    location: str


class SessionIn(InputSchema):
    title: str = Field(max_length=_max_length(Session, "title"))
    held_on: IsoDate
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
    disbursed_on: IsoDate
    description: str


class AidIn(InputSchema):
    budget_line: Id
    amount: MoneyIn
    disbursed_on: IsoDate
    description: str | None = Field(None, max_length=255)


class VisitOut(Schema):
    id: int
    visited_on: IsoDate
    mentor: str
    topics: list[str]
    notes: str
    next_steps: str


class VisitIn(InputSchema):
    visited_on: IsoDate
    mentor: str = Field(max_length=150)
    topics: Topics | None = None
    notes: str | None = Field(None, max_length=10_000)
    next_steps: str | None = Field(None, max_length=10_000)


class OutcomeOut(Schema):
    id: int
    kind: ChoiceOut
    document: int | None = Field(alias="document_id")
    recorded_on: IsoDate
    answers: dict[str, Any]
    note: str


class OutcomeIn(InputSchema):
    kind: OutcomeKind
    document: Id | None = Field(None, description="For kind document: the registry document obtained.")
    recorded_on: IsoDate | None = None
    answers: dict[str, Any] | None = Field(None, description="For kind survey: the follow-up survey's answers.")
    note: str | None = Field(None, max_length=255)
