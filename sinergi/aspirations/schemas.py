"""Request and response shapes of the aspirations API (see api.py). The public shapes list every field they
show: a field added to the model never reaches the public by itself."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.aspirations.models import Category, Channel, Confidentiality, ForumKind, Status, Who
from sinergi.aspirations.services import NAME_MAX, NOTE_MAX, TEXT_MAX
from sinergi.registry.schemas import Id, InputSchema, RegionCode


class ForumOut(Schema):
    id: int
    office: str = Field(alias="office_id")
    kind: str
    title: str
    held_on: date
    place: str | None = Field(None, alias="place_id")
    location: str
    officials: str


class ForumIn(InputSchema):
    office: RegionCode
    kind: Literal[tuple(ForumKind.values)]  # type: ignore[valid-type]
    title: str = Field(max_length=200)
    held_on: date
    place: RegionCode | None = None
    location: str = Field("", max_length=200)
    officials: str = Field("", max_length=NOTE_MAX)
    notes: str = Field("", max_length=NOTE_MAX)


class AspirationOut(Schema):
    """An aspiration as office staff read it; phone and email masked unless the caller may see them."""

    id: int
    code: str
    office: str
    forum: int | None
    who: str
    business: int | None
    person: int | None
    name: str
    phone: str
    email: str
    text: str
    category: str
    desa: str | None
    channel: str
    heard_at: datetime
    created_at: datetime
    confidentiality: str
    status: str
    outcome: str
    outcome_note: str
    merged_into: int | None
    assignee: int | None
    verify_due: datetime
    plan_due: datetime
    answer: str
    answered_at: datetime | None
    closed_at: datetime | None
    application: int | None
    inspection: int | None
    overdue: bool


class AspirationIn(InputSchema):
    office: RegionCode
    text: str = Field(max_length=TEXT_MAX)
    category: Literal[tuple(Category.values)] = Category.OTHER  # type: ignore[valid-type]
    channel: Literal[tuple(Channel.values)] = Channel.FORUM  # type: ignore[valid-type]
    confidentiality: Literal[tuple(Confidentiality.values)] = Confidentiality.SECRET  # type: ignore[valid-type]
    who: Literal[tuple(Who.values)] | None = None  # type: ignore[valid-type]
    forum: Id | None = None
    business: Id | None = None
    person: Id | None = None
    name: str = Field("", max_length=NAME_MAX)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    desa: RegionCode | None = None
    heard_at: datetime | None = None
    external_ref: str = Field("", max_length=100)


class ActionIn(InputSchema):
    action: Literal["assign", "plan", "answer", "close", "refer", "unresolved", "merge", "reopen"]
    text: str = Field("", max_length=NOTE_MAX, description="The plan, answer, where referred, why, or reason.")
    officer: Id | None = Field(None, description="For assign: the officer's user id.")
    unit: str = Field("", max_length=120)
    into: str = Field("", max_length=32, description="For merge: the code of the aspiration it duplicates.")


class AspirationQuery(PageQuery):
    status: Literal[tuple(Status.values)] | None = None  # type: ignore[valid-type]
    category: Literal[tuple(Category.values)] | None = None  # type: ignore[valid-type]
    forum: Id | None = None
    overdue: bool | None = None
    mine: bool = False


class Count(Schema):
    label: str
    count: int


class OldestOut(Schema):
    id: int
    code: str
    heard_at: str
    status: str


class FiguresOut(Schema):
    total: int
    open: int
    overdue: int
    by_forum: list[Count]
    by_category: list[Count]
    by_kecamatan: list[Count]
    by_status: list[Count]
    answered: int
    answered_on_time: int
    on_time_share: float | None
    median_days_to_answer: float | None
    oldest_open: list[OldestOut]


class PublicStatusOut(Schema):
    """Everything anyone with the code may read (empty texts for a secret aspiration)."""

    code: str
    status: str
    status_label: str
    outcome_label: str
    heard_on: date
    answered_on: date | None
    closed_on: date | None
    secret: bool
    text: str
    category: str
    answer: str
    name: str
    where_referred: str
    merged_into: str


class PublishedOut(Schema):
    code: str
    category: str
    text: str
    answer: str
    answered_on: date | None
    name: str


class PublicForumOut(Schema):
    title: str
    kind: str
    held_on: date
    place: str
    total: int
    by_category: list[Count]
    by_status: list[Count]
    answered: int
    answered_on_time: int
    on_time_percent: int | None
    published: list[PublishedOut]


class DeadlineRuleIn(InputSchema):
    verify_days: int = Field(ge=1, le=60)
    plan_days: int = Field(ge=1, le=60)
    close_days: int = Field(ge=1, le=60)
    reopen_days: int = Field(ge=1, le=60)


class DeadlineRuleOut(Schema):
    office: str
    category: str
    verify_days: int
    plan_days: int
    close_days: int
    reopen_days: int
