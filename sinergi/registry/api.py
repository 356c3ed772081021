"""Registry endpoints: persons, businesses with their yearly figures, documents and history, associations.

Every endpoint parses its input, reads through a region-scoped selector and writes through a service
(source=API, actor=the caller). A record outside the caller's regions is read as "does not exist", so
it answers 404 exactly like a missing one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_NAME, BY_PK, Keyset, Page, PageQuery, keyset_of, paginate
from sinergi.core.models import ChangeSource
from sinergi.registry import selectors, services
from sinergi.registry.models import Association, BusinessYear, LegalDocument, Person
from sinergi.registry.personal import personal_view_of
from sinergi.registry.schemas import (
    MAX_ID,
    AssociationCreate,
    AssociationDetailOut,
    AssociationOut,
    AssociationQuery,
    AssociationUpdate,
    BoardMemberIn,
    BoardMemberOut,
    BusinessCreate,
    BusinessDetailOut,
    BusinessOut,
    BusinessQuery,
    BusinessUpdate,
    ChangeOut,
    ClusterOut,
    DocumentCreate,
    DocumentOut,
    DocumentQuery,
    DocumentUpdate,
    MemberIn,
    MemberOut,
    PersonCreate,
    PersonOut,
    PersonQuery,
    PersonSearch,
    PersonUpdate,
    YearIn,
    YearOut,
)
from sinergi.registry.selectors import api as api_selectors

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PathYear = Annotated[int, Path(ge=1, le=32767)]
BY_TIME_DESC = Keyset(field="time", descending=True, parse=datetime.fromisoformat)
BY_BUSINESS_NAME = Keyset(field="business__name")

PAGING = (
    " Pages are keyset pages in a stable order: pass the `next` value of a page as `cursor` to get the "
    "following one (there is no offset). `total` is counted only with `with_total=true`."
)

router = Router(tags=["registry"])


def _no_content() -> HttpResponse:
    return HttpResponse(status=204)


def _rename(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(k, k): v for k, v in data.items()}


# --- clusters -------------------------------------------------------------------------------------


@router.get("/clusters", response=responses({200: list[ClusterOut]}), tags=["reference"])
def cluster_list(request: HttpRequest) -> Any:
    """The active business clusters; their slugs are the `cluster` values of businesses and filters."""
    return selectors.clusters_active()


# --- persons --------------------------------------------------------------------------------------


def _person_data(payload: PersonCreate | PersonUpdate) -> dict[str, Any]:
    return _rename(payload.model_dump(exclude_unset=True), {"desa": "desa_id"})


PERSONAL = (
    " NIK, phone, address and birth date are in full only for editors of the person's region (and the person "
    "themself), masked for everyone else (`masked: true`); each full view is recorded in the access log. "
    "Answers are sent with `Cache-Control: no-store`."
)


def _shown(request: HttpRequest, response: HttpResponse, persons: list[Person], *, purpose: str) -> list[Person]:
    """Record the persons shown in full in the access log (one insert) and keep the answer out of caches."""
    view = personal_view_of(request)
    view.remember_all(persons)
    view.announce(purpose=purpose, request=request)
    response["Cache-Control"] = "no-store"
    return persons


@router.get("/persons", response=responses({200: Page[PersonOut]}), tags=["persons"], description=PAGING + PERSONAL)
def person_list(request: HttpRequest, response: HttpResponse, filters: Query[PersonQuery]) -> Any:
    """Persons visible to the caller, by name."""
    qs = api_selectors.person_list(user=actor_of(request), q=filters.q, region=filters.region)
    return paginate(
        qs, keyset=BY_NAME, page=filters, transform=lambda rows: _shown(request, response, rows, purpose="api")
    )


@router.post(
    "/persons/search",
    response=responses({200: list[PersonOut]}),
    tags=["persons"],
    description="The persons visible to the caller with this NIK (none or one), the NIK sent in the body so that it "
    "never appears in a URL or an access log." + PERSONAL,
)
def person_search(request: HttpRequest, response: HttpResponse, payload: PersonSearch) -> Any:
    """Find a person by NIK."""
    persons = list(api_selectors.person_list(user=actor_of(request), nik=payload.nik))
    return _shown(request, response, persons, purpose="search")


@router.post("/persons", response=responses({201: PersonOut}), tags=["persons"], description=PERSONAL)
def person_create(request: HttpRequest, response: HttpResponse, payload: PersonCreate) -> Any:
    user = actor_of(request)
    person = services.person_create(actor=user, data=_person_data(payload), source=API)
    response["Cache-Control"] = "no-store"
    return Status(201, selectors.person_get(user=user, pk=person.pk))


@router.get("/persons/{person_id}", response=responses({200: PersonOut}), tags=["persons"], description=PERSONAL)
def person_get(request: HttpRequest, response: HttpResponse, person_id: PathId) -> Any:
    person = selectors.person_get(user=actor_of(request), pk=person_id)
    return _shown(request, response, [person], purpose="api")[0]


@router.patch("/persons/{person_id}", response=responses({200: PersonOut}), tags=["persons"], description=PERSONAL)
def person_update(request: HttpRequest, response: HttpResponse, person_id: PathId, payload: PersonUpdate) -> Any:
    user = actor_of(request)
    person = selectors.person_get(user=user, pk=person_id)
    services.person_update(actor=user, person=person, data=_person_data(payload), source=API)
    response["Cache-Control"] = "no-store"
    return selectors.person_get(user=user, pk=person_id)


# --- businesses -----------------------------------------------------------------------------------


def _business_data(*, user: User, payload: BusinessCreate | BusinessUpdate) -> dict[str, Any]:
    """The service's field names and keys; owner and cluster are resolved here so that an owner the caller
    may not see is as unknown as one that does not exist."""
    data = payload.model_dump(exclude_unset=True)
    if "owner" in data:
        owner = data.pop("owner")
        if owner is not None and api_selectors.person_visible_get(user=user, pk=owner) is None:
            raise field_error("owner", _("Unknown owner."))
        data["owner_id"] = owner
    if "cluster" in data:
        slug = data.pop("cluster")
        cluster = api_selectors.cluster_by_slug(slug=slug) if slug else None
        if slug and cluster is None:
            raise field_error("cluster", _("Unknown cluster."))
        data["cluster_id"] = cluster.pk if cluster else None
    return _rename(data, {"desa": "desa_id"})


@router.get(
    "/businesses",
    response=responses({200: Page[BusinessOut]}),
    tags=["businesses"],
    description=(
        "Businesses visible to the caller with the list page's filters, ordered by name then id; "
        "with a search (`q`: every word must start a word of the name, owner or address) newest first." + PAGING
    ),
)
def business_list(request: HttpRequest, filters: Query[BusinessQuery]) -> Any:
    """Businesses (UMKM) visible to the caller."""
    qs = selectors.business_list(
        user=actor_of(request),
        filters=selectors.BusinessFilter(
            q=filters.q,
            region=filters.region,
            cluster=filters.cluster,
            scale=filters.scale or "",
            has_nib=filters.has_nib,
            has_halal=filters.has_halal,
            expiring=filters.expiring,
        ),
    )
    return paginate(qs, keyset=keyset_of(qs), page=filters)


@router.post("/businesses", response=responses({201: BusinessDetailOut}), tags=["businesses"])
def business_create(request: HttpRequest, payload: BusinessCreate) -> Any:
    user = actor_of(request)
    business = services.business_create(actor=user, data=_business_data(user=user, payload=payload), source=API)
    return Status(201, selectors.business_get(user=user, pk=business.pk))


@router.get("/businesses/{business_id}", response=responses({200: BusinessDetailOut}), tags=["businesses"])
def business_get(request: HttpRequest, business_id: PathId) -> Any:
    """One business with its yearly figures (newest first) and legal documents."""
    return selectors.business_get(user=actor_of(request), pk=business_id)


@router.patch("/businesses/{business_id}", response=responses({200: BusinessDetailOut}), tags=["businesses"])
def business_update(request: HttpRequest, business_id: PathId, payload: BusinessUpdate) -> Any:
    user = actor_of(request)
    business = selectors.business_get(user=user, pk=business_id)
    services.business_update(actor=user, business=business, data=_business_data(user=user, payload=payload), source=API)
    return selectors.business_get(user=user, pk=business_id)


@router.delete("/businesses/{business_id}", response=responses({204: None}), tags=["businesses"])
def business_delete(request: HttpRequest, business_id: PathId) -> Any:
    user = actor_of(request)
    services.business_delete(actor=user, business=selectors.business_get(user=user, pk=business_id), source=API)
    return _no_content()


@router.put("/businesses/{business_id}/years/{year}", response=responses({200: YearOut}), tags=["businesses"])
def business_year_set(request: HttpRequest, business_id: PathId, year: PathYear, payload: YearIn) -> BusinessYear:
    """Record or correct one year's figures; the scale follows from them under the rule in force."""
    user = actor_of(request)
    return services.business_year_set(
        actor=user,
        business=selectors.business_get(user=user, pk=business_id),
        year=year,
        modal_usaha=payload.modal_usaha,
        annual_sales=payload.annual_sales,
        workforce=payload.workforce,
        source=API,
    )


