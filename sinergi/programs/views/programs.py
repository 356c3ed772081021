"""Program list, create and edit, the detail page with its tabs, and status changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.access import can_edit_registry
from sinergi.accounts.models import STAFF_ROLES
from sinergi.ingest.services import max_upload_bytes
from sinergi.programs import selectors, services
from sinergi.programs.candidates import applicant_specs, needs_overview
from sinergi.programs.choices import TRANSITIONS, EnrollmentStatus, ProgramStatus
from sinergi.programs.eligibility import context_for, rule_specs
from sinergi.programs.forms import (
    ApplicantForm,
    ApplicantImportForm,
    BudgetLineForm,
    EnrollForm,
    ProgramFilterForm,
    ProgramForm,
    RealisationForm,
    RuleForm,
    SelectionForm,
    SessionForm,
)
from sinergi.programs.forms_participants import SelfApplyForm
from sinergi.programs.imports import max_rows
from sinergi.programs.models import Program
from sinergi.programs.views._base import (
    CANDIDATE_PAGE_SIZE,
    HISTORY_PAGE_SIZE,
    PROGRAM_TABS,
    can_write,
    program_or_404,
    reported,
    require_write,
    saved,
    user_of,
)
from sinergi.programs.views.self_service import self_context
from sinergi.registry.page_selectors import history_rows
from sinergi.registry.selectors import regions_for_user


@login_required
@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = ProgramFilterForm(request.GET)
    form.is_valid()
    page = Paginator(selectors.program_list(user=user, filters=form.to_filter()), settings.SINERGI_PAGE_SIZE)
    context = {
        "form": form,
        "page": page.get_page(request.GET.get("page")),
        "can_create": can_edit_registry(user),
        "can_report": user.is_superuser or user.role in STAFF_ROLES,
    }
    return render(request, "programs/list.html", context)


def tab_url(program: Program, tab: str) -> str:
    return reverse("program_detail", args=[program.pk]) + f"?tab={tab}"


def _lines(program: Program) -> list[tuple[str, str]]:
    return [
        (str(r.line.pk), f"{r.line.get_source_display()} {r.line.reference}".strip())
        for r in selectors.program_budget(program=program)
    ]


def _rules_context(request: HttpRequest, program: Program) -> dict[str, Any]:
    user = user_of(request)
    only_arg = request.GET.get("only", "")
    only = {"eligible": True, "ineligible": False}.get(only_arg)
    preview = selectors.eligibility_preview(user=user, program=program, per_rule=True)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    total = (
        preview.candidates if only is None else (preview.eligible if only else preview.candidates - preview.eligible)
    )
    pages = max(1, -(-total // CANDIDATE_PAGE_SIZE))
    number = min(number, pages)
    rows = selectors.eligibility_page(
        user=user, program=program, offset=(number - 1) * CANDIDATE_PAGE_SIZE, limit=CANDIDATE_PAGE_SIZE, only=only
    )
    specs = rule_specs(program)
    rules = list(program.rules.order_by("position", "id"))
    failing = preview.failing or {}
    return {
        "rules": [{"rule": r, "spec": s, "failing": failing.get(s.key, 0)} for r, s in zip(rules, specs, strict=True)],
        "specs": specs,
        "preview": preview,
        "candidates": [{"row": row, "passed": {s.key for s in row.passed}} for row in rows],
        "only": only_arg if only is not None else "",
        "cand_page": {
            "number": number,
            "pages": pages,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None,
        },
    }


def _applications_context(request: HttpRequest, program: Program) -> dict[str, Any]:
    user = user_of(request)
    checks = selectors.application_checks(user=user, program=program)
    specs = applicant_specs(program, context_for(program))
    labels = {s.key: s.label for s in specs}
    rows: list[dict[str, Any]] = [
        {
            "application": c.application,
            "candidate": c.candidate,
            "failed": [labels.get(k, k) for k in c.candidate.failed],
            "need_match": c.candidate.features.get("need_match"),
        }
        for c in checks
    ]
    withdrawn = selectors.program_applications(user=user, program=program).filter(status="withdrawn")
    page = Paginator(rows, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "app_page": page,
        "page": page,
        "withdrawn": withdrawn,
        "needs": sorted(needs_overview(program).items(), key=lambda kv: (-kv[1], kv[0])),
        "offered": set(program.topics),
        "mismatches": sum(1 for c in checks if c.candidate.mismatch),
        "ineligible": sum(1 for c in checks if c.candidate.failed),
    }


def program_page(
    request: HttpRequest, program: Program, *, tab: str | None = None, **bound: forms.Form
) -> HttpResponse:
    """The detail page on one tab; a tab's forms come back here with their errors."""
    user = user_of(request)
    tab = tab or request.GET.get("tab", "overview")
    tab = tab if tab in PROGRAM_TABS else "overview"
    editable = can_write(user, program)
    context: dict[str, Any] = {
        "program": program,
        "tab": tab,
        "tabs": [
            ("overview", _("Overview")),
            ("budget", _("Budget")),
            ("rules", _("Eligibility rules")),
            ("applications", _("Applications")),
            ("selection", _("Selection")),
            ("enrollments", _("Participants and attendance")),
            ("history", _("History")),
        ],
        "can_edit": editable and program.status != ProgramStatus.CLOSED,
    }
    if tab == "overview":
        context["transitions"] = [ProgramStatus(s) for s in sorted(TRANSITIONS[program.status])]
        context["totals"] = selectors.budget_totals(selectors.program_budget(program=program))
        context["application_count"] = selectors.program_applications(user=user, program=program).count()
        context["enrollment_count"] = selectors.program_enrollments(user=user, program=program).count()
        self_form = bound.get("self_form")
        context.update(self_context(user, program, self_form if isinstance(self_form, SelfApplyForm) else None))
    elif tab == "budget":
        rows = selectors.program_budget(program=program)
        context["budget_rows"] = [{"row": r, "realisations": list(r.line.realisations.all())} for r in rows]
        context["totals"] = selectors.budget_totals(rows)
        context["budget_form"] = bound.get("budget_form") or BudgetLineForm()
        context["realisation_form"] = bound.get("realisation_form") or RealisationForm(lines=_lines(program))
    elif tab == "rules":
        context.update(_rules_context(request, program))
        context["rule_form"] = bound.get("rule_form") or RuleForm(target=program.target)
        context["rules_editable"] = program.status in (ProgramStatus.DRAFT, ProgramStatus.OPEN, ProgramStatus.SELECTION)
    elif tab == "applications":
        context.update(_applications_context(request, program))
        context["applicant_form"] = bound.get("applicant_form") or ApplicantForm()
        context["import_form"] = bound.get("import_form") or ApplicantImportForm()
        context["import_max_mb"] = max_upload_bytes() // 1048576
        context["import_max_rows"] = max_rows()
    elif tab == "selection":
        context["runs"] = selectors.selection_runs(user=user, program=program)
        context["selection_form"] = bound.get("selection_form") or SelectionForm()
    elif tab == "enrollments":
        enrollments = selectors.program_enrollments(user=user, program=program)
        context["page"] = Paginator(enrollments, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
        context["sessions"] = selectors.program_sessions(program=program)
        context["enroll_form"] = bound.get("enroll_form") or EnrollForm()
        context["statuses"] = EnrollmentStatus.choices
        context["can_update_enrollments"] = program.status in (ProgramStatus.SELECTION, ProgramStatus.RUNNING)
        context["session_form"] = bound.get("session_form") or SessionForm()
    else:
        history = selectors.program_history(program=program)
        page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        context["history_page"] = page
        context["history"] = history_rows(entries=list(page))
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "programs/detail.html", context, status=status)


