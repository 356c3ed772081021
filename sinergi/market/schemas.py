"""Request and response shapes of the market API (see api.py). Money goes out as a decimal string with 2
places; the public catalogue's shape holds public fields only (no owner, no NIK, no phone)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery
from sinergi.registry.schemas import InputSchema, RegionRef


class BusinessRef(Schema):
    id: int
    name: str


class CategoryOut(Schema):
    slug: str
    name: str


class PermitOut(Schema):
    kind: str = Field(description="pirt, bpom, halal, sni or hki.")
    number: str
    expires_on: str | None
    verified: bool = Field(description="An officer checked this number and expiry.")


class ProductOut(Schema):
    id: int
    business: BusinessRef
    name: str
    description: str
    category: CategoryOut
    unit: str
    price: str = Field(examples=["25000.00"])
    minimum_order: int
    stock_status: str = Field(description="available, pre_order or out.")
    is_active: bool
    created_at: datetime
    updated_at: datetime


class ProductCreate(InputSchema):
    business: int = Field(ge=1, description="The business's id.")
    name: str = Field(max_length=150)
    description: str | None = Field(None, max_length=5000)
    category: int = Field(ge=1, description="A cluster's id.")
    price: str = Field(max_length=60, description='Rupiah as written: "25000", "Rp 25.000/pak".')
    unit: str | None = Field(None, max_length=30)
    minimum_order: int | None = Field(None, ge=1)
    stock_status: str | None = Field(None, max_length=12)


class ProductQuery(PageQuery):
    q: str | None = Field(None, max_length=100)
    category: str | None = Field(None, max_length=40, description="A cluster's code (slug).")


class PublicProductOut(Schema):
    id: int
    name: str
    description: str
    category: CategoryOut
    unit: str
    price: str
    minimum_order: int
    stock_status: str
    business: BusinessRef
    kecamatan: RegionRef | None
    halal: bool = Field(description="A verified, unexpired halal certificate.")


class CatalogueQuery(PageQuery):
    q: str | None = Field(None, max_length=100)
    category: str | None = Field(None, max_length=40)
    kecamatan: str | None = Field(None, max_length=8, pattern=r"^\d{2}\.\d{2}\.\d{2}$")
    halal: bool = False
    price_min: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    price_max: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
