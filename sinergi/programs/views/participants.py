"""A participant's page, reached from the participants tab: capital aid paid from a budget line (the
service refuses what the line has not left), mentoring visits, outcomes (a registry document obtained after
certification help, or a follow-up survey's answers), and the yearly figures before and after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.models import User
from sinergi.core.views import found_or_404, service_saved
from sinergi.programs import selectors, services
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.forms.participants import AidForm, OutcomeForm, VisitForm
from sinergi.programs.models import Enrollment, Program
from sinergi.programs.views._base import can_write, program_or_404, require_write, user_of
from sinergi.programs.views.programs import _lines


def _enrollment_or_404(request: HttpRequest, program: Program, enrollment_pk: int) -> Enrollment:
    return found_or_404(
        lambda: selectors.program_enrollments(user=user_of(request), program=program).filter(pk=enrollment_pk).first(),
        _("No such participant."),
    )


def _documents(records: selectors.ParticipantRecords) -> list[tuple[str, str]]:
    return [(str(d.pk), f"{d.get_kind_display()} {d.number}".strip()) for d in records.documents]


def _page(request: HttpRequest, program: Program, enrollment: Enrollment, **bound: forms.Form) -> HttpResponse:
    records = selectors.participant_records(enrollment=enrollment)
    editable = can_write(user_of(request), program)
    context: dict[str, Any] = {
        "program": program,
        "enrollment": enrollment,
        "name": str(enrollment.business or enrollment.cooperative or enrollment.person),
        "records": records,
        "aid_total": sum((d.amount for d in records.disbursements), start=0),
        "figures": selectors.outcome_figures(enrollment=enrollment),
        "can_edit": editable and program.status != ProgramStatus.CLOSED,
        "running": program.status == ProgramStatus.RUNNING,
        "can_record_outcomes": editable and program.status in (ProgramStatus.RUNNING, ProgramStatus.CLOSED),
        "aid_form": bound.get("aid_form") or AidForm(lines=_lines(program)),
        "visit_form": bound.get("visit_form") or VisitForm(),
        "outcome_form": bound.get("outcome_form") or OutcomeForm(documents=_documents(records)),
    }
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "programs/participant.html", context, status=status)


@login_required
@require_GET
def participant_detail(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    program = program_or_404(request, pk)
    return _page(request, program, _enrollment_or_404(request, program, enrollment_pk))


F = TypeVar("F", bound=forms.Form)


def _record(
    request: HttpRequest,
    pk: int,
    enrollment_pk: int,
    *,
    form_of: Callable[[Program, Enrollment], F],
    write: Callable[[User, Enrollment, F], object],
    field_map: dict[str, str],
    done: str,
    slot: str,
) -> HttpResponse:
    """One record added to a participant's page (aid, visit, outcome): the bound form ``form_of`` builds, written
    by ``write`` when valid; back to the page with ``done``, or the page again with the form in ``slot``."""
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    enrollment = _enrollment_or_404(request, program, enrollment_pk)
    form = form_of(program, enrollment)
    if form.is_valid() and service_saved(
        form, lambda: write(user, enrollment, form), field_map=field_map, refused_on=None
    ):
        messages.success(request, done)
        return redirect("program_participant", pk=program.pk, enrollment_pk=enrollment.pk)
    return _page(request, program, enrollment, **{slot: form})


@login_required
@require_POST
def aid_add(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    return _record(
        request,
        pk,
        enrollment_pk,
        form_of=lambda program, _enrollment: AidForm(request.POST, lines=_lines(program)),
        write=lambda user, enrollment, form: services.aid_disburse(
            actor=user, enrollment=enrollment, data=form.service_data()
        ),
        field_map=AidForm.FIELD_MAP,
        done=_("Aid recorded."),
        slot="aid_form",
    )


@login_required
@require_POST
def visit_add(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    return _record(
        request,
        pk,
        enrollment_pk,
        form_of=lambda _program, _enrollment: VisitForm(request.POST),
        write=lambda user, enrollment, form: services.mentoring_visit_add(
            actor=user, enrollment=enrollment, data=form.service_data()
        ),
        field_map={},
        done=_("Mentoring visit recorded."),
        slot="visit_form",
    )


@login_required
@require_POST
def outcome_add(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    return _record(
        request,
        pk,
        enrollment_pk,
        form_of=lambda _program, enrollment: OutcomeForm(
            request.POST, documents=_documents(selectors.participant_records(enrollment=enrollment))
        ),
        write=lambda user, enrollment, form: services.outcome_record(
            actor=user, enrollment=enrollment, data=form.service_data()
        ),
        field_map=OutcomeForm.FIELD_MAP,
        done=_("Outcome recorded."),
        slot="outcome_form",
    )