@router.get(
    "/businesses/{business_id}/history",
    response=responses({200: Page[ChangeOut]}),
    tags=["businesses"],
    description="Changes to the business, its documents and yearly figures, newest first." + PAGING,
)
def business_history(request: HttpRequest, business_id: PathId, page: Query[PageQuery]) -> Any:
    business = selectors.business_get(user=actor_of(request), pk=business_id)
    return paginate(selectors.business_history(business=business), keyset=BY_TIME_DESC, page=page)


@router.get(
    "/businesses/{business_id}/documents",
    response=responses({200: Page[DocumentOut]}),
    tags=["documents"],
    description=PAGING,
)
def business_document_list(request: HttpRequest, business_id: PathId, filters: Query[DocumentQuery]) -> Any:
    user = actor_of(request)
    business = selectors.business_get(user=user, pk=business_id)
    qs = api_selectors.document_list(user=user, business_id=business.pk, kind=filters.kind, expiring=filters.expiring)
    return paginate(qs, keyset=BY_PK, page=filters)


@router.post("/businesses/{business_id}/documents", response=responses({201: DocumentOut}), tags=["documents"])
def business_document_create(request: HttpRequest, business_id: PathId, payload: DocumentCreate) -> Any:
    user = actor_of(request)
    business = selectors.business_get(user=user, pk=business_id)
    document = services.legal_document_create(
        actor=user, business=business, data=payload.model_dump(exclude_unset=True), source=API
    )
    return Status(201, selectors.document_get(user=user, pk=document.pk))


