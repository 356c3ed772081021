"""A participant's page, reached from the participants tab: capital aid paid from a budget line (the
service refuses what the line has not left), mentoring visits, outcomes (a registry document obtained after
certification help, or a follow-up survey's answers), and the yearly figures before and after."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.programs import selectors, services
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.forms_participants import AidForm, OutcomeForm, VisitForm
from sinergi.programs.models import Enrollment, Program
from sinergi.programs.views._base import can_write, program_or_404, require_write, saved, user_of
from sinergi.programs.views.programs import _lines


def _enrollment_or_404(request: HttpRequest, program: Program, enrollment_pk: int) -> Enrollment:
    enrollment = selectors.program_enrollments(user=user_of(request), program=program).filter(pk=enrollment_pk).first()
    if enrollment is None:
        raise Http404(_("No such participant."))
    return enrollment


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


@login_required
@require_POST
def aid_add(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    enrollment = _enrollment_or_404(request, program, enrollment_pk)
    form = AidForm(request.POST, lines=_lines(program))
    if form.is_valid():
        data = form.service_data()
        if saved(
            form,
            lambda: services.aid_disburse(actor=user, enrollment=enrollment, data=data),
            field_map=form.FIELD_MAP,
            refused_on=None,
        ):
            messages.success(request, _("Aid recorded."))
            return redirect("program_participant", pk=program.pk, enrollment_pk=enrollment.pk)
    return _page(request, program, enrollment, aid_form=form)


@login_required
@require_POST
def visit_add(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    enrollment = _enrollment_or_404(request, program, enrollment_pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        data = form.service_data()
        if saved(
            form,
            lambda: services.mentoring_visit_add(actor=user, enrollment=enrollment, data=data),
            field_map={},
            refused_on=None,
        ):
            messages.success(request, _("Mentoring visit recorded."))
            return redirect("program_participant", pk=program.pk, enrollment_pk=enrollment.pk)
    return _page(request, program, enrollment, visit_form=form)


@login_required
@require_POST
def outcome_add(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    enrollment = _enrollment_or_404(request, program, enrollment_pk)
    records = selectors.participant_records(enrollment=enrollment)
    form = OutcomeForm(request.POST, documents=_documents(records))
    if form.is_valid():
        data = form.service_data()
        if saved(
            form,
            lambda: services.outcome_record(actor=user, enrollment=enrollment, data=data),
            field_map=form.FIELD_MAP,
            refused_on=None,
        ):
            messages.success(request, _("Outcome recorded."))
            return redirect("program_participant", pk=program.pk, enrollment_pk=enrollment.pk)
    return _page(request, program, enrollment, outcome_form=form)
