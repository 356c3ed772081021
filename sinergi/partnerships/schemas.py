"""Request and response shapes of the partnerships API (see api.py). Money goes out as a decimal string with 2
places; names are prefixed "Partnership…" / "Partner…" so no two apps' schemas share a component name."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.registry.schemas import InputSchema, RegionRef


class PartnerRef(Schema):
    id: int
    name: str


class PartnerAssociationRef(Schema):
    id: int
    name: str


class PartnerOut(Schema):
    id: int
    office: RegionRef
    kind: str = Field(description="association, retailer, exporter, state_enterprise, ngo or university.")
    kind_label: str
    name: str
    association: PartnerAssociationRef | None
    contact: str
    website: str
    description: str


class PartnerCreate(InputSchema):
    office: str = Field(max_length=13, description="The office's region code (a province or a kabupaten/kota).")
    kind: str = Field(max_length=20)
    name: str = Field(max_length=200)
    association: int | None = Field(None, ge=1, description="The registry's association, for an association.")
    contact: str | None = Field(None, max_length=200)
    website: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)


class PartnerQuery(PageQuery):
    q: str | None = Field(None, max_length=100)
    kind: str | None = Field(None, max_length=20)


class PartnerNeedOut(Schema):
    id: int
    partner: PartnerRef
    direction: str = Field(description="seeks or offers.")
    topic: str = Field(description="products, training, mentoring, financing or research.")
    title: str
    description: str
    cluster: str | None = Field(description="The cluster's code (slug) asked, if any.")
    volume: str | None
    volume_unit: str
    region: RegionRef | None
    required_documents: list[str]
    min_workforce: int | None
    is_open: bool


class PartnerNeedCreate(InputSchema):
    direction: str = Field(max_length=6)
    topic: str = Field(max_length=10)
    title: str = Field(max_length=200)
    description: str | None = Field(None, max_length=5000)
    cluster: int | None = Field(None, ge=1, description="A cluster's id (the product category).")
    volume: str | None = Field(None, max_length=30)
    volume_unit: str | None = Field(None, max_length=30)
    region: str | None = Field(None, max_length=13, description="A region code inside the partner's office.")
    required_documents: list[str] = Field(default_factory=list, max_length=5)
    min_workforce: int | None = Field(None, ge=1, le=1_000_000)


class PartnerMatchComponentOut(Schema):
    key: str = Field(description="cluster, products, document:<kind>, capacity, region or membership.")
    points: int
    most: int
    met: bool
    text: str


class PartnerMatchBusinessRef(Schema):
    id: int
    name: str


class PartnerBusinessMatchOut(Schema):
    business: PartnerMatchBusinessRef
    score: int
    most: int
    components: list[PartnerMatchComponentOut]


class PartnerNeedMatchOut(Schema):
    need: PartnerNeedOut
    score: int
    most: int
    components: list[PartnerMatchComponentOut]


class PartnershipBusinessOut(Schema):
    id: int
    name: str
    role: str


class PartnershipOut(Schema):
    id: int
    office: RegionRef
    partner: PartnerRef
    need: int | None
    kind: str = Field(description="mou or agreement.")
    title: str
    number: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    value: str | None = Field(examples=["75000000.00"])
    status: str = Field(description="proposed, agreed, running or ended.")
    status_label: str
    businesses: list[PartnershipBusinessOut]
    volume_supplied: str | None
    volume_unit: str
    outcome_notes: str


class PartnershipCreate(InputSchema):
    partner: int = Field(ge=1)
    need: int | None = Field(None, ge=1)
    kind: str | None = Field(None, max_length=10)
    title: str = Field(max_length=200)
    number: str | None = Field(None, max_length=100)
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    value: str | None = Field(None, max_length=40, description='Rupiah as written: "75000000", "Rp 75 jt".')
    description: str | None = Field(None, max_length=5000)


class PartnershipStatusIn(InputSchema):
    to: str = Field(max_length=10, description="The next status: agreed, running or ended.")


class PartnershipQuery(PageQuery):
    q: str | None = Field(None, max_length=100)
    status: str | None = Field(None, max_length=10)