# --- legal documents ------------------------------------------------------------------------------


@router.get("/documents", response=responses({200: Page[DocumentOut]}), tags=["documents"], description=PAGING)
def document_list(request: HttpRequest, filters: Query[DocumentQuery]) -> Any:
    """Legal documents of the businesses visible to the caller, oldest record first."""
    qs = api_selectors.document_list(
        user=actor_of(request), business_id=filters.business, kind=filters.kind, expiring=filters.expiring
    )
    return paginate(qs, keyset=BY_PK, page=filters)


@router.get("/documents/{document_id}", response=responses({200: DocumentOut}), tags=["documents"])
def document_get(request: HttpRequest, document_id: PathId) -> LegalDocument:
    return selectors.document_get(user=actor_of(request), pk=document_id)


@router.patch("/documents/{document_id}", response=responses({200: DocumentOut}), tags=["documents"])
def document_update(request: HttpRequest, document_id: PathId, payload: DocumentUpdate) -> LegalDocument:
    user = actor_of(request)
    document = selectors.document_get(user=user, pk=document_id)
    services.legal_document_update(
        actor=user, document=document, data=payload.model_dump(exclude_unset=True), source=API
    )
    return selectors.document_get(user=user, pk=document_id)


@router.delete("/documents/{document_id}", response=responses({204: None}), tags=["documents"])
def document_delete(request: HttpRequest, document_id: PathId) -> Any:
    user = actor_of(request)
    services.legal_document_delete(actor=user, document=selectors.document_get(user=user, pk=document_id), source=API)
    return _no_content()


# --- associations ---------------------------------------------------------------------------------


def _association_data(payload: AssociationCreate | AssociationUpdate) -> dict[str, Any]:
    return _rename(payload.model_dump(exclude_unset=True), {"region": "region_id"})


