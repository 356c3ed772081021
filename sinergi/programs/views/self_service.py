"""Self-service: a business owner applies for an open program from its page, for one of their own
businesses (or for themselves in a program for persons), answering the needs survey. The application
service checks the program's status and region and records the application as self-service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.models import Role, User
from sinergi.core.views import service_saved
from sinergi.programs import selectors, services
from sinergi.programs.choices import ProgramStatus, Target
from sinergi.programs.forms.participants import SelfApplyForm
from sinergi.programs.models import Program
from sinergi.programs.views._base import program_or_404, user_of
from sinergi.registry.selectors import businesses_visible


def may_apply_self(user: User, program: Program) -> bool:
    return (
        user.role == Role.OWNER
        and user.person_id is not None
        and program.status == ProgramStatus.OPEN
        and program.target in (Target.BUSINESS, Target.PERSON)
    )


def own_businesses(user: User, program: Program) -> list[tuple[str, str]]:
    if program.target != Target.BUSINESS:
        return []
    own = businesses_visible(user=user).filter(owner_id=user.person_id).order_by("name", "id")
    return [(str(b.pk), b.name) for b in own]


def self_apply_form(user: User, program: Program, data: Any = None) -> SelfApplyForm:
    return SelfApplyForm(
        data,
        businesses=own_businesses(user, program),
        topics=list(program.topics),
        for_business=program.target == Target.BUSINESS,
    )


def self_context(user: User, program: Program, form: SelfApplyForm | None = None) -> dict[str, Any]:
    """What the overview shows an owner: their applications here, and the form while they may apply."""
    if user.role != Role.OWNER:
        return {}
    mine = list(selectors.program_applications(user=user, program=program))
    context: dict[str, Any] = {"my_applications": mine}
    if may_apply_self(user, program):
        context["self_form"] = form or self_apply_form(user, program)
    return context


@login_required
@require_POST
def self_apply(request: HttpRequest, pk: int) -> HttpResponse:
    from sinergi.programs.views.programs import program_page, tab_url

    user = user_of(request)
    program = program_or_404(request, pk)
    if not may_apply_self(user, program):
        raise PermissionDenied(_("Only a business owner applies here, while the program is open."))
    form = self_apply_form(user, program, request.POST)
    if form.is_valid():
        data: dict[str, Any] = {"needs": form.topics()}
        if program.target == Target.BUSINESS:
            data["business_id"] = int(form.cleaned_data["business"])
        else:
            data["person_id"] = user.person_id
        if service_saved(
            form,
            lambda: services.application_submit(actor=user, program=program, data=data),
            field_map=form.FIELD_MAP,
            refused_on=None,
        ):
            messages.success(request, _("Your application was sent."))
            return redirect(tab_url(program, "overview"))
    return program_page(request, program, tab="overview", self_form=form)
