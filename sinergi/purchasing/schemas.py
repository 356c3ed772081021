"""Request and response shapes of the purchasing API (see api.py). Money goes out as a decimal string with 2
places; a civil servant's NIP is shown only to the office's staff and to the civil servant."""

from __future__ import annotations

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.registry.schemas import InputSchema


class PurchaseRef(Schema):
    id: int
    name: str


class PurchaseCivilServantRef(Schema):
    id: int
    name: str
    nip: str
    agency: PurchaseRef


class PurchaseOut(Schema):
    id: int
    civil_servant: PurchaseCivilServantRef
    business: PurchaseRef
    product: PurchaseRef | None
    description: str
    amount: str = Field(examples=["75000.00"])
    day: IsoDate
    has_receipt: bool


class PurchaseQuery(PageQuery):
    q: str | None = Field(None, max_length=100, description="Part of a name, a NIP's first digits or a business.")


class PurchaseCreate(InputSchema):
    nip: str | None = Field(
        None, max_length=30, description="The civil servant's NIP (staff); a civil servant omits it."
    )
    product: int | None = Field(None, ge=1, description="A catalogue product's id.")
    business: int | None = Field(None, ge=1, description="For a purchase outside the catalogue: the seller's id.")
    description: str | None = Field(None, max_length=200)
    amount: str = Field(max_length=40, examples=["75.000"])
    day: IsoDate


class AgencyMonthOut(Schema):
    agency: PurchaseRef
    civil_servants: int
    participants: int
    purchases: int
    value: str
    businesses: int
    clusters: list[str]
    under_target: int


class ParticipationQuery(Schema):
    month: str | None = Field(
        None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-11"], description="YYYY-MM; this month if omitted."
    )


class ParticipationOut(Schema):
    program: PurchaseRef
    month: str
    agencies: list[AgencyMonthOut]
    businesses: int = Field(description="Distinct businesses bought from, all agencies together.")
    under_target: list[PurchaseRef] = Field(description="Civil servants who did not reach the month's target.")


class ShareQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="The budget year; this year if omitted.")


class ProcurementShareOut(Schema):
    agency: PurchaseRef
    activities: int
    total: str
    registered: str = Field(description="Bought from businesses in the registry.")
    local: str = Field(description="Bought from registered businesses of the agency's own region.")
    share: str = Field(description="Percent of the total bought locally.", examples=["42.5"])