@router.get("/associations", response=responses({200: Page[AssociationOut]}), tags=["associations"], description=PAGING)
def association_list(request: HttpRequest, filters: Query[AssociationQuery]) -> Any:
    qs = api_selectors.association_list(user=actor_of(request), q=filters.q, region=filters.region)
    return paginate(qs, keyset=BY_NAME, page=filters)


@router.post("/associations", response=responses({201: AssociationDetailOut}), tags=["associations"])
def association_create(request: HttpRequest, payload: AssociationCreate) -> Any:
    user = actor_of(request)
    association = services.association_create(actor=user, data=_association_data(payload), source=API)
    return Status(201, selectors.association_get(user=user, pk=association.pk))


@router.get("/associations/{association_id}", response=responses({200: AssociationDetailOut}), tags=["associations"])
def association_get(request: HttpRequest, association_id: PathId) -> Association:
    """One association with its board."""
    return selectors.association_get(user=actor_of(request), pk=association_id)


@router.patch("/associations/{association_id}", response=responses({200: AssociationDetailOut}), tags=["associations"])
def association_update(request: HttpRequest, association_id: PathId, payload: AssociationUpdate) -> Association:
    user = actor_of(request)
    association = selectors.association_get(user=user, pk=association_id)
    services.association_update(actor=user, association=association, data=_association_data(payload), source=API)
    return selectors.association_get(user=user, pk=association_id)


@router.get(
    "/associations/{association_id}/board", response=responses({200: list[BoardMemberOut]}), tags=["associations"]
)
def association_board(request: HttpRequest, association_id: PathId) -> Any:
    association = selectors.association_get(user=actor_of(request), pk=association_id)
    return selectors.association_board(association=association)


@router.post("/associations/{association_id}/board", response=responses({201: BoardMemberOut}), tags=["associations"])
def association_board_add(request: HttpRequest, association_id: PathId, payload: BoardMemberIn) -> Any:
    user = actor_of(request)
    association = selectors.association_get(user=user, pk=association_id)
    person = api_selectors.person_visible_get(user=user, pk=payload.person)
    if person is None:
        raise field_error("person", _("Unknown person."))
    seat = services.association_board_add(
        actor=user,
        association=association,
        person=person,
        role=payload.role,
        term_start=payload.term_start,
        term_end=payload.term_end,
        source=API,
    )
    return Status(201, seat)


@router.delete("/associations/{association_id}/board/{seat_id}", response=responses({204: None}), tags=["associations"])
def association_board_remove(request: HttpRequest, association_id: PathId, seat_id: PathId) -> Any:
    user = actor_of(request)
    association = selectors.association_get(user=user, pk=association_id)
    seat = api_selectors.board_seat_get(association=association, pk=seat_id)
    services.association_board_remove(actor=user, seat=seat, source=API)
    return _no_content()


@router.get(
    "/associations/{association_id}/members",
    response=responses({200: Page[MemberOut]}),
    tags=["associations"],
    description="Member businesses the caller may see, by business name." + PAGING,
)
def association_members(request: HttpRequest, association_id: PathId, filters: Query[PageQuery]) -> Any:
    user = actor_of(request)
    association = selectors.association_get(user=user, pk=association_id)
    qs = selectors.association_members(user=user, association=association)
    return paginate(qs, keyset=BY_BUSINESS_NAME, page=filters)


@router.post("/associations/{association_id}/members", response=responses({201: MemberOut}), tags=["associations"])
def association_member_add(request: HttpRequest, association_id: PathId, payload: MemberIn) -> Any:
    user = actor_of(request)
    association = selectors.association_get(user=user, pk=association_id)
    business = api_selectors.business_for_membership(user=user, association=association, pk=payload.business)
    if business is None:
        raise field_error("business", _("Unknown business."))
    membership = services.association_member_add(
        actor=user, association=association, business=business, joined_on=payload.joined_on, source=API
    )
    return Status(201, membership)


@router.delete(
    "/associations/{association_id}/members/{business_id}", response=responses({204: None}), tags=["associations"]
)
def association_member_remove(request: HttpRequest, association_id: PathId, business_id: PathId) -> Any:
    user = actor_of(request)
    association = selectors.association_get(user=user, pk=association_id)
    membership = api_selectors.membership_get(user=user, association=association, business_id=business_id)
    services.association_member_remove(actor=user, membership=membership, source=API)
    return _no_content()
