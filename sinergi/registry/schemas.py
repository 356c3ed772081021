"""Request and response shapes of the registry API.

Input schemas forbid unknown fields (a misspelt field must be an error, not silently dropped) and bound
every string by its column's length so that PostgreSQL never sees a value it would refuse. Money and
coordinates go out as decimal strings, never floats.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db import models
from django.db.models import Model
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, PlainSerializer, field_validator

from sinergi.api.pagination import PageQuery
from sinergi.api.types import IsoDate
from sinergi.core.models import ChangeLog
from sinergi.core.personal import mask_value
from sinergi.regions.api import RegionPrefix
from sinergi.registry import selectors
from sinergi.registry.models import (
    Association,
    BoardMember,
    Business,
    BusinessYear,
    DocumentKind,
    LegalDocument,
    Person,
    Scale,
    Sex,
)
from sinergi.registry.personal import PersonalFacts, facts_for, personal_view_of
from sinergi.registry.selectors.api import document_state

MAX_ID = 2**63 - 1  # BigAutoField; a larger id would make PostgreSQL raise instead of "not found"
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
RegionCode = Annotated[str, Field(min_length=2, max_length=13, examples=["17.08.01.2001"])]


def _max_length(model: type[Model], field: str) -> int:
    column = model._meta.get_field(field)
    assert isinstance(column, models.Field)
    assert column.max_length is not None
    return column.max_length


def _decimal_text(places: int) -> Any:
    """A Decimal column as a fixed-point string (never a float): "1500000.00", "-3.594000"."""
    quantum = Decimal(1).scaleb(-places)

    def convert(value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return str(Decimal(value).quantize(quantum))

    return BeforeValidator(convert)


Money = Annotated[str | None, _decimal_text(2), Field(examples=["1500000.00"])]
Coordinate = Annotated[str | None, _decimal_text(6)]
MoneyIn = Annotated[Decimal, Field(max_digits=18, decimal_places=2, examples=["1500000.00"])]
CoordinateIn = Annotated[Decimal, Field(max_digits=9, decimal_places=6)]
# Enums go out as their plain values.
ChoiceOut = Annotated[str, PlainSerializer(str, return_type=str)]


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


# --- references -----------------------------------------------------------------------------------


class RegionRef(Schema):
    code: str
    name: str


class PersonRef(Schema):
    id: int
    name: str


class ClusterOut(Schema):
    slug: str
    name: str


class BusinessRef(Schema):
    id: int
    name: str
    desa: RegionRef


# --- persons --------------------------------------------------------------------------------------


def _personal(obj: Person, context: Any) -> PersonalFacts:
    """The person's personal fields as the caller may see them (masked unless an editor of its region)."""
    request = (context or {}).get("request")
    return personal_view_of(request).facts(obj) if request is not None else facts_for(obj, full=False)


class PersonOut(Schema):
    id: int
    nik: str | None = Field(
        description="In full only for editors of the person's region and the person themself; otherwise masked "
        "(the first and last four digits, e.g. 3509••••••••0003)."
    )
    name: str
    sex: str
    birth_date: IsoDate | None = Field(description="Null when masked (see birth_year).")
    birth_year: int | None
    phone: str = Field(description="Masked like the NIK for those who may not see it (+6281••••••890).")
    address: str = Field(description="“•••” when masked.")
    masked: bool = Field(description="True when NIK, phone, address and birth date are masked for the caller.")
    desa: RegionRef
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_nik(obj: Person, context: Any) -> str | None:
        return _personal(obj, context).nik or None

    @staticmethod
    def resolve_birth_date(obj: Person, context: Any) -> date | None:
        return obj.birth_date if _personal(obj, context).full else None

    @staticmethod
    def resolve_birth_year(obj: Person) -> int | None:
        return obj.birth_date.year if obj.birth_date else None

    @staticmethod
    def resolve_phone(obj: Person, context: Any) -> str:
        return _personal(obj, context).phone

    @staticmethod
    def resolve_address(obj: Person, context: Any) -> str:
        return _personal(obj, context).address

    @staticmethod
    def resolve_masked(obj: Person, context: Any) -> bool:
        return not _personal(obj, context).full


class PersonCreate(InputSchema):
    nik: str | None = Field(None, max_length=32, description="16 digits; dots and spaces are ignored.")
    name: str = Field(max_length=_max_length(Person, "name"))
    sex: Sex | None = Field(None, description="L (male) or P (female); taken from the NIK when omitted.")
    birth_date: IsoDate | None = Field(None, description="Taken from the NIK when omitted.")
    phone: str | None = Field(None, max_length=32)
    address: str | None = Field(None, max_length=_max_length(Person, "address"))
    desa: RegionCode = Field(description="Code of the village (desa/kelurahan).")


