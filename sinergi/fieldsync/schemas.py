"""Schemas of the field-sync API (names start with ``Field`` to stay unique across the API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

MAX_BATCH = 500

FieldModel = Literal["person", "business", "aspiration"]


class FieldOperationIn(Schema):
    seq: int = Field(ge=1, le=2**62, description="The device's sequence number of this operation, from 1, no gaps.")
    op_id: UUID = Field(description="A UUID the device gives the operation.")
    kind: Literal["create", "update", "delete"]
    model: FieldModel
    record: UUID = Field(description="The record's UUID (for a record created on the device, the device's own).")
    base: dict[str, Any] = Field(
        default_factory=dict, description="The values of the changed fields as the device last saw them."
    )
    changes: dict[str, Any] = Field(default_factory=dict, description="The new values (references as UUIDs).")
    made_at: datetime | None = Field(default=None, description="When the change was made on the device.")


class FieldBatchIn(Schema):
    device_id: UUID
    operations: list[FieldOperationIn] = Field(max_length=MAX_BATCH)


class FieldAckOut(Schema):
    seq: int
    op_id: UUID
    status: Literal["applied", "refused", "conflict", "waiting"]
    reason: str = ""
    repeated: bool = Field(description="True when this operation had been received before (answered as then).")


class FieldBatchOut(Schema):
    batch: int
    acks: list[FieldAckOut]


class FieldRecordOut(Schema):
    model: FieldModel
    uuid: UUID
    fields: dict[str, Any]


class FieldTombstoneOut(Schema):
    model: FieldModel
    uuid: UUID
    deleted: bool = Field(description="True: deleted on the server; false: moved out of the caller's regions.")


class FieldChangesOut(Schema):
    records: list[FieldRecordOut]
    tombstones: list[FieldTombstoneOut]
    next: int = Field(description="Pass as `since` for the following page.")
    more: bool


class FieldCheckoutOut(Schema):
    records: list[FieldRecordOut]
    next: int | None = Field(description="Pass as `after` for the following chunk; null when this was the last.")
    cursor: int = Field(description="The change-log position now: start pulling from here once the copy is done.")


class FieldReferenceOut(Schema):
    username: str
    role: str
    regions: list[str]
    region_data: list[dict[str, Any]]
    clusters: list[dict[str, Any]]
