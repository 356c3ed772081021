"""Selection runs: run with quotas, weights and a published seed; the staff report (chosen and why, not
chosen and why, with the score's parts); accept; publish; and the public report anyone may read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.views import found_or_404, service_saved
from sinergi.programs import selectors, services
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.forms import SelectionForm
from sinergi.programs.models import SelectionRun
from sinergi.programs.reports.reading import selection_reading
from sinergi.programs.views._base import (
    can_write,
    program_or_404,
    reported,
    require_write,
    run_or_404,
    user_of,
)
from sinergi.programs.views.programs import program_page

T = TypeVar("T")


@login_required
@require_POST
def selection_run(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = SelectionForm(request.POST)
    if form.is_valid():
        seed, config = form.cleaned_data["seed"], form.config()
        made: list[SelectionRun] = []
        if service_saved(
            form,
            lambda: made.append(services.selection_run(actor=user, program=program, seed=seed, config=config)),
            field_map={"config": "__all__", "program": "__all__", "status": "__all__"},
            refused_on=None,
        ):
            messages.success(request, _("Selection run %(n)s done.") % {"n": made[0].number})
            return redirect("program_run", pk=program.pk, run_pk=made[0].pk)
    return program_page(request, program, tab="selection", selection_form=form)


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    run = run_or_404(request, program, run_pk)
    accepted = selectors.selection_runs(user=user, program=program).filter(accepted_at__isnull=False).exists()
    context = {
        "program": program,
        "run": run,
        "reading": selection_reading(run, public=False),
        "can_accept": can_write(user, program) and program.status == ProgramStatus.SELECTION and not accepted,
        "can_publish": can_write(user, program) and run.accepted_at is not None and run.published_at is None,
    }
    return render(request, "programs/run.html", context)


def _run_step(
    request: HttpRequest, pk: int, run_pk: int, step: Callable[..., T], done: Callable[[T], str]
) -> HttpResponse:
    """A button on a run's page: ``step(actor=, run=)`` is the service, ``done`` the message when it went through."""
    user = user_of(request)
    program = program_or_404(request, pk)
    run = run_or_404(request, program, run_pk)
    require_write(user, program)
    reported(request, lambda: step(actor=user, run=run), done=done)
    return redirect("program_run", pk=program.pk, run_pk=run.pk)


@login_required
@require_POST
def run_accept(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    return _run_step(
        request,
        pk,
        run_pk,
        services.selection_accept,
        lambda enrolled: _("Selection accepted: %(n)d participants enrolled.") % {"n": len(enrolled)},
    )


@login_required
@require_POST
def run_publish(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    return _run_step(request, pk, run_pk, services.selection_publish, lambda _r: _("The selection report is public."))


@require_GET
def public_report(request: HttpRequest, run_pk: int) -> HttpResponse:
    """A published run's report, for anyone (no sign-in): names, cluster, kecamatan, score, reason; no NIK,
    address, phone, birth date or poverty decile."""
    run = found_or_404(lambda: selectors.published_run_get(pk=run_pk), _("No such published report."))
    return render(request, "programs/report.html", {"run": run, "reading": selection_reading(run, public=True)})