@login_required
@require_GET
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return program_page(request, program_or_404(request, pk))


def _form_page(request: HttpRequest, form: ProgramForm, **extra: Any) -> HttpResponse:
    context = {"form": form, "regions": regions_for_user(user=user_of(request)), **extra}
    return render(request, "programs/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not can_edit_registry(user):
        raise PermissionDenied
    if request.method == "POST":
        form = ProgramForm(request.POST)
        created: list[Program] = []
        if form.is_valid():
            data = form.program_data()
            if saved(
                form,
                lambda: created.append(services.program_create(actor=user, data=data)),
                field_map=form.FIELD_MAP,
                refused_on=form.REGION_FIELD,
            ):
                messages.success(request, _("Program “%(name)s” created as a draft.") % {"name": created[0].name})
                return redirect("program_detail", pk=created[0].pk)
    else:
        regions = list(regions_for_user(user=user)[:2])
        form = ProgramForm(initial={"region": regions[0].code} if len(regions) == 1 else {})
    return _form_page(request, form, creating=True)


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    if request.method == "POST":
        form = ProgramForm(request.POST)
        if form.is_valid():
            data = form.program_data()
            if saved(
                form,
                lambda: services.program_update(actor=user, program=program, data=data),
                field_map=form.FIELD_MAP,
                refused_on=form.REGION_FIELD,
            ):
                messages.success(request, _("Changes saved."))
                return redirect("program_detail", pk=program.pk)
    else:
        initial = {f: getattr(program, f) for f in ProgramForm.base_fields if f not in ("region", "topics")}
        initial["region"] = program.region_id
        initial["topics"] = ", ".join(program.topics)
        form = ProgramForm(initial=initial)
    return _form_page(request, form, program=program)


@login_required
@require_POST
def program_transition(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    to = request.POST.get("to", "")
    reported(
        request,
        lambda: services.program_transition(actor=user, program=program, to=to),
        done=lambda moved: _("The program is now: %(status)s.") % {"status": moved.get_status_display()},
    )
    return redirect(tab_url(program, "overview"))


@login_required
@require_POST
def program_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    program = program_or_404(request, pk)
    require_write(user, program)
    if reported(
        request, lambda: services.program_delete(actor=user, program=program), done=lambda _r: _("Program deleted.")
    ):
        return redirect("program_list")
    return redirect(tab_url(program, "overview"))
