"""Empowerment endpoints (/api/v1/empowerment/…): desa potentials, candidate households, groups with their
members, drafting and moving households, confirming, visits, enrollment in a program and the office's figures.

The office's staff only, scoped to their regions (another region's group answers 404). An answer that holds
households' deciles is written to the personal-data access log, one row per person."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from sinergi.accounts.access import require_editor, require_empowerment_staff
from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.api.pagination import BY_PK, Page, paginate
from sinergi.core.models import ChangeSource
from sinergi.core.personal import announce_shown
from sinergi.empowerment import selectors as sel
from sinergi.empowerment import services
from sinergi.empowerment.models import DesaPotential, Group, GroupMember, Sector
from sinergi.empowerment.schemas import (
    EmpowermentCandidateQuery,
    EmpowermentCandidatesOut,
    EmpowermentDraftIn,
    EmpowermentDraftOut,
    EmpowermentEnrollIn,
    EmpowermentEnrollmentOut,
    EmpowermentFiguresOut,
    EmpowermentFiguresQuery,
    EmpowermentGroupDetailOut,
    EmpowermentGroupOut,
    EmpowermentGroupQuery,
    EmpowermentMoveIn,
    EmpowermentPotentialIn,
    EmpowermentPotentialOut,
    EmpowermentPotentialQuery,
    EmpowermentVisitIn,
    EmpowermentVisitOut,
)
from sinergi.privacy.models import Purpose
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry.schemas import MAX_ID
from sinergi.registry.selectors import businesses_visible

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
CANDIDATES_MAX = 1000

router = Router(tags=["empowerment"])


def _staff(request: HttpRequest) -> User:
    user = actor_of(request)
    require_empowerment_staff(user)
    return user


def _editor(request: HttpRequest) -> User:
    user = _staff(request)
    require_editor(user)
    return user


def _logged(request: HttpRequest, user: User, persons: Iterable[Any]) -> None:
    seen = {p.pk: (p.pk, p.desa_id, ("household", "decile")) for p in persons}
    announce_shown(actor=user, shown=list(seen.values()), purpose=Purpose.API, request=request)


def _desa(code: str) -> Region:
    desa = Region.objects.filter(code=code, level=RegionLevel.DESA_KELURAHAN).first()
    if desa is None:
        raise field_error("desa", _("No village (desa/kelurahan) has this code."))
    return desa


def _potential(p: DesaPotential) -> dict[str, Any]:
    return {
        "id": p.pk,
        "desa": {"code": p.desa_id, "name": p.desa.name},
        "sector": p.sector,
        "sector_label": p.get_sector_display(),
        "rank": p.rank,
        "source": p.source,
        "note": p.note,
    }


def _group(g: Group) -> dict[str, Any]:
    count = getattr(g, "household_count", None)
    return {
        "id": g.pk,
        "name": g.name,
        "desa": {"code": g.desa_id, "name": g.desa.name},
        "sector": g.sector,
        "status": g.status,
        "households": count if count is not None else g.members.values("household").distinct().count(),
        "confirmed_on": g.confirmed_on,
        "became": g.became,
    }


def _member(m: GroupMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "person": {"id": m.person_id, "name": m.person.name},
        "household": m.household,
        "decile": m.decile,
        "is_leader": m.is_leader,
        "reason": m.reason,
        "business": {"id": m.business_id, "name": m.business.name} if m.business else None,
    }


@router.get(
    "/empowerment/potentials",
    response=responses({200: Page[EmpowermentPotentialOut]}),
    description="Desa potentials of the caller's regions, by desa. Keyset pages: pass `next` as `cursor`.",
)
def potential_list(request: HttpRequest, filters: Query[EmpowermentPotentialQuery]) -> Any:
    user = _staff(request)
    qs = sel.potential_list(user=user, region=filters.region or "", sector=filters.sector or "")
    return paginate(qs, keyset=BY_PK, page=filters, transform=lambda rows: [_potential(p) for p in rows])


@router.post("/empowerment/potentials", response=responses({201: EmpowermentPotentialOut}))
def potential_save(request: HttpRequest, payload: EmpowermentPotentialIn) -> Any:
    user = _editor(request)
    saved = services.potential_save(
        actor=user, desa=_desa(payload.desa), data=payload.model_dump(exclude={"desa"}), source=ChangeSource.API
    )
    return Status(201, _potential(saved))


@router.get(
    "/empowerment/candidates",
    response=responses({200: EmpowermentCandidatesOut}),
    description="Candidate households of a region from its newest P3KE list, the poorest first; a household with "
    "several persons is one household. The answer is written to the access log.",
)
def candidate_list(request: HttpRequest, filters: Query[EmpowermentCandidateQuery]) -> Any:
    user = _staff(request)
    region = filters.region or next(iter(sorted(user.regions.values_list("code", flat=True))), "")
    homes = sel.candidates(user=user, region_code=region, max_decile=filters.max_decile) if region else []
    shown = homes[:CANDIDATES_MAX]
    _logged(request, user, (e.person for h in shown for e in h.persons))
    return {
        "region": region,
        "households": len(homes),
        "persons": sum(len(h.persons) for h in homes),
        "items": [
            {
                "household": h.key,
                "desa": {"code": h.desa_code, "name": h.desa_name},
                "decile": h.decile,
                "persons": [{"id": e.person.pk, "name": e.person.name} for e in h.persons],
            }
            for h in shown
        ],
    }


@router.get("/empowerment/groups", response=responses({200: Page[EmpowermentGroupOut]}))
def group_list(request: HttpRequest, filters: Query[EmpowermentGroupQuery]) -> Any:
    user = _staff(request)
    f = sel.GroupFilter(
        q=filters.q or "", sector=filters.sector or "", status=filters.status or "", region=filters.region or ""
    )
    return paginate(sel.group_list(user=user, filters=f), keyset=BY_PK, page=filters, transform=_groups)


def _groups(rows: list[Group]) -> list[dict[str, Any]]:
    return [_group(g) for g in rows]


@router.get(
    "/empowerment/groups/{group_id}",
    response=responses({200: EmpowermentGroupDetailOut}),
    description="A group with its members, their households, deciles when chosen and the reasons; logged.",
)
def group_detail(request: HttpRequest, group_id: PathId) -> Any:
    user = _staff(request)
    group = sel.group_get(user=user, pk=group_id)
    members = list(sel.group_members(group=group))
    _logged(request, user, (m.person for m in members))
    return {**_group(group), "members": [_member(m) for m in members]}


@router.post("/empowerment/drafts", response=responses({201: EmpowermentDraftOut}))
def group_draft(request: HttpRequest, payload: EmpowermentDraftIn) -> Any:
    user = _editor(request)
    result = services.group_draft(actor=user, desa=_desa(payload.desa), sector=payload.sector, source=ChangeSource.API)
    return Status(
        201, {"groups": [_group(g) for g in result.groups], "placed": result.placed, "left_out": result.left_out}
    )


@router.post("/empowerment/members/{member_id}/move", response=responses({200: EmpowermentGroupOut}))
def member_move(request: HttpRequest, member_id: PathId, payload: EmpowermentMoveIn) -> Any:
    user = _staff(request)
    member = sel.member_get(user=user, pk=member_id)
    require_editor(user)
    target = sel.groups_visible(user=user).filter(pk=payload.to).first()
    if target is None:
        raise field_error("to", _("Choose the group to move the household to."))
    moved = services.member_move(actor=user, member=member, to=target, source=ChangeSource.API)
    return _group(sel.group_get(user=user, pk=moved.group_id))


@router.post("/empowerment/groups/{group_id}/confirm", response=responses({200: EmpowermentGroupOut}))
def group_confirm(request: HttpRequest, group_id: PathId) -> Any:
    user = _staff(request)
    group = sel.group_get(user=user, pk=group_id)
    require_editor(user)
    group = services.group_confirm(actor=user, group=group, source=ChangeSource.API)
    return _group(group)


@router.post("/empowerment/groups/{group_id}/visits", response=responses({201: EmpowermentVisitOut}))
def visit_create(request: HttpRequest, group_id: PathId, payload: EmpowermentVisitIn) -> Any:
    user = _staff(request)
    group = sel.group_get(user=user, pk=group_id)
    require_editor(user)
    wanted = set(payload.started.values())
    found = {b.pk: b for b in businesses_visible(user=user).filter(pk__in=wanted)}
    if wanted - set(found):
        raise field_error("started", _("No business you may see has this id."))
    visit = services.visit_record(
        actor=user,
        group=group,
        visited_on=payload.visited_on,
        note=payload.note,
        incomes=payload.incomes,
        started={key: found[pk] for key, pk in payload.started.items()},
        source=ChangeSource.API,
    )
    incomes = {row.household: row.band for row in visit.incomes.all()}
    return Status(201, {"id": visit.pk, "visited_on": visit.visited_on, "note": visit.note, "incomes": incomes})


@router.post("/empowerment/groups/{group_id}/enrollments", response=responses({200: list[EmpowermentEnrollmentOut]}))
def group_enroll(request: HttpRequest, group_id: PathId, payload: EmpowermentEnrollIn) -> Any:
    user = _staff(request)
    group = sel.group_get(user=user, pk=group_id)
    require_editor(user)
    program = sel.programs_to_enroll(user=user, group=group).filter(pk=payload.program).first()
    if program is None:
        raise field_error("program", _("No program for persons you may enroll this group in has this id."))
    results = services.group_enroll(
        actor=user,
        group=group,
        program=program,
        acknowledge_double_aid=payload.acknowledge_double_aid,
        source=ChangeSource.API,
    )
    return [{"household": r.household, "person": r.person, "status": r.status, "reason": r.reason} for r in results]


def _movement(m: sel.Movement | None) -> dict[str, int] | None:
    if m is None:
        return None
    return {
        "households": m.households,
        "left_poorest": m.left_poorest,
        "up": m.up,
        "same": m.same,
        "down": m.down,
        "missing": m.missing,
    }


@router.get("/empowerment/figures", response=responses({200: EmpowermentFiguresOut}))
def figures(request: HttpRequest, filters: Query[EmpowermentFiguresQuery]) -> Any:
    user = _staff(request)
    offices = dict(sel.offices_of(user=user))
    office = filters.office or next(iter(offices), "")
    if office not in offices:
        raise field_error("office", _("You may not read the figures of this office."))
    f = sel.figures(user=user, office=office)
    sectors = dict(Sector.choices)
    return {
        "office": office,
        "by_sector": [
            {"key": k, "label": str(sectors.get(k, k)), "households": n} for k, n in sorted(f.by_sector.items())
        ],
        "by_desa": [{"key": k, "label": k, "households": n} for k, n in sorted(f.by_desa.items())],
        "decile_one": f.decile_one,
        "decile_one_grouped": f.decile_one_grouped,
        "after_one_year": _movement(f.after_one_year),
        "after_two_years": _movement(f.after_two_years),
    }
