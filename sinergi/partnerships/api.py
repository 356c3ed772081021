"""Partnerships endpoints for the office's staff, scoped as the pages are: partners and their needs and offers,
the businesses that fit a need and the partners that fit a business (each score component in words), and the
partnership agreements with their status steps."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sinergi.accounts.access import require_partnership_access
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_NAME, BY_NEWEST, Page, paginate
from sinergi.core.models import ChangeSource
from sinergi.partnerships import selectors as sel
from sinergi.partnerships import services
from sinergi.partnerships.matching import Match
from sinergi.partnerships.models import Partner, PartnerNeed, Partnership
from sinergi.partnerships.schemas import (
    PartnerBusinessMatchOut,
    PartnerCreate,
    PartnerNeedCreate,
    PartnerNeedMatchOut,
    PartnerNeedOut,
    PartnerOut,
    PartnerQuery,
    PartnershipCreate,
    PartnershipOut,
    PartnershipQuery,
    PartnershipStatusIn,
)
from sinergi.registry.schemas import MAX_ID
from sinergi.registry.selectors import business_get

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGING = " Keyset pages: pass the `next` value of a page as `cursor` for the following one."

router = Router(tags=["partnerships"])


def _staff(request: HttpRequest) -> Any:
    user = actor_of(request)
    require_partnership_access(user)
    return user


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def _partner(p: Partner) -> dict[str, Any]:
    return {
        "id": p.pk,
        "office": {"code": p.office.code, "name": p.office.name},
        "kind": p.kind,
        "kind_label": str(p.get_kind_display()),
        "name": p.name,
        "association": {"id": p.association.pk, "name": p.association.name} if p.association else None,
        "contact": p.contact,
        "website": p.website,
        "description": p.description,
    }


def _need(n: PartnerNeed) -> dict[str, Any]:
    return {
        "id": n.pk,
        "partner": {"id": n.partner_id, "name": n.partner.name},
        "direction": n.direction,
        "topic": n.topic,
        "title": n.title,
        "description": n.description,
        "cluster": n.cluster.slug if n.cluster else None,
        "volume": _money(n.volume),
        "volume_unit": n.volume_unit,
        "region": {"code": n.region.code, "name": n.region.name} if n.region else None,
        "required_documents": list(n.required_documents or []),
        "min_workforce": n.min_workforce,
        "is_open": n.is_open,
    }


def _components(m: Match) -> list[dict[str, Any]]:
    return [{"key": c.key, "points": c.points, "most": c.most, "met": c.met, "text": c.text} for c in m.components]


def _agreement(user: Any, pk: int) -> Partnership:
    return (
        sel.partnerships_visible(user=user)
        .select_related("partner", "office")
        .prefetch_related("parties__business")
        .get(pk=pk)
    )


def _partnership(p: Partnership) -> dict[str, Any]:
    parties = p.parties.all()  # prefetched with their businesses by the callers
    return {
        "id": p.pk,
        "office": {"code": p.office.code, "name": p.office.name},
        "partner": {"id": p.partner_id, "name": p.partner.name},
        "need": p.need_id,
        "kind": p.kind,
        "title": p.title,
        "number": p.number,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "value": _money(p.value),
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "businesses": [{"id": b.business_id, "name": b.business.name, "role": b.role} for b in parties],
        "volume_supplied": _money(p.volume_supplied),
        "volume_unit": p.volume_unit,
        "outcome_notes": p.outcome_notes,
    }


@router.get(
    "/partnerships/partners",
    response=responses({200: Page[PartnerOut]}),
    description="Partners of the offices in the caller's regions, by name." + PAGING,
)
def partner_list(request: HttpRequest, filters: Query[PartnerQuery]) -> Any:
    user = _staff(request)
    qs = sel.partner_list(user=user, filters=sel.PartnerFilter(q=filters.q or "", kind=filters.kind or ""))
    return paginate(qs, keyset=BY_NAME, page=filters, transform=lambda rows: [_partner(p) for p in rows])


@router.post("/partnerships/partners", response=responses({201: PartnerOut}))
def partner_create(request: HttpRequest, payload: PartnerCreate) -> Any:
    user = _staff(request)
    data = {
        "office_id": payload.office,
        "kind": payload.kind,
        "name": payload.name,
        "association_id": payload.association,
        "contact": payload.contact or "",
        "website": payload.website or "",
        "description": payload.description or "",
    }
    partner = services.partner_create(actor=user, data=data, source=ChangeSource.API)
    return Status(201, _partner(sel.partner_get(user=user, pk=partner.pk)))


@router.get("/partnerships/partners/{partner_id}", response=responses({200: PartnerOut}))
def partner_get(request: HttpRequest, partner_id: PathId) -> Any:
    return _partner(sel.partner_get(user=_staff(request), pk=partner_id))


@router.get("/partnerships/partners/{partner_id}/needs", response=responses({200: list[PartnerNeedOut]}))
def partner_needs(request: HttpRequest, partner_id: PathId) -> Any:
    partner = sel.partner_get(user=_staff(request), pk=partner_id)
    return [_need(n) for n in sel.partner_needs(partner=partner).select_related("partner")]


@router.post("/partnerships/partners/{partner_id}/needs", response=responses({201: PartnerNeedOut}))
def need_create(request: HttpRequest, partner_id: PathId, payload: PartnerNeedCreate) -> Any:
    user = _staff(request)
    partner = sel.partner_get(user=user, pk=partner_id)
    data = {
        "direction": payload.direction,
        "topic": payload.topic,
        "title": payload.title,
        "description": payload.description or "",
        "cluster_id": payload.cluster,
        "volume": payload.volume,
        "volume_unit": payload.volume_unit or "",
        "region_id": payload.region,
        "required_documents": payload.required_documents,
        "min_workforce": payload.min_workforce,
    }
    need = services.need_add(actor=user, partner=partner, data=data, source=ChangeSource.API)
    return Status(201, _need(sel.need_get(user=user, pk=need.pk)))


@router.get(
    "/partnerships/needs/{need_id}/matches",
    response=responses({200: list[PartnerBusinessMatchOut]}),
    description="The businesses that fit a need or offer, best first (at most 50), each score component in words.",
)
def need_matches(request: HttpRequest, need_id: PathId) -> Any:
    user = _staff(request)
    need = sel.need_get(user=user, pk=need_id)
    return [
        {
            "business": {"id": m.subject.pk, "name": m.subject.name},
            "score": m.score,
            "most": m.most,
            "components": _components(m),
        }
        for m in sel.need_matches(user=user, need=need)
    ]


@router.get(
    "/partnerships/businesses/{business_id}/partners",
    response=responses({200: list[PartnerNeedMatchOut]}),
    description="The open needs and offers of partners that fit a business, best first, each component in words.",
)
def business_partners(request: HttpRequest, business_id: PathId) -> Any:
    user = _staff(request)
    business = business_get(user=user, pk=business_id)
    return [
        {"need": _need(m.subject), "score": m.score, "most": m.most, "components": _components(m)}
        for m in sel.business_partner_matches(user=user, business=business)
    ]


@router.get(
    "/partnerships/agreements",
    response=responses({200: Page[PartnershipOut]}),
    description="Partnership agreements of the offices in the caller's regions, newest first." + PAGING,
)
def partnership_list(request: HttpRequest, filters: Query[PartnershipQuery]) -> Any:
    user = _staff(request)
    qs = sel.partnership_list(user=user, filters=sel.PartnershipFilter(q=filters.q or "", status=filters.status or ""))
    qs = qs.prefetch_related("parties__business")
    return paginate(qs, keyset=BY_NEWEST, page=filters, transform=lambda rows: [_partnership(p) for p in rows])


@router.post("/partnerships/agreements", response=responses({201: PartnershipOut}))
def partnership_create(request: HttpRequest, payload: PartnershipCreate) -> Any:
    user = _staff(request)
    partner = sel.partners_visible(user=user).filter(pk=payload.partner).first()
    if partner is None:
        raise field_error("partner", _("No partner you may see has this id."))
    data = payload.model_dump(exclude={"partner", "need"}, exclude_none=True) | {"need_id": payload.need}
    partnership = services.partnership_create(actor=user, partner=partner, data=data, source=ChangeSource.API)
    return Status(201, _partnership(_agreement(user, partnership.pk)))


@router.get("/partnerships/agreements/{agreement_id}", response=responses({200: PartnershipOut}))
def partnership_get(request: HttpRequest, agreement_id: PathId) -> Any:
    return _partnership(_agreement(_staff(request), agreement_id))


@router.post("/partnerships/agreements/{agreement_id}/status", response=responses({200: PartnershipOut}))
def partnership_status(request: HttpRequest, agreement_id: PathId, payload: PartnershipStatusIn) -> Any:
    user = _staff(request)
    partnership = sel.partnership_get(user=user, pk=agreement_id)
    services.partnership_advance(actor=user, partnership=partnership, to=payload.to, source=ChangeSource.API)
    return _partnership(_agreement(user, agreement_id))
