"""The writes of the detail page's tabs: budget lines and realisations, eligibility rules, applications
entered by staff, direct enrollment and sessions. Each answers 403 to viewers and comes back to its tab
with the service's errors on the form."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.accounts.models import User
from sinergi.cooperatives.selectors import cooperatives_visible
from sinergi.core.views import RelatedAdd, RelatedRemove
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
from sinergi.programs.views._base import program_or_404, reported, require_write, user_of
from sinergi.programs.views.programs import ProgramDetail, _lines, tab_url
from sinergi.registry.selectors import businesses_visible, persons_visible
from sinergi.registry.selectors.pages import person_by_nik

_MAX_ID_DIGITS = 12
_FIELD: dict[str, str] = {
    Target.BUSINESS: "business_id",
    Target.PERSON: "person_id",
    Target.COOPERATIVE: "cooperative_id",
}


def _applicant(*, user: User, program: Program, text: str, pick: int | None = None) -> dict[str, int]:
    """The applicant field for the program's target, for a record the user may see; a field error otherwise.

    ``pick`` is the record chosen in the picker; without it the text must name exactly one record (a name, a
    NIK, a NIB, or the record's number as before)."""
    if pick is not None:
        found = _applicant_or_none(user=user, program=program, text=str(pick))
    else:
        found = _applicant_or_none(user=user, program=program, text=text)
        if found is None:
            matches = selectors.applicant_candidates(user=user, program=program, text=text, limit=2)
            if len(matches) == 1:
                return {_FIELD[program.target]: matches[0].pk}
            if matches:
                raise ValidationError({"applicant": _("Several records match: choose one from the list.")})
    if found is None:
        raise ValidationError({"applicant": _not_found(program)})
    return found


def _applicant_or_none(*, user: User, program: Program, text: str) -> dict[str, int] | None:
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
        Target.BUSINESS: _("No business you may see has this name, NIB or owner's NIK."),
        Target.PERSON: _("No person you may see has this name or NIK."),
        Target.COOPERATIVE: _("No cooperative you may see has this name."),
    }
    return messages_by_target[program.target]


class _ProgramAdd(RelatedAdd):
    """A form on one of the program's tabs: 403 for viewers, errors back on the tab."""

    detail = ProgramDetail
    refused_on: ClassVar[str | None] = None

    def check(self, parent: Program) -> None:
        require_write(self.user, parent)


class _ProgramRemove(RelatedRemove):
    detail = ProgramDetail

    def check(self, parent: Program) -> None:
        require_write(self.user, parent)


# --- budget -------------------------------------------------------------------------------------------


class BudgetLineAdd(_ProgramAdd):
    form_class = BudgetLineForm
    form_name = "budget_form"
    tab = "budget"
    added = gettext_lazy("Budget line added.")

    def add(self, form: Any, parent: Program) -> Any:
        return services.budget_line_add(actor=self.user, program=parent, data=dict(form.cleaned_data))


class BudgetLineRemove(_ProgramRemove):
    tab = "budget"
    child_kwarg = "line_pk"
    removed = gettext_lazy("Budget line removed.")
    child_not_found = gettext_lazy("No such budget line.")

    def children(self, parent: Program) -> Any:
        return parent.budget_lines

    def remove(self, child: Any) -> None:
        services.budget_line_remove(actor=self.user, line=child)


class RealisationAdd(_ProgramAdd):
    form_class = RealisationForm
    form_name = "realisation_form"
    tab = "budget"
    added = gettext_lazy("Realisation recorded.")

    def make_form(self, data: Any, parent: Program) -> Any:
        return RealisationForm(data, lines=_lines(parent))

    def add(self, form: Any, parent: Program) -> Any:
        data = {k: v for k, v in form.cleaned_data.items() if k != "budget_line"}
        line = parent.budget_lines.get(pk=int(form.cleaned_data["budget_line"]))
        return services.realisation_record(actor=self.user, line=line, data=data)


# --- rules --------------------------------------------------------------------------------------------


class RuleAdd(_ProgramAdd):
    form_class = RuleForm
    form_name = "rule_form"
    tab = "rules"
    added = gettext_lazy("Rule added.")
    field_map = {"params": "__all__", "status": "__all__"}

    def make_form(self, data: Any, parent: Program) -> Any:
        return RuleForm(data, target=parent.target)

    def add(self, form: Any, parent: Program) -> Any:
        return services.program_rule_add(actor=self.user, program=parent, data=form.rule_data())


class RuleRemove(_ProgramRemove):
    tab = "rules"
    child_kwarg = "rule_pk"
    removed = gettext_lazy("Rule removed.")
    child_not_found = gettext_lazy("No such rule.")

    def children(self, parent: Program) -> Any:
        return parent.rules

    def remove(self, child: Any) -> None:
        services.program_rule_remove(actor=self.user, rule=child)


# --- applications and enrollment ----------------------------------------------------------------------


class ApplicationAdd(_ProgramAdd):
    form_class = ApplicantForm
    form_name = "applicant_form"
    tab = "applications"
    added = gettext_lazy("Application added.")
    field_map = ApplicantForm.FIELD_MAP
    refused_on = "applicant"

    def add(self, form: Any, parent: Program) -> Any:
        d = form.cleaned_data
        who = _applicant(user=self.user, program=parent, text=d["applicant"], pick=d.get("pick"))
        data = {**who, "needs": form.cleaned_data["needs"], "note": form.cleaned_data["note"]}
        return services.application_submit(actor=self.user, program=parent, data=data)


class ApplicationWithdraw(_ProgramRemove):
    tab = "applications"
    child_kwarg = "application_pk"
    removed = gettext_lazy("Application withdrawn.")
    child_not_found = gettext_lazy("No such application.")

    def children(self, parent: Program) -> Any:
        return selectors.program_applications(user=self.user, program=parent)

    def remove(self, child: Any) -> None:
        services.application_withdraw(actor=self.user, application=child)


class EnrollmentAdd(_ProgramAdd):
    form_class = EnrollForm
    form_name = "enroll_form"
    tab = "enrollments"
    added = gettext_lazy("Participant enrolled.")
    field_map = EnrollForm.FIELD_MAP
    refused_on = "applicant"

    def add(self, form: Any, parent: Program) -> Any:
        who = _applicant(user=self.user, program=parent, text=form.cleaned_data["applicant"])
        return services.enrollment_add(
            actor=self.user,
            program=parent,
            data={**who, "note": form.cleaned_data["note"]},
            acknowledge_double_aid=form.cleaned_data["acknowledge_double_aid"],
        )


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


class SessionAdd(_ProgramAdd):
    form_class = SessionForm
    form_name = "session_form"
    tab = "enrollments"
    added = gettext_lazy("Session added.")

    def add(self, form: Any, parent: Program) -> Any:
        return services.session_add(actor=self.user, program=parent, data=dict(form.cleaned_data))

    def added_url(self, parent: Program, result: Any) -> str:
        return reverse("program_session", kwargs={"pk": parent.pk, "session_pk": result.pk})


@login_required
@require_POST
def applicant_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant picker (htmx): the records the typed name, NIK or NIB names, each a radio button ``pick``.
    By POST, so a NIK never lands in a URL (sinergi/privacy)."""
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    text = request.POST.get("applicant", "").strip()[:120]
    choices = selectors.applicant_candidates(user=user, program=program, text=text) if len(text) >= 2 else []
    return render(request, "programs/_applicant_choices.html", {"choices": choices, "text": text})
