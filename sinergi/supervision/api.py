"""Supervision endpoints: the risk ranking (/cooperatives/risk), and inspection plans, inspections, findings and
follow-ups under /supervision/.

As in the registry API: input is parsed by the schemas, reads go through region-scoped selectors, writes
through the supervision services (source=API, actor=the caller); a record outside the caller's regions is
404 like a missing one, a viewer's write 403, bad input 422 problem JSON. Only office staff use these
endpoints: anyone else (a cooperative's own officer included) gets 403.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_NEWEST, Keyset, Page, PageQuery, paginate
from sinergi.cooperatives.models import Cooperative
from sinergi.core.models import ChangeSource
from sinergi.registry.schemas import MAX_ID
from sinergi.supervision import selectors as sel
from sinergi.supervision import services
from sinergi.supervision.models import Finding
from sinergi.supervision.risk import RiskEntry, risk_entries, risk_ranking
from sinergi.supervision.schemas import (
    FindingIn,
    FindingOut,
    FollowUpCreate,
    FollowUpListOut,
    FollowUpOut,
    FollowUpQuery,
    FollowUpUpdate,
    InspectionCreate,
    InspectionOut,
    InspectionQuery,
    InspectionUpdate,
    PlanCreate,
    PlanOut,
    PlanQuery,
    PlanUpdate,
    RiskOut,
)

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
BY_RISK = Keyset(field="risk_score", descending=True)
PAGING = " Keyset pages: pass the `next` value of a page as `cursor` for the following one."

# The operation ids clients generated code against while these endpoints lived in the cooperatives app
# (django-ninja derives them from the module path): kept as they were when the app moved.
OPERATION_PREFIX = "sinergi_cooperatives_supervision_api_"

router = Router(tags=["supervision"])


def _staff(request: HttpRequest) -> User:
    user = actor_of(request)
    services.require_supervision_read(user)
    return user


def _rename(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(k, k): v for k, v in data.items()}


def _payload(payload: Any, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields sent, with the service's names; a status sent as null means "unchanged", not the default."""
    data = payload.model_dump(exclude_unset=True)
    if data.get("status", "") is None:
        del data["status"]
    return _rename(data, names or {})


# --- risk ------------------------------------------------------------------------------------------


def _risk(entries: list[RiskEntry]) -> list[dict[str, Any]]:
    return [
        {
            "cooperative": e.cooperative,
            "score": e.score,
            "reasons": list(e.reasons),
            "health_predicate": e.cooperative.health_predicate,
            "health_total": e.cooperative.health_total,
            "health_year": e.cooperative.health_year,
        }
        for e in entries
    ]


@router.get(
    "/cooperatives/risk",
    response=responses({200: Page[RiskOut]}),
    tags=["cooperatives"],
    description="Cooperatives to inspect first, the highest risk score first, each with its reasons." + PAGING,
    operation_id=OPERATION_PREFIX + "risk_list",
)
def risk_list(request: HttpRequest, page: Query[PageQuery]) -> Any:
    user, today = _staff(request), timezone.localdate()
    qs = risk_ranking(user=user, today=today)
    return paginate(qs, keyset=BY_RISK, page=page, transform=lambda rows: _risk(risk_entries(rows, today=today)))


# --- plans --------------------------------------------------------------------------------------------


def _plan_data(payload: PlanCreate | PlanUpdate) -> dict[str, Any]:
    return _rename(payload.model_dump(exclude_unset=True), {"region": "region_id"})


@router.get(
    "/supervision/plans",
    response=responses({200: Page[PlanOut]}),
    description="Newest first." + PAGING,
    operation_id=OPERATION_PREFIX + "plan_list",
)
def plan_list(request: HttpRequest, filters: Query[PlanQuery]) -> Any:
    qs = sel.plans_visible(user=_staff(request)).select_related("region")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return paginate(qs, keyset=BY_NEWEST, page=filters)


@router.post("/supervision/plans", response=responses({201: PlanOut}), operation_id=OPERATION_PREFIX + "plan_create")
def plan_create(request: HttpRequest, payload: PlanCreate) -> Any:
    user = _staff(request)
    plan = services.inspection_plan_create(actor=user, data=_plan_data(payload), source=API)
    return Status(201, sel.plan_get(user=user, pk=plan.pk))


@router.get(
    "/supervision/plans/{plan_id}", response=responses({200: PlanOut}), operation_id=OPERATION_PREFIX + "plan_get"
)
def plan_get(request: HttpRequest, plan_id: PathId) -> Any:
    return sel.plan_get(user=_staff(request), pk=plan_id)


@router.patch(
    "/supervision/plans/{plan_id}", response=responses({200: PlanOut}), operation_id=OPERATION_PREFIX + "plan_update"
)
def plan_update(request: HttpRequest, plan_id: PathId, payload: PlanUpdate) -> Any:
    user = _staff(request)
    plan = sel.plan_get(user=user, pk=plan_id)
    services.inspection_plan_update(actor=user, plan=plan, data=_plan_data(payload), source=API)
    return sel.plan_get(user=user, pk=plan_id)


# --- inspections --------------------------------------------------------------------------------------


@router.get(
    "/supervision/inspections",
    response=responses({200: Page[InspectionOut]}),
    description="Newest first." + PAGING,
    operation_id=OPERATION_PREFIX + "inspection_list",
)
def inspection_list(request: HttpRequest, filters: Query[InspectionQuery]) -> Any:
    qs = sel.inspection_list(
        user=_staff(request),
        filters=sel.InspectionFilter(cooperative=filters.cooperative, plan=filters.plan, status=filters.status or ""),
    )
    return paginate(qs, keyset=BY_NEWEST, page=filters)