class PersonUpdate(InputSchema):
    nik: str | None = Field(None, max_length=32)
    name: str | None = Field(None, max_length=_max_length(Person, "name"))
    sex: Sex | None = None
    birth_date: IsoDate | None = None
    phone: str | None = Field(None, max_length=32)
    address: str | None = Field(None, max_length=_max_length(Person, "address"))
    desa: RegionCode | None = None


class PersonQuery(PageQuery):
    q: str = Field("", max_length=100, description="Words that must all appear in the name.")
    region: RegionPrefix = ""
    nik: str = Field(
        "",
        max_length=32,
        description="Refused: a NIK must not travel in a URL (it lands in access logs). Use POST /persons/search.",
    )

    @field_validator("nik")
    @classmethod
    def _no_nik_in_url(cls, value: str) -> str:
        if value:
            raise ValueError(_("Search by NIK with POST /api/v1/persons/search; a NIK must not be put in a URL."))
        return value


class PersonSearch(InputSchema):
    nik: str = Field(min_length=1, max_length=32, description="The NIK to look for; dots and spaces are ignored.")


# --- businesses -----------------------------------------------------------------------------------


class BusinessOut(Schema):
    id: int
    name: str
    owner: PersonRef | None
    desa: RegionRef
    address: str
    latitude: Coordinate
    longitude: Coordinate
    kbli: str
    cluster: ClusterOut | None
    workforce: int | None
    founded_on: IsoDate | None
    extra: dict[str, Any] = Field(description="Columns of an imported file with no field here: label → value.")
    scale: str
    has_nib: bool
    has_halal: bool
    external_ref: str | None
    created_at: datetime
    updated_at: datetime


class YearOut(Schema):
    year: int
    modal_usaha: Money
    annual_sales: Money
    workforce: int | None
    scale: ChoiceOut
    scale_rule: str


