"""Work-program endpoints: programs and their items, each step of the flow, the associations' 100-day standing
and a program's scorecard. Thin: selectors read (scoped to the caller's associations), services write
(source=API); another region's program is 404, a refused step 403, bad input 422 problem JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Path, Query, Router, Status
from ninja.files import UploadedFile

from sinergi.accounts.access import require_workprogram_access
from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_NAME, BY_NEWEST, Page, PageQuery, paginate
from sinergi.api.types import IsoDate
from sinergi.core.models import ChangeSource
from sinergi.registry import selectors as registry_selectors
from sinergi.registry.models import Association
from sinergi.workprograms import selectors, services
from sinergi.workprograms.schemas import (
    ItemIn,
    ItemOut,
    ProgramIn,
    ReviewIn,
    ScorecardOut,
    StandingOut,
    StepIn,
    WorkProgramDetailOut,
    WorkProgramOut,
    WorkProgramQuery,
    WorkProgressOut,
)

API = ChangeSource.API
PathId = Annotated[int, Path(ge=1, le=2**63 - 1)]

router = Router(tags=["work programs"])


def _caller(request: HttpRequest) -> User:
    """The caller, refused (403) unless work programs are theirs to see: the office's staff, associations' officers."""
    user = actor_of(request)
    require_workprogram_access(user)
    return user


@router.get(
    "/work-programs",
    response=responses({200: Page[WorkProgramOut]}),
    description="Visible work programs, newest first.",
)
def program_list(request: HttpRequest, filters: Query[WorkProgramQuery]) -> Any:
    qs = selectors.program_list(
        user=_caller(request),
        filters=selectors.ProgramFilter(
            kind=filters.kind or "", status=filters.status or "", association=filters.association
        ),
    ).order_by("-id")
    return paginate(qs, keyset=BY_NEWEST, page=filters)


@router.post("/work-programs", response=responses({201: WorkProgramDetailOut}))
def program_create(request: HttpRequest, payload: ProgramIn) -> Any:
    """A draft program for an association the caller may act for (its own officer, or an office editor)."""
    user = _caller(request)
    association = registry_selectors.association_get(user=user, pk=payload.association_id)
    program = services.program_create(
        actor=user, association=association, data=payload.model_dump(exclude={"association_id"}), source=API
    )
    return Status(201, program)


class StandingQuery(PageQuery):
    overdue: bool = False


@router.get(
    "/work-programs/standing",
    response=responses({200: Page[StandingOut]}),
    description="Each visible association's 100-day program: its deadline (the office's number of days after the "
    "inauguration), whether it was submitted, and the days late, counted in the office's time zone.",
)
def standing_list(request: HttpRequest, filters: Query[StandingQuery]) -> Any:
    qs = selectors.association_standing(
        user=_caller(request), filters=selectors.StandingFilter(overdue=filters.overdue)
    )
    standings = selectors.Standings()

    def rows(associations: list[Association]) -> list[dict[str, Any]]:
        out = []
        for a in associations:
            state = standings.of(a)
            out.append(
                {
                    "association_id": a.pk,
                    "association": a.name,
                    "region_code": a.region_id,
                    "inaugurated_on": a.inaugurated_on,
                    "due_on": state.due_on,
                    "state": state.state,
                    "days_late": state.days_late,
                    "program_id": getattr(a, "hd_id", None),
                    "program_status": getattr(a, "hd_status", None),
                }
            )
        return out

    return paginate(qs, keyset=BY_NAME, page=filters, transform=rows)


@router.get("/work-programs/{program_id}", response=responses({200: WorkProgramDetailOut}))
def program_get(request: HttpRequest, program_id: PathId) -> Any:
    return selectors.program_get(user=_caller(request), pk=program_id)


@router.post("/work-programs/{program_id}/items", response=responses({201: ItemOut}))
def item_add(request: HttpRequest, program_id: PathId, payload: ItemIn) -> Any:
    user = _caller(request)
    program = selectors.program_get(user=user, pk=program_id)
    return Status(201, services.item_add(actor=user, program=program, data=payload.model_dump(), source=API))


@router.post("/work-programs/{program_id}/steps", response=responses({200: WorkProgramDetailOut}))
def program_step(request: HttpRequest, program_id: PathId, payload: StepIn) -> Any:
    """submit, start, report (the association) or close (the office)."""
    user = _caller(request)
    program = selectors.program_get(user=user, pk=program_id)
    step = {
        "submit": services.program_submit,
        "start": services.program_start,
        "report": services.program_report,
        "close": services.program_close,
    }[payload.step]
    return step(actor=user, program=program, source=API)


@router.post("/work-programs/{program_id}/review", response=responses({200: WorkProgramDetailOut}))
def program_review(request: HttpRequest, program_id: PathId, payload: ReviewIn) -> Any:
    """The office's review of a submitted program: approve, or return with a comment per item."""
    user = _caller(request)
    program = selectors.program_get(user=user, pk=program_id)
    if payload.decision == "approve":
        return services.program_approve(actor=user, program=program, note=payload.note, source=API)
    return services.program_return(
        actor=user, program=program, comments=payload.comments, note=payload.note, source=API
    )


@router.get("/work-programs/{program_id}/scorecard", response=responses({200: ScorecardOut}))
def program_scorecard(request: HttpRequest, program_id: PathId) -> Any:
    program = selectors.program_get(user=_caller(request), pk=program_id)
    card = selectors.program_scorecard(program=program)
    return {
        "program_id": program.pk,
        "items": card.items,
        "on_time": card.on_time,
        "late": card.late,
        "not_done": card.not_done,
        "open": card.open,
        "on_time_percent": card.on_time_percent,
    }


@router.post("/work-program-items/{item_pk}/progress", response=responses({201: WorkProgressOut}))
def progress_add(
    request: HttpRequest,
    item_pk: PathId,
    reported_on: Form[IsoDate],
    achieved: Form[Decimal],
    narrative: Form[str],
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    """A progress report on an item of a running program (multipart): the number reached so far, what was done,
    and up to five photos or PDFs as ``evidence`` — the same service as the page, so the same size limit and the
    type read from the content, not the name."""
    user = _caller(request)
    item = selectors.item_get(user=user, pk=item_pk)
    report = services.progress_add(
        actor=user,
        item=item,
        reported_on=reported_on,
        achieved=achieved,
        narrative=narrative,
        uploads=evidence or [],
        source=API,
    )
    return Status(201, report)
