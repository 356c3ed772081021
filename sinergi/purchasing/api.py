"""Purchasing endpoints: civil servants' purchases (a civil servant reads and records their own; staff those of
their regions), a program's monthly participation and the agencies' procurement shares (staff)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sinergi.accounts.access import require_purchasing_access, require_purchasing_staff
from sinergi.accounts.models import Role
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_NEWEST, Page, paginate
from sinergi.core.models import ChangeSource
from sinergi.purchasing import selectors as sel
from sinergi.purchasing import services
from sinergi.purchasing.models import Purchase
from sinergi.purchasing.schemas import (
    ParticipationOut,
    ParticipationQuery,
    ProcurementShareOut,
    PurchaseCreate,
    PurchaseOut,
    PurchaseQuery,
    ShareQuery,
)
from sinergi.registry.schemas import MAX_ID

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]

router = Router(tags=["purchasing"])


def _purchase(p: Purchase) -> dict[str, Any]:
    servant = p.civil_servant
    return {
        "id": p.pk,
        "civil_servant": {
            "id": servant.pk,
            "name": servant.name,
            "nip": servant.nip,
            "agency": {"id": servant.agency_id, "name": servant.agency.name},
        },
        "business": {"id": p.business_id, "name": p.business.name},
        "product": {"id": p.product_id, "name": p.product.name} if p.product else None,
        "description": p.description,
        "amount": f"{p.amount:.2f}",
        "day": p.day,
        "has_receipt": bool(p.receipt),
    }


def _allowed(check: Any, request: HttpRequest) -> Any:
    user = actor_of(request)
    check(user)
    return user


@router.get(
    "/purchasing/purchases",
    response=responses({200: Page[PurchaseOut]}),
    description="Purchases the caller may see, newest first: a civil servant's own, or those of the staff's "
    "regions. Keyset pages: pass `next` as `cursor`.",
)
def purchase_list(request: HttpRequest, filters: Query[PurchaseQuery]) -> Any:
    user = _allowed(require_purchasing_access, request)
    qs = sel.purchase_list(user=user, filters=sel.PurchaseFilter(q=filters.q or ""))
    return paginate(qs, keyset=BY_NEWEST, page=filters, transform=lambda rows: [_purchase(p) for p in rows])


@router.post("/purchasing/purchases", response=responses({201: PurchaseOut}))
def purchase_create(request: HttpRequest, payload: PurchaseCreate) -> Any:
    user = _allowed(require_purchasing_access, request)
    if user.role == Role.ASN:
        servant = sel.own_civil_servant(user=user)
        if servant is None:
            raise PermissionDenied(_("Your account is not linked to a civil servant."))
    else:
        nip = "".join((payload.nip or "").split())
        servant = sel.civil_servants_visible(user=user).filter(nip=nip).first() if nip else None
        if servant is None:
            raise field_error("nip", _("No civil servant you may record for has this NIP."))
    data = {
        "product_id": payload.product,
        "business_id": payload.business,
        "description": payload.description or "",
        "amount": payload.amount,
        "day": payload.day,
    }
    purchase = services.purchase_record(actor=user, civil_servant=servant, data=data, source=ChangeSource.API)
    return Status(201, _purchase(sel.purchase_get(user=user, pk=purchase.pk)))


@router.get("/purchasing/programs/{program_id}/participation", response=responses({200: ParticipationOut}))
def program_participation(request: HttpRequest, program_id: PathId, filters: Query[ParticipationQuery]) -> Any:
    user = _allowed(require_purchasing_staff, request)
    program = sel.program_get(user=user, pk=program_id)
    month = timezone.localdate().replace(day=1)
    if filters.month:
        month = dt.date(int(filters.month[:4]), int(filters.month[5:]), 1)
    figures = sel.participation(user=user, program=program, month=month)
    return {
        "program": {"id": program.pk, "name": program.name},
        "month": month.strftime("%Y-%m"),
        "agencies": [
            {
                "agency": {"id": row.agency.pk, "name": row.agency.name},
                "civil_servants": row.civil_servants,
                "participants": row.participants,
                "purchases": row.purchases,
                "value": f"{row.value:.2f}",
                "businesses": row.businesses,
                "clusters": row.clusters,
                "under_target": row.under_target,
            }
            for row in figures.agencies
        ],
        "businesses": figures.business_count,
        "under_target": [{"id": s.civil_servant.pk, "name": s.civil_servant.name} for s in figures.under_target],
    }


@router.get("/purchasing/procurement-shares", response=responses({200: list[ProcurementShareOut]}))
def procurement_shares(request: HttpRequest, filters: Query[ShareQuery]) -> Any:
    user = _allowed(require_purchasing_staff, request)
    return [
        {
            "agency": {"id": row.agency.pk, "name": row.agency.name},
            "activities": row.activities,
            "total": f"{row.total:.2f}",
            "registered": f"{row.registered:.2f}",
            "local": f"{row.local:.2f}",
            "share": f"{row.share}",
        }
        for row in sel.procurement_shares(user=user, year=filters.year or timezone.localdate().year)
    ]