class DocumentOut(Schema):
    id: int
    business_id: int
    kind: ChoiceOut
    number: str
    issued_on: IsoDate | None
    expires_on: IsoDate | None
    issuer: str
    notes: str
    state: str = Field(description="expired, expiring (within the warning window) or valid.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_state(obj: LegalDocument) -> str:
        return document_state(document=obj)


class BusinessDetailOut(BusinessOut):
    years: list[YearOut]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_years(obj: Business) -> list[BusinessYear]:
        return list(selectors.business_years(business=obj))

    @staticmethod
    def resolve_documents(obj: Business) -> list[LegalDocument]:
        return [document for document, _state in selectors.business_documents(business=obj)]


class BusinessCreate(InputSchema):
    name: str = Field(max_length=_max_length(Business, "name"))
    owner: Id | None = Field(None, description="Id of the owner (a person).")
    desa: RegionCode = Field(description="Code of the village (desa/kelurahan).")
    address: str | None = Field(None, max_length=_max_length(Business, "address"))
    latitude: CoordinateIn | None = None
    longitude: CoordinateIn | None = None
    kbli: str | None = Field(None, max_length=10, description="KBLI 2020 code, 5 digits.")
    cluster: str | None = Field(None, max_length=40, description="Cluster slug (see GET /clusters).")
    workforce: int | None = Field(None, ge=0, le=2_147_483_647)
    founded_on: IsoDate | None = Field(None, description="Founding date; 1 January when only the year is known.")
    external_ref: str | None = Field(None, max_length=_max_length(Business, "external_ref"))


class BusinessUpdate(InputSchema):
    name: str | None = Field(None, max_length=_max_length(Business, "name"))
    owner: Id | None = None
    desa: RegionCode | None = None
    address: str | None = Field(None, max_length=_max_length(Business, "address"))
    latitude: CoordinateIn | None = None
    longitude: CoordinateIn | None = None
    kbli: str | None = Field(None, max_length=10)
    cluster: str | None = Field(None, max_length=40)
    workforce: int | None = Field(None, ge=0, le=2_147_483_647)
    founded_on: IsoDate | None = None
    external_ref: str | None = Field(None, max_length=_max_length(Business, "external_ref"))


class YearIn(InputSchema):
    modal_usaha: MoneyIn | None = Field(None, description="Capital excluding land and buildings, in rupiah.")
    annual_sales: MoneyIn | None = Field(None, description="Annual sales, in rupiah.")
    workforce: int | None = Field(None, ge=0, le=2_147_483_647)


class BusinessQuery(PageQuery):
    q: str = Field("", max_length=100, description="Words that must all appear in the name, owner or address.")
    region: RegionPrefix = ""
    cluster: str = Field("", max_length=40, description="Cluster slug.")
    scale: Scale | None = None
    has_nib: bool | None = None
    has_halal: bool | None = None
    expiring: bool | None = Field(None, description="Has a document expiring within the warning window.")


# --- legal documents ------------------------------------------------------------------------------


class DocumentCreate(InputSchema):
    kind: DocumentKind
    number: str = Field(max_length=_max_length(LegalDocument, "number"))
    issued_on: IsoDate | None = None
    expires_on: IsoDate | None = None
    issuer: str | None = Field(None, max_length=_max_length(LegalDocument, "issuer"))
    notes: str | None = Field(None, max_length=_max_length(LegalDocument, "notes"))


class DocumentUpdate(InputSchema):
    kind: DocumentKind | None = None
    number: str | None = Field(None, max_length=_max_length(LegalDocument, "number"))
    issued_on: IsoDate | None = None
    expires_on: IsoDate | None = None
    issuer: str | None = Field(None, max_length=_max_length(LegalDocument, "issuer"))
    notes: str | None = Field(None, max_length=_max_length(LegalDocument, "notes"))


class DocumentQuery(PageQuery):
    business: Id | None = None
    kind: DocumentKind | None = None
    expiring: bool | None = Field(None, description="Expires within the warning window (not yet expired).")


# --- associations ---------------------------------------------------------------------------------


class BoardMemberOut(Schema):
    id: int
    person: PersonRef
    role: str
    term_start: IsoDate | None
    term_end: IsoDate | None


class AssociationOut(Schema):
    id: int
    name: str
    region: RegionRef
    term_start: IsoDate | None
    term_end: IsoDate | None
    inaugurated_on: IsoDate | None
    description: str
    created_at: datetime
    updated_at: datetime


class AssociationDetailOut(AssociationOut):
    board: list[BoardMemberOut]

    @staticmethod
    def resolve_board(obj: Association) -> list[BoardMember]:
        return list(selectors.association_board(association=obj))


class AssociationCreate(InputSchema):
    name: str = Field(max_length=_max_length(Association, "name"))
    region: RegionCode = Field(description="Code of the region the association works in (any level).")
    term_start: IsoDate | None = None
    term_end: IsoDate | None = None
    inaugurated_on: IsoDate | None = None
    description: str | None = Field(None, max_length=10_000)


class AssociationUpdate(InputSchema):
    name: str | None = Field(None, max_length=_max_length(Association, "name"))
    region: RegionCode | None = None
    term_start: IsoDate | None = None
    term_end: IsoDate | None = None
    inaugurated_on: IsoDate | None = None
    description: str | None = Field(None, max_length=10_000)


class AssociationQuery(PageQuery):
    q: str = Field("", max_length=100)
    region: RegionPrefix = ""


class BoardMemberIn(InputSchema):
    person: Id
    role: str = Field(max_length=80, examples=["Ketua"])
    term_start: IsoDate | None = None
    term_end: IsoDate | None = None


class MemberOut(Schema):
    id: int
    business: BusinessRef
    joined_on: IsoDate | None


class MemberIn(InputSchema):
    business: Id
    joined_on: IsoDate | None = None


# --- history --------------------------------------------------------------------------------------


class ChangeOut(Schema):
    id: int
    time: datetime
    actor: str | None
    source: str
    action: str
    record_type: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @staticmethod
    def resolve_actor(obj: ChangeLog) -> str | None:
        return obj.actor.username if obj.actor else None

    @staticmethod
    def resolve_record_type(obj: ChangeLog) -> str:
        return str(obj.content_type.model)

    @staticmethod
    def resolve_before(obj: ChangeLog) -> dict[str, Any] | None:
        return _masked_values(obj, obj.before)

    @staticmethod
    def resolve_after(obj: ChangeLog) -> dict[str, Any] | None:
        return _masked_values(obj, obj.after)


def _masked_values(entry: ChangeLog, values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A person's logged NIK, phone, address and birth date are masked in the API's history (the record's own
    page is where an editor reads them in full)."""
    if values is None or entry.content_type.model != "person":
        return values
    return {k: mask_value(k, v) for k, v in values.items()}
