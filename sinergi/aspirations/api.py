"""Aspiration endpoints: /aspirations and /aspiration-forums for office staff (region-scoped; a record outside
the caller's regions is 404 like a missing one; phone and email masked unless the caller may see them), the
office's figures, and two public endpoints without authentication that answer only what the public pages show:
/public/aspirations/{code} and /public/aspiration-forums/{id}."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sinergi.accounts.access import is_office_staff, personal_checker, region_in_scope
from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_NEWEST, Page, paginate
from sinergi.aspirations import public, services
from sinergi.aspirations import selectors as sel
from sinergi.aspirations.codes import normalise_code
from sinergi.aspirations.models import Aspiration, Category, Forum
from sinergi.aspirations.schemas import (
    ActionIn,
    AspirationIn,
    AspirationOut,
    AspirationQuery,
    DeadlineRuleIn,
    DeadlineRuleOut,
    FiguresOut,
    ForumIn,
    ForumOut,
    PublicForumOut,
    PublicStatusOut,
)
from sinergi.core.middleware import client_ip
from sinergi.core.models import ChangeSource
from sinergi.regions.models import Region
from sinergi.registry.schemas import MAX_ID

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
router = Router(tags=["aspirations"])


def _staff(request: HttpRequest) -> User:
    user = actor_of(request)
    if not is_office_staff(user):
        raise PermissionDenied(_("Aspirations are for the office's staff."))
    return user


def _out(user: User, a: Aspiration, checker: Any = None) -> dict[str, Any]:
    contact = sel.contact(user=user, aspiration=a, checker=checker)
    return {
        "id": a.pk,
        "code": a.code,
        "office": a.office_id,
        "forum": a.forum_id,
        "who": a.who,
        "business": a.business_id,
        "person": a.person_id,
        "name": a.name,
        "phone": contact["phone"],
        "email": contact["email"],
        "text": a.text,
        "category": a.category,
        "desa": a.desa_id,
        "channel": a.channel,
        "heard_at": a.heard_at,
        "created_at": a.created_at,
        "confidentiality": a.confidentiality,
        "status": a.status,
        "outcome": a.outcome,
        "outcome_note": a.outcome_note,
        "merged_into": a.merged_into_id,
        "assignee": a.assignee_id,
        "verify_due": a.verify_due,
        "plan_due": a.plan_due,
        "answer": a.answer,
        "answered_at": a.answered_at,
        "closed_at": a.closed_at,
        "application": a.application_id,
        "inspection": a.inspection_id,
        "overdue": sel.is_overdue(a),
    }


@router.get("/aspirations", response=responses({200: Page[AspirationOut]}), description="Newest first.")
def aspiration_list(request: HttpRequest, query: Query[AspirationQuery]) -> Any:
    user = _staff(request)
    filters = sel.AspirationFilter(
        status=query.status or "",
        category=query.category or "",
        forum=query.forum,
        overdue=query.overdue,
        assignee=user.pk if query.mine else None,
    )
    qs = sel.aspiration_list(user=user, filters=filters).order_by("-id")
    checker = personal_checker(user)
    return paginate(qs, keyset=BY_NEWEST, page=query, transform=lambda rows: [_out(user, a, checker) for a in rows])


@router.get("/aspirations/figures", response=responses({200: FiguresOut}))
def aspiration_figures(request: HttpRequest, office: str = "") -> Any:
    return sel.figures(user=_staff(request), office=office.strip()[:13]).as_dict()


@router.get("/aspirations/{pk}", response=responses({200: AspirationOut}))
def aspiration_detail(request: HttpRequest, pk: PathId) -> Any:
    user = _staff(request)
    return _out(user, sel.aspiration_get(user=user, pk=pk))


@router.post("/aspirations", response=responses({201: AspirationOut}))
def aspiration_create(request: HttpRequest, payload: AspirationIn) -> Any:
    user = _staff(request)
    office = Region.objects.filter(pk=payload.office).first()
    if office is None:
        raise field_error("office", _("Unknown region code."))
    data = payload.model_dump(exclude_unset=True)
    for name in ("forum", "business", "person", "desa"):
        if name in data:
            data[f"{name}_id"] = data.pop(name)
    data.pop("office")
    aspiration = services.aspiration_record(actor=user, office=office, data=data, source=API)
    return Status(201, _out(user, sel.aspiration_get(user=user, pk=aspiration.pk)))


@router.post("/aspirations/{pk}/actions", response=responses({200: AspirationOut}))
def aspiration_action(request: HttpRequest, pk: PathId, payload: ActionIn) -> Any:
    """One step of the handling: assign (officer, unit), plan, answer, close, refer (text: where), unresolved
    (text: why), merge (into: a code), reopen (text: why)."""
    user = _staff(request)
    a = sel.aspiration_get(user=user, pk=pk)
    kind, text = payload.action, payload.text
    if kind == "assign":
        officer = User.objects.filter(pk=payload.officer or 0).first()
        if officer is None:
            raise field_error("officer", _("Choose an officer who works in the office's region."))
        services.aspiration_assign(actor=user, aspiration=a, officer=officer, unit=payload.unit, source=API)
    elif kind == "plan":
        services.aspiration_plan(actor=user, aspiration=a, plan=text, source=API)
    elif kind == "answer":
        services.aspiration_answer(actor=user, aspiration=a, answer=text, source=API)
    elif kind == "close":
        services.aspiration_close(actor=user, aspiration=a, source=API)
    elif kind == "refer":
        services.aspiration_refer(actor=user, aspiration=a, where=text, source=API)
    elif kind == "unresolved":
        services.aspiration_close_unresolved(actor=user, aspiration=a, why=text, source=API)
    elif kind == "merge":
        code = normalise_code(payload.into)
        into = sel.aspirations_visible(user=user).filter(code=code).first() if code else None
        if into is None:
            raise field_error("into", _("No aspiration you may see has this code."))
        services.aspiration_merge(actor=user, aspiration=a, into=into, source=API)
    else:
        services.aspiration_reopen(actor=user, aspiration=a, reason=text, source=API)
    return _out(user, sel.aspiration_get(user=user, pk=pk))


@router.get("/aspiration-forums", response=responses({200: Page[ForumOut]}), description="Newest first.")
def forum_list(request: HttpRequest, query: Query[AspirationQuery]) -> Any:
    qs = sel.forums_visible(user=_staff(request)).order_by("-id")
    return paginate(qs, keyset=BY_NEWEST, page=query)


@router.post("/aspiration-forums", response=responses({201: ForumOut}))
def forum_create(request: HttpRequest, payload: ForumIn) -> Any:
    user = _staff(request)
    data = payload.model_dump()
    data["office_id"], data["place_id"] = data.pop("office"), data.pop("place")
    return Status(201, services.forum_create(actor=user, data=data, source=API))


@router.get("/aspiration-deadlines/{office}/{category}", response=responses({200: DeadlineRuleOut}))
def deadline_get(request: HttpRequest, office: str, category: Category) -> Any:
    """The working days of each step for a category at an office (its own rule, else the defaults); another
    region's office, or none, answers 404."""
    user = _staff(request)
    if not Region.objects.filter(pk=office).exists() or not region_in_scope(user, office):
        raise Http404
    return {"office": office, "category": category, **services.deadline_rule(office_id=office, category=category)}


