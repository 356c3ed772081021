"""Programs: list, create, read, correct, delete, and the status transitions; their budget lines and realisations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_NEWEST, Page, paginate
from sinergi.programs import selectors, services
from sinergi.programs.api._common import API, MONEY, PAGING, PathId, no_content, program_for, staff_program
from sinergi.programs.models import Program
from sinergi.programs.schemas import (
    BudgetLineIn,
    BudgetLineUpdate,
    BudgetOut,
    ProgramCreate,
    ProgramOut,
    ProgramQuery,
    ProgramUpdate,
    RealisationIn,
    RealisationOut,
    TransitionIn,
)

router = Router(tags=["programs"])

# --- programs -------------------------------------------------------------------------------------


@router.get(
    "/programs",
    response=responses({200: Page[ProgramOut]}),
    description="Programs visible to the caller, newest first." + PAGING,
)
def program_list(request: HttpRequest, filters: Query[ProgramQuery]) -> Any:
    qs = selectors.program_list(
        user=actor_of(request),
        filters=selectors.ProgramFilter(
            q=filters.q,
            kind=filters.kind or "",
            year=filters.year,
            status=filters.status or "",
            target=filters.target or "",
            region=filters.region,
        ),
    )
    return paginate(qs, keyset=BY_NEWEST, page=filters)


@router.post("/programs", response=responses({201: ProgramOut}), description="A new program, in draft.")
def program_create(request: HttpRequest, payload: ProgramCreate) -> Any:
    user = actor_of(request)
    program = services.program_create(actor=user, data=_program_data(payload), source=API)
    return Status(201, selectors.program_get(user=user, pk=program.pk))


@router.get("/programs/{program_id}", response=responses({200: ProgramOut}))
def program_get(request: HttpRequest, program_id: PathId) -> Program:
    return program_for(request, program_id)[1]


@router.patch("/programs/{program_id}", response=responses({200: ProgramOut}))
def program_update(request: HttpRequest, program_id: PathId, payload: ProgramUpdate) -> Program:
    user, program = program_for(request, program_id)
    services.program_update(actor=user, program=program, data=_program_data(payload), source=API)
    return selectors.program_get(user=user, pk=program_id)


@router.delete(
    "/programs/{program_id}", response=responses({204: None}), description="Only a draft without applicants."
)
def program_delete(request: HttpRequest, program_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    services.program_delete(actor=user, program=program, source=API)
    return no_content()


@router.post(
    "/programs/{program_id}/status",
    response=responses({200: ProgramOut}),
    description="Move the program: draft → open → selection → running → closed (open → draft and "
    "selection → open while allowed).",
)
def program_transition(request: HttpRequest, program_id: PathId, payload: TransitionIn) -> Program:
    user, program = program_for(request, program_id)
    services.program_transition(actor=user, program=program, to=payload.to, source=API)
    return selectors.program_get(user=user, pk=program_id)


def _program_data(payload: ProgramCreate | ProgramUpdate) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    if "region" in data:
        data["region_id"] = data.pop("region")
    for key in ("certification", "location", "description", "external_ref"):
        if key in data and data[key] is None:
            data[key] = ""
    return data


# --- budget ---------------------------------------------------------------------------------------


def _budget(program: Program) -> dict[str, Any]:
    rows = selectors.program_budget(program=program)
    allotted, realised, remaining = selectors.budget_totals(rows)
    lines = [
        {
            "id": r.line.pk,
            "source": r.line.source,
            "amount": r.line.amount,
            "realised": r.realised,
            "remaining": r.remaining,
            "reference": r.line.reference,
            "note": r.line.note,
        }
        for r in rows
    ]
    return {"lines": lines, "allotted": allotted, "realised": realised, "remaining": remaining}


@router.get(
    "/programs/{program_id}/budget",
    response=responses({200: BudgetOut}),
    description="Budget lines by source with what is realised and what remains, and the totals." + MONEY,
)
def program_budget(request: HttpRequest, program_id: PathId) -> Any:
    return _budget(staff_program(request, program_id)[1])


@router.post("/programs/{program_id}/budget-lines", response=responses({201: BudgetOut}), tags=["program budgets"])
def budget_line_add(request: HttpRequest, program_id: PathId, payload: BudgetLineIn) -> Any:
    user, program = program_for(request, program_id)
    services.budget_line_add(actor=user, program=program, data=payload.model_dump(), source=API)
    return Status(201, _budget(program))


def _line(program: Program, line_id: int) -> Any:
    return program.budget_lines.get(pk=line_id)


@router.patch(
    "/programs/{program_id}/budget-lines/{line_id}",
    response=responses({200: BudgetOut}),
    description="Change a line; never below what is realised from it." + MONEY,
)
def budget_line_update(request: HttpRequest, program_id: PathId, line_id: PathId, payload: BudgetLineUpdate) -> Any:
    user, program = program_for(request, program_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.budget_line_update(actor=user, line=_line(program, line_id), data=data, source=API)
    return _budget(program)


@router.delete(
    "/programs/{program_id}/budget-lines/{line_id}", response=responses({204: None}), tags=["program budgets"]
)
def budget_line_remove(request: HttpRequest, program_id: PathId, line_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    services.budget_line_remove(actor=user, line=_line(program, line_id), source=API)
    return no_content()


@router.get(
    "/programs/{program_id}/budget-lines/{line_id}/realisations",
    response=responses({200: list[RealisationOut]}),
)
def realisation_list(request: HttpRequest, program_id: PathId, line_id: PathId) -> Any:
    program = staff_program(request, program_id)[1]
    return _line(program, line_id).realisations.select_related("disbursement").order_by("spent_on", "id")


@router.post(
    "/programs/{program_id}/budget-lines/{line_id}/realisations",
    response=responses({201: RealisationOut}),
    description="Money spent from the line; refused when more than what is left on it." + MONEY,
)
def realisation_record(request: HttpRequest, program_id: PathId, line_id: PathId, payload: RealisationIn) -> Any:
    user, program = program_for(request, program_id)
    row = services.realisation_record(actor=user, line=_line(program, line_id), data=payload.model_dump(), source=API)
    return Status(201, row)


@router.delete(
    "/programs/{program_id}/budget-lines/{line_id}/realisations/{realisation_id}",
    response=responses({204: None}),
)
def realisation_remove(request: HttpRequest, program_id: PathId, line_id: PathId, realisation_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    realisation = _line(program, line_id).realisations.get(pk=realisation_id)
    services.realisation_remove(actor=user, realisation=realisation, source=API)
    return no_content()
