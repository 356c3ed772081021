"""Request and response shapes of the personal-data API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.privacy.models import AccessRecord, CorrectionStatus, Purpose


class AccessOut(Schema):
    id: int
    time: dt.datetime
    actor: str | None
    person_id: int
    region_code: str
    fields: list[str]
    purpose: str
    path: str
    request_id: str

    @staticmethod
    def resolve_actor(obj: AccessRecord) -> str | None:
        return obj.actor.username if obj.actor else None

    @staticmethod
    def resolve_fields(obj: AccessRecord) -> list[str]:
        return obj.field_list


class AccessQuery(PageQuery):
    person: int | None = Field(None, ge=1, le=2**63 - 1)
    actor: str = Field("", max_length=150, description="User name, exactly.")
    purpose: Purpose | None = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None


class CorrectionOut(Schema):
    id: int
    person_id: int
    received_on: IsoDate
    channel: str
    details: str
    status: str
    outcome: str
    closed_at: dt.datetime | None
    created_at: dt.datetime


class CorrectionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    details: str = Field(min_length=1, max_length=2000)
    received_on: IsoDate | None = None
    channel: str = Field("", max_length=40)


class CorrectionStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: CorrectionStatus
    outcome: str = Field("", max_length=2000, description="Required when refusing: the reason.")


class ErasureIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000, description="The request's basis; not the person's data.")


class ErasureOut(Schema):
    id: int
    person_id: int
    time: dt.datetime
    pseudonym: str
    cleared: list[str]
    removed: dict[str, int]
    kept: dict[str, int]


class PersonalDataOut(Schema):
    generated_at: str
    person: dict[str, Any]
    related: dict[str, list[dict[str, Any]]]
    correction_requests: list[dict[str, Any]]
    change_log: list[dict[str, Any]]
    access_log: list[dict[str, Any]]
    erasures: list[dict[str, Any]]