@router.put("/aspiration-deadlines/{office}/{category}", response=responses({200: DeadlineRuleOut}))
def deadline_set(request: HttpRequest, office: str, category: Category, payload: DeadlineRuleIn) -> Any:
    """Set an office's own working days for a category (its editors only)."""
    user = _staff(request)
    region = Region.objects.filter(pk=office).first()
    if region is None:
        raise Http404
    services.deadline_rule_set(actor=user, office=region, category=category, data=payload.model_dump(), source=API)
    return {"office": office, "category": category, **services.deadline_rule(office_id=office, category=category)}


# --- public -------------------------------------------------------------------------------------------------


@router.get("/public/aspirations/{code}", auth=None, response=responses({200: PublicStatusOut}))
def public_status(request: HttpRequest, code: str) -> Any:
    """The status of an aspiration by its code, as its public page shows it (never a phone, email or NIK)."""
    try:
        public.lookup_allowed(ip=client_ip(request))
    except public.Refused as exc:
        from sinergi.api.errors import problem

        return problem(status=429, title=_("Too many requests"), detail=str(exc))
    found = public.status_by_code(code[:40])
    if found is None:
        raise Http404
    return {k: getattr(found, k) for k in PublicStatusOut.model_fields}


@router.get("/public/aspiration-forums/{pk}", auth=None, response=responses({200: PublicForumOut}))
def public_forum(request: HttpRequest, pk: PathId) -> Any:
    found: Forum | None = public.forum_for_public(pk)
    if found is None:
        raise Http404
    page = public.forum_page(found)
    return {
        "title": page.title,
        "kind": page.kind,
        "held_on": page.held_on,
        "place": page.place,
        "total": page.total,
        "by_category": [{"label": k, "count": v} for k, v in page.by_category],
        "by_status": [{"label": k, "count": v} for k, v in page.by_status],
        "answered": page.answered,
        "answered_on_time": page.answered_on_time,
        "on_time_percent": page.on_time_percent,
        "published": [asdict(p) for p in page.published],
    }
