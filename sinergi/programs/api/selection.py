"""Selection runs (seed, quotas, weights), their acceptance and publication, and the public selection report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from sinergi.accounts.models import User
from sinergi.api.errors import responses
from sinergi.programs import selectors, services
from sinergi.programs.api._common import API, PathId, program_for, staff_program
from sinergi.programs.models import Program, SelectionRun
from sinergi.programs.reports.selection import selection_report
from sinergi.programs.schemas import (
    RunDetailOut,
    SelectionIn,
    SelectionReportOut,
    SelectionRunOut,
)

router = Router(tags=["program selection"])

# --- selection ------------------------------------------------------------------------------------


def _run_out(run: SelectionRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "number": run.number,
        "algorithm": run.algorithm,
        "seed": run.seed,
        "config": run.config,
        "created_at": run.created_at,
        "accepted_at": run.accepted_at,
        "published_at": run.published_at,
        "selected": len(run.result.get("selected", [])),
        "not_selected": len(run.result.get("not_selected", [])),
    }


def _run(user: User, program: Program, run_id: int) -> SelectionRun:
    run: SelectionRun = selectors.selection_runs(user=user, program=program).get(pk=run_id)
    return run


def _run_detail(run: SelectionRun) -> dict[str, Any]:
    return {"id": run.pk, **selection_report(run, public=False).as_dict()}


@router.get(
    "/programs/{program_id}/selection-runs",
    response=responses({200: list[SelectionRunOut]}),
    tags=["program selection"],
)
def run_list(request: HttpRequest, program_id: PathId) -> Any:
    user, program = staff_program(request, program_id)
    return [_run_out(r) for r in selectors.selection_runs(user=user, program=program)]


@router.post(
    "/programs/{program_id}/selection-runs",
    response=responses({201: RunDetailOut}),
    description="Run the selection over the applications: quotas per cluster and/or kecamatan, priority "
    "weights, and the published seed that breaks ties (anyone can re-run it and get the same list).",
)
def run_create(request: HttpRequest, program_id: PathId, payload: SelectionIn) -> Any:
    user, program = program_for(request, program_id)
    config = payload.model_dump(exclude={"seed", "as_of"}, exclude_unset=True)
    if config.get("capacity") is None:
        config.pop("capacity", None)  # null, like leaving it out, means the program's capacity
    run = services.selection_run(
        actor=user, program=program, seed=payload.seed, config=config, as_of=payload.as_of, source=API
    )
    return Status(201, _run_detail(_run(user, program, run.pk)))


@router.get(
    "/programs/{program_id}/selection-runs/{run_id}",
    response=responses({200: RunDetailOut}),
    description="A run's full report for staff, with each candidate's features.",
)
def run_get(request: HttpRequest, program_id: PathId, run_id: PathId) -> Any:
    user, program = staff_program(request, program_id)
    return _run_detail(_run(user, program, run_id))


@router.post(
    "/programs/{program_id}/selection-runs/{run_id}/accept",
    response=responses({200: SelectionRunOut}),
    description="Make the run final: the chosen are enrolled, the other applications not selected.",
)
def run_accept(request: HttpRequest, program_id: PathId, run_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    services.selection_accept(actor=user, run=_run(user, program, run_id), source=API)
    return _run_out(_run(user, program, run_id))


@router.post(
    "/programs/{program_id}/selection-runs/{run_id}/publish",
    response=responses({200: SelectionRunOut}),
    description="Make the accepted run's report public (GET /programs/{id}/report).",
)
def run_publish(request: HttpRequest, program_id: PathId, run_id: PathId) -> Any:
    user, program = program_for(request, program_id)
    services.selection_publish(actor=user, run=_run(user, program, run_id), source=API)
    return _run_out(_run(user, program, run_id))


@router.get(
    "/programs/{program_id}/report",
    response=responses({200: SelectionReportOut}),
    auth=None,
    description="The public selection report of the program's published run: who was chosen and why, who was "
    "not and why, the seed, rules, quotas and weights. No NIK, address, birth date or poverty decile. Open to "
    "anyone; 404 until a run is published.",
)
def public_report(request: HttpRequest, program_id: PathId) -> Any:
    latest = (
        SelectionRun.objects.filter(program_id=program_id, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is None:
        raise SelectionRun.DoesNotExist
    return selection_report(selectors.published_run_get(pk=latest), public=True).as_dict()
