"""The writes of the detail page's tabs: budget lines and realisations, eligibility rules, applications
entered by staff, direct enrollment and sessions. Each answers 403 to viewers and comes back to its tab
with the service's errors on the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.models import User
from sinergi.cooperatives.selectors import cooperatives_visible
from sinergi.programs import selectors, services
from sinergi.programs.choices import Target
from sinergi.programs.forms import (
    ApplicantForm,
    BudgetLineForm,
    EnrollForm,
    EnrollmentUpdateForm,
    RealisationForm,
    RuleForm,
    SessionForm,
)
from sinergi.programs.models import Program
from sinergi.programs.views._base import program_or_404, reported, require_write, saved, user_of
from sinergi.programs.views.programs import _lines, program_page, tab_url
from sinergi.registry.page_selectors import person_by_nik
from sinergi.registry.selectors import businesses_visible, persons_visible

_MAX_ID_DIGITS = 12
_FIELD: dict[str, str] = {
    Target.BUSINESS: "business_id",
    Target.PERSON: "person_id",
    Target.COOPERATIVE: "cooperative_id",
}


def _applicant(*, user: User, program: Program, text: str) -> dict[str, int] | None:
    """The applicant field for the program's target, for a record the user may see; None otherwise."""
    text = text.strip()
    if program.target == Target.PERSON and len(text) == 16:
        person = person_by_nik(user=user, nik=text)
        return {"person_id": person.pk} if person else None
    if not text.isdigit() or len(text) > _MAX_ID_DIGITS:
        return None
    pk = int(text)
    visible: QuerySet[Any]
    if program.target == Target.BUSINESS:
        visible = businesses_visible(user=user)
    elif program.target == Target.PERSON:
        visible = persons_visible(user=user)
    else:
        visible = cooperatives_visible(user=user)
    return {_FIELD[program.target]: pk} if visible.filter(pk=pk).exists() else None


def _not_found(program: Program) -> str:
    messages_by_target: dict[str, str] = {
        Target.BUSINESS: _("No business you may see has this number."),
        Target.PERSON: _("No person you may see has this number or NIK."),
        Target.COOPERATIVE: _("No cooperative you may see has this number."),
    }
    return messages_by_target[program.target]


# --- budget -------------------------------------------------------------------------------------------


@login_required
@require_POST
def budget_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if saved(
            form,
            lambda: services.budget_line_add(actor=user, program=program, data=data),
            field_map={},
            refused_on=None,
        ):
            messages.success(request, _("Budget line added."))
            return redirect(tab_url(program, "budget"))
    return program_page(request, program, tab="budget", budget_form=form)


@login_required
@require_POST
def budget_line_remove(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    line = program.budget_lines.filter(pk=line_pk).first()
    if line is None:
        raise Http404(_("No such budget line."))
    reported(
        request, lambda: services.budget_line_remove(actor=user, line=line), done=lambda _r: _("Budget line removed.")
    )
    return redirect(tab_url(program, "budget"))


@login_required
@require_POST
def realisation_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = RealisationForm(request.POST, lines=_lines(program))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "budget_line"}
        line = program.budget_lines.get(pk=int(form.cleaned_data["budget_line"]))
        if saved(
            form, lambda: services.realisation_record(actor=user, line=line, data=data), field_map={}, refused_on=None
        ):
            messages.success(request, _("Realisation recorded."))
            return redirect(tab_url(program, "budget"))
    return program_page(request, program, tab="budget", realisation_form=form)


# --- rules --------------------------------------------------------------------------------------------


@login_required
@require_POST
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = RuleForm(request.POST, target=program.target)
    if form.is_valid():
        data = form.rule_data()
        if saved(
            form,
            lambda: services.program_rule_add(actor=user, program=program, data=data),
            field_map={"params": "__all__", "status": "__all__"},
            refused_on=None,
        ):
            messages.success(request, _("Rule added."))
            return redirect(tab_url(program, "rules"))
    return program_page(request, program, tab="rules", rule_form=form)


@login_required
@require_POST
def rule_remove(request: HttpRequest, pk: int, rule_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    rule = program.rules.filter(pk=rule_pk).first()
    if rule is None:
        raise Http404(_("No such rule."))
    reported(request, lambda: services.program_rule_remove(actor=user, rule=rule), done=lambda _r: _("Rule removed."))
    return redirect(tab_url(program, "rules"))


# --- applications and enrollment ----------------------------------------------------------------------


@login_required
@require_POST
def application_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = ApplicantForm(request.POST)
    if form.is_valid():
        who = _applicant(user=user, program=program, text=form.cleaned_data["applicant"])
        if who is None:
            form.add_error("applicant", _not_found(program))
        else:
            data = {**who, "needs": form.cleaned_data["needs"], "note": form.cleaned_data["note"]}
            if saved(
                form,
                lambda: services.application_submit(actor=user, program=program, data=data),
                field_map=form.FIELD_MAP,
                refused_on="applicant",
            ):
                messages.success(request, _("Application added."))
                return redirect(tab_url(program, "applications"))
    return program_page(request, program, tab="applications", applicant_form=form)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    application = selectors.program_applications(user=user, program=program).filter(pk=application_pk).first()
    if application is None:
        raise Http404(_("No such application."))
    reported(
        request,
        lambda: services.application_withdraw(actor=user, application=application),
        done=lambda _r: _("Application withdrawn."),
    )
    return redirect(tab_url(program, "applications"))


@login_required
@require_POST
def enrollment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = EnrollForm(request.POST)
    if form.is_valid():
        who = _applicant(user=user, program=program, text=form.cleaned_data["applicant"])
        if who is None:
            form.add_error("applicant", _not_found(program))
        else:
            data = {**who, "note": form.cleaned_data["note"]}
            ack = form.cleaned_data["acknowledge_double_aid"]
            if saved(
                form,
                lambda: services.enrollment_add(actor=user, program=program, data=data, acknowledge_double_aid=ack),
                field_map=form.FIELD_MAP,
                refused_on="applicant",
            ):
                messages.success(request, _("Participant enrolled."))
                return redirect(tab_url(program, "enrollments"))
    return program_page(request, program, tab="enrollments", enroll_form=form)


@login_required
@require_POST
def enrollment_update(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    """Completion, drop-out and the certificate number, from the participant's row."""
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    enrollment = selectors.program_enrollments(user=user, program=program).filter(pk=enrollment_pk).first()
    if enrollment is None:
        raise Http404(_("No such participant."))
    form = EnrollmentUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect(tab_url(program, "enrollments"))
    reported(
        request,
        lambda: services.enrollment_update(actor=user, enrollment=enrollment, data=dict(form.cleaned_data)),
        done=lambda _r: _("Participant updated."),
    )
    return redirect(tab_url(program, "enrollments"))


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    form = SessionForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        created = []
        if saved(
            form,
            lambda: created.append(services.session_add(actor=user, program=program, data=data)),
            field_map={},
            refused_on=None,
        ):
            messages.success(request, _("Session added."))
            return redirect("program_session", pk=program.pk, session_pk=created[0].pk)
    return program_page(request, program, tab="enrollments", session_form=form)
