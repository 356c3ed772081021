"""Request and response shapes of the empowerment API (see api.py). Deciles and household keys are P3KE data: the
endpoints answer them only to the office's staff of the region, and each answer that holds them is logged."""

from __future__ import annotations

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.registry.schemas import InputSchema


class EmpowermentRef(Schema):
    id: int
    name: str


class EmpowermentRegionRef(Schema):
    code: str
    name: str


class EmpowermentPotentialOut(Schema):
    id: int
    desa: EmpowermentRegionRef
    sector: str = Field(description="perikanan, pertanian, peternakan, pariwisata, kerajinan, pangan, …")
    sector_label: str
    rank: int
    source: str
    note: str


class EmpowermentPotentialQuery(PageQuery):
    region: str | None = Field(None, max_length=13, pattern=r"^[\d.]+$", description="A region code (prefix).")
    sector: str | None = Field(None, max_length=12)


class EmpowermentPotentialIn(InputSchema):
    desa: str = Field(max_length=13, examples=["81.02.01.2048"])
    sector: str = Field(max_length=12, examples=["perikanan"])
    rank: int = Field(1, ge=1, le=20)
    source: str = Field("profile", max_length=10, description="profile, survey or other")
    note: str = Field("", max_length=300)


class EmpowermentPersonRef(Schema):
    id: int
    name: str


class EmpowermentHouseholdOut(Schema):
    household: str = Field(description="The P3KE family ID.")
    desa: EmpowermentRegionRef
    decile: int
    persons: list[EmpowermentPersonRef]


class EmpowermentCandidateQuery(Schema):
    region: str | None = Field(
        None,
        max_length=13,
        pattern=r"^[\d.]+$",
        description="A desa, kecamatan or kabupaten code; empty: the caller's first region.",
    )
    max_decile: int | None = Field(None, ge=1, le=10, description="Empty: the office's setting.")


class EmpowermentCandidatesOut(Schema):
    region: str
    households: int = Field(description="Candidate households, each counted once.")
    persons: int
    items: list[EmpowermentHouseholdOut] = Field(description="At most 1000 households, the poorest first.")


class EmpowermentGroupOut(Schema):
    id: int
    name: str
    desa: EmpowermentRegionRef
    sector: str
    status: str = Field(description="draft, active or dissolved")
    households: int
    confirmed_on: IsoDate | None
    became: str = Field(description="'', association or pre_coop")


class EmpowermentGroupQuery(PageQuery):
    q: str | None = Field(None, max_length=100)
    sector: str | None = Field(None, max_length=12)
    status: str | None = Field(None, max_length=10)
    region: str | None = Field(None, max_length=13, pattern=r"^[\d.]+$")


class EmpowermentMemberOut(Schema):
    id: int
    person: EmpowermentPersonRef
    household: str
    decile: int | None
    is_leader: bool
    reason: str
    business: EmpowermentRef | None


class EmpowermentGroupDetailOut(EmpowermentGroupOut):
    members: list[EmpowermentMemberOut]


class EmpowermentDraftIn(InputSchema):
    desa: str = Field(max_length=13, examples=["81.02.01.2052"])
    sector: str = Field("", max_length=12, description="Empty: every sector of the desa's potential.")


class EmpowermentDraftOut(Schema):
    groups: list[EmpowermentGroupOut]
    placed: int
    left_out: int


class EmpowermentMoveIn(InputSchema):
    to: int = Field(ge=1, description="The draft group of the same desa the household moves to.")


class EmpowermentVisitIn(InputSchema):
    visited_on: IsoDate
    note: str = Field("", max_length=2000)
    incomes: dict[str, str] = Field(
        default_factory=dict, description="Household key → income band (none, lt500, lt1m, lt2m, ge2m)."
    )
    started: dict[str, int] = Field(
        default_factory=dict, description="Household key → the id of the registry business it started."
    )


class EmpowermentVisitOut(Schema):
    id: int
    visited_on: IsoDate
    note: str
    incomes: dict[str, str]


class EmpowermentEnrollIn(InputSchema):
    program: int = Field(ge=1)
    acknowledge_double_aid: bool = False


class EmpowermentEnrollmentOut(Schema):
    household: str
    person: str
    status: str = Field(description="enrolled or skipped")
    reason: str


class EmpowermentFiguresQuery(Schema):
    office: str | None = Field(
        None, max_length=5, pattern=r"^\d{2}\.\d{2}$", examples=["81.02"], description="Empty: the caller's first."
    )


class EmpowermentCount(Schema):
    key: str
    label: str
    households: int


class EmpowermentMovementOut(Schema):
    households: int
    left_poorest: int = Field(description="Were in deciles 1–2, above 2 on the later list.")
    up: int
    same: int
    down: int
    missing: int


class EmpowermentFiguresOut(Schema):
    office: str
    by_sector: list[EmpowermentCount]
    by_desa: list[EmpowermentCount]
    decile_one: int
    decile_one_grouped: int
    after_one_year: EmpowermentMovementOut | None
    after_two_years: EmpowermentMovementOut | None