@router.post(
    "/supervision/inspections",
    response=responses({201: InspectionOut}),
    operation_id=OPERATION_PREFIX + "inspection_create",
)
def inspection_create(request: HttpRequest, payload: InspectionCreate) -> Any:
    user = _staff(request)
    data = _payload(payload)
    try:
        cooperative = sel.supervised_cooperative_get(user=user, pk=data.pop("cooperative"))
    except Cooperative.DoesNotExist:
        raise field_error("cooperative", _("Unknown cooperative.")) from None
    inspection = services.inspection_create(
        actor=user, cooperative=cooperative, data=_rename(data, {"plan": "plan_id"}), source=API
    )
    return Status(201, sel.inspection_get(user=user, pk=inspection.pk))


@router.get(
    "/supervision/inspections/{inspection_id}",
    response=responses({200: InspectionOut}),
    operation_id=OPERATION_PREFIX + "inspection_get",
)
def inspection_get(request: HttpRequest, inspection_id: PathId) -> Any:
    return sel.inspection_get(user=_staff(request), pk=inspection_id)


@router.patch(
    "/supervision/inspections/{inspection_id}",
    response=responses({200: InspectionOut}),
    operation_id=OPERATION_PREFIX + "inspection_update",
)
def inspection_update(request: HttpRequest, inspection_id: PathId, payload: InspectionUpdate) -> Any:
    user = _staff(request)
    inspection = sel.inspection_get(user=user, pk=inspection_id)
    data = _payload(payload, {"plan": "plan_id"})
    services.inspection_update(actor=user, inspection=inspection, data=data, source=API)
    return sel.inspection_get(user=user, pk=inspection_id)


# --- findings -----------------------------------------------------------------------------------------


def _findings(*, user: User, inspection_id: int) -> list[Finding]:
    follow_ups = sel.follow_ups_visible(user=user).order_by("due_on", "id")
    return list(
        sel.findings_visible(user=user)
        .filter(inspection_id=inspection_id)
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups))
        .order_by("id")
    )


@router.get(
    "/supervision/inspections/{inspection_id}/findings",
    response=responses({200: list[FindingOut]}),
    operation_id=OPERATION_PREFIX + "finding_list",
)
def finding_list(request: HttpRequest, inspection_id: PathId) -> Any:
    """The inspection's findings, each with its follow-ups (deadline first)."""
    user = _staff(request)
    inspection = sel.inspection_get(user=user, pk=inspection_id)
    return _findings(user=user, inspection_id=inspection.pk)


@router.post(
    "/supervision/inspections/{inspection_id}/findings",
    response=responses({201: FindingOut}),
    operation_id=OPERATION_PREFIX + "finding_add",
)
def finding_add(request: HttpRequest, inspection_id: PathId, payload: FindingIn) -> Any:
    """Only a visited inspection (status done) has findings."""
    user = _staff(request)
    inspection = sel.inspection_get(user=user, pk=inspection_id)
    finding = services.finding_add(
        actor=user, inspection=inspection, data=payload.model_dump(exclude_unset=True), source=API
    )
    return Status(201, next(f for f in _findings(user=user, inspection_id=inspection.pk) if f.pk == finding.pk))


@router.delete(
    "/supervision/findings/{finding_id}",
    response=responses({204: None}),
    operation_id=OPERATION_PREFIX + "finding_remove",
)
def finding_remove(request: HttpRequest, finding_id: PathId) -> Any:
    """Remove a finding entered by mistake, with its follow-ups."""
    user = _staff(request)
    services.finding_remove(actor=user, finding=sel.finding_get(user=user, pk=finding_id), source=API)
    return HttpResponse(status=204)


# --- follow-ups ---------------------------------------------------------------------------------------


@router.get(
    "/supervision/follow-ups",
    response=responses({200: Page[FollowUpListOut]}),
    description="Follow-ups of the caller's cooperatives, newest first; `overdue=true` for those past their "
    "deadline." + PAGING,
    operation_id=OPERATION_PREFIX + "follow_up_list",
)
def follow_up_list(request: HttpRequest, filters: Query[FollowUpQuery]) -> Any:
    qs = sel.follow_up_list(
        user=_staff(request),
        filters=sel.FollowUpFilter(
            status=filters.status or "",
            overdue=filters.overdue,
            inspection=filters.inspection,
            cooperative=filters.cooperative,
        ),
    ).select_related("finding__inspection__cooperative__region")
    return paginate(qs, keyset=BY_NEWEST, page=filters)


@router.post(
    "/supervision/findings/{finding_id}/follow-ups",
    response=responses({201: FollowUpOut}),
    operation_id=OPERATION_PREFIX + "follow_up_add",
)
def follow_up_add(request: HttpRequest, finding_id: PathId, payload: FollowUpCreate) -> Any:
    user = _staff(request)
    finding = sel.finding_get(user=user, pk=finding_id)
    follow_up = services.follow_up_add(actor=user, finding=finding, data=_payload(payload), source=API)
    return Status(201, sel.follow_up_get(user=user, pk=follow_up.pk))


@router.patch(
    "/supervision/follow-ups/{follow_up_id}",
    response=responses({200: FollowUpOut}),
    operation_id=OPERATION_PREFIX + "follow_up_update",
)
def follow_up_update(request: HttpRequest, follow_up_id: PathId, payload: FollowUpUpdate) -> Any:
    """Change the status (done needs `done_on`), the deadline or the notes."""
    user = _staff(request)
    follow_up = sel.follow_up_get(user=user, pk=follow_up_id)
    services.follow_up_update(actor=user, follow_up=follow_up, data=_payload(payload), source=API)
    return sel.follow_up_get(user=user, pk=follow_up_id)
