"""Request and response bodies of the duplicate-review API (``api.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from sinergi.api.jobs import JobOut
from sinergi.api.pagination import PageQuery

Kind = Literal["person", "business"]


class RecordOut(Schema):
    id: int
    name: str
    village: str
    facts: dict[str, str]
    exists: bool


class CandidateOut(Schema):
    id: int
    kind: str
    status: str
    probability: float
    weight: float
    left: RecordOut
    right: RecordOut
    evidence: dict[str, Any] = Field(description="Per comparison: level, weight (log2 Bayes factor), bayes_factor.")


class CandidateQuery(PageQuery):
    kind: Kind = "person"
    status: Literal["open", "merged", "distinct", "stale"] = "open"


class MergeIn(Schema):
    keep: int = Field(description="Id of the record to keep: the pair's left or right record.")


class MergeOut(Schema):
    id: int
    kind: str
    kept: int
    merged: int
    merged_record: dict[str, Any]
    created_at: datetime
    undone_at: datetime | None


class RunIn(Schema):
    kind: Kind
    region: str = Field(max_length=13, description="Province or kabupaten/kota code, e.g. 17.08.")


class RunOut(Schema):
    id: int
    kind: str
    region: str
    threshold: float | None
    counts: dict[str, Any]
    timings: dict[str, Any]
    job: JobOut | None
