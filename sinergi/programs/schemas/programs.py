"""Programs API shapes: Programs, budgets, rules and eligibility."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.cooperatives.schemas import MoneyIn
from sinergi.programs.choices import (
    CertificationKind,
    FundingSource,
    ProgramKind,
    ProgramStatus,
    Target,
)
from sinergi.programs.models import (
    BudgetLine,
    EligibilityRule,
    Program,
    Realisation,
)
from sinergi.programs.schemas._base import Topics, _text
from sinergi.regions.api import RegionPrefix
from sinergi.registry.schemas import ChoiceOut, InputSchema, Money, RegionCode, RegionRef, _max_length

# --- programs -------------------------------------------------------------------------------------


class ProgramOut(Schema):
    id: int
    name: str
    kind: ChoiceOut
    certification: str
    fiscal_year: int
    region: RegionRef
    target: ChoiceOut
    capacity: int | None
    applications_close_on: IsoDate | None
    starts_on: IsoDate | None
    ends_on: IsoDate | None
    location: str
    description: str
    topics: list[str]
    status: ChoiceOut
    external_ref: str | None
    created_at: datetime
    updated_at: datetime


class ProgramCreate(InputSchema):
    name: str = Field(max_length=_max_length(Program, "name"))
    kind: ProgramKind
    certification: CertificationKind | None = Field(None, description="For certification help only.")
    fiscal_year: int = Field(ge=2000, le=2100)
    region: RegionCode = Field(description="The organiser's region: a province or a kabupaten/kota.")
    target: Target | None = Field(None, description="business when omitted.")
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    applications_close_on: IsoDate | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    location: str | None = _text(Program, "location")
    description: str | None = Field(None, max_length=10_000)
    topics: Topics | None = Field(None, description="What the program teaches, matched to the applicants' needs.")
    external_ref: str | None = _text(Program, "external_ref")


class ProgramUpdate(InputSchema):
    name: str | None = _text(Program, "name")
    kind: ProgramKind | None = None
    certification: CertificationKind | None = None
    fiscal_year: int | None = Field(None, ge=2000, le=2100)
    region: RegionCode | None = None
    target: Target | None = None
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    applications_close_on: IsoDate | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    location: str | None = _text(Program, "location")
    description: str | None = Field(None, max_length=10_000)
    topics: Topics | None = None
    external_ref: str | None = _text(Program, "external_ref")


class ProgramQuery(PageQuery):
    q: str = Field("", max_length=100, description="Words that must all appear in the name.")
    kind: ProgramKind | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    status: ProgramStatus | None = None
    target: Target | None = None
    region: RegionPrefix = ""


class TransitionIn(InputSchema):
    to: ProgramStatus = Field(description="draft → open → selection → running → closed, or one step back.")


# --- budget ---------------------------------------------------------------------------------------


class RealisationOut(Schema):
    id: int
    amount: Money
    spent_on: IsoDate
    description: str
    note: str
    disbursement: bool = Field(description="Made by an aid disbursement (remove that instead).")

    @staticmethod
    def resolve_disbursement(obj: Realisation) -> bool:
        return hasattr(obj, "disbursement")


class BudgetLineOut(Schema):
    id: int
    source: ChoiceOut
    amount: Money
    realised: Money
    remaining: Money
    reference: str
    note: str


class BudgetOut(Schema):
    lines: list[BudgetLineOut]
    allotted: Money
    realised: Money
    remaining: Money


class BudgetLineIn(InputSchema):
    source: FundingSource
    amount: MoneyIn
    reference: str | None = _text(BudgetLine, "reference")
    note: str | None = _text(BudgetLine, "note")


class BudgetLineUpdate(InputSchema):
    source: FundingSource | None = None
    amount: MoneyIn | None = None
    reference: str | None = _text(BudgetLine, "reference")
    note: str | None = _text(BudgetLine, "note")


class RealisationIn(InputSchema):
    amount: MoneyIn
    spent_on: IsoDate
    description: str = Field(max_length=_max_length(Realisation, "description"))
    note: str | None = _text(Realisation, "note")


# --- rules and eligibility ------------------------------------------------------------------------


class RuleOut(Schema):
    id: int
    position: int
    kind: ChoiceOut
    params: dict[str, Any]
    label: str
    description: str = Field(description="The rule in words (the label when the office gave one).")


class RuleIn(InputSchema):
    kind: str = Field(max_length=20, description="legality, scale, cluster, region, poverty, gender, age, …")
    params: dict[str, Any] = Field(default_factory=dict, description="The kind's parameters (docs/programs.md).")
    label: str | None = _text(EligibilityRule, "label")


class RulesIn(InputSchema):
    rules: list[RuleIn] = Field(max_length=50)


class RuleKeyOut(Schema):
    key: str
    kind: str
    label: str


class EligibilityCandidateOut(Schema):
    id: int
    name: str
    eligible: bool
    passed: list[str] = Field(description="Keys of the rules passed.")
    failed: list[str] = Field(description="Keys of the rules failed.")


class EligibilityOut(Schema):
    as_of: IsoDate
    candidates: int
    eligible: int
    failing: dict[str, int] | None = Field(description="Per rule key: candidates failing that rule.")
    rules: list[RuleKeyOut]
    items: list[EligibilityCandidateOut]
    next: str | None


class EligibilityQuery(Schema):
    only: bool | None = Field(None, description="true: eligible candidates only; false: ineligible only.")
    per_rule: bool = Field(False, description="Also count the failures of each rule.")
    as_of: IsoDate | None = Field(None, description="Reference day for ages and documents.")
    limit: int = Field(25, ge=1, le=200)
    cursor: str | None = Field(None, max_length=400)
