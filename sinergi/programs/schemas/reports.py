"""Programs API shapes: The beneficiaries report and the applicant imports."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from sinergi.programs.choices import (
    FundingSource,
    ProgramKind,
    Target,
)
from sinergi.programs.reports import DIMENSIONS
from sinergi.regions.api import RegionPrefix
from sinergi.registry.schemas import Money

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


class ApplicationImportOut(Schema):
    file: str
    created: int
    unchanged: int
    rejected: int
    rows: list[ImportRowOut]
