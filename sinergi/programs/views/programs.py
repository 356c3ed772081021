"""Program list, create and edit, the detail page with its tabs, and status changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.accounts.access import can_edit_registry, require_editor
from sinergi.accounts.models import STAFF_ROLES
from sinergi.core.tables import Column, Table
from sinergi.core.views import DetailPage, FormPage, ListPage, Tab, history_tab
from sinergi.ingest.files import max_upload_bytes
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
from sinergi.programs.forms.participants import SelfApplyForm
from sinergi.programs.imports import max_rows
from sinergi.programs.models import Program
from sinergi.programs.views._base import (
    CANDIDATE_PAGE_SIZE,
    can_write,
    program_or_404,
    reported,
    require_write,
    user_of,
)
from sinergi.programs.views.self_service import self_context
from sinergi.registry.selectors import regions_for_user


def _program_url(p: Program) -> str:
    return reverse("program_detail", args=[p.pk])


class ProgramList(ListPage):
    title = gettext_lazy("Programs")
    count_label = gettext_lazy("programs")
    filter_form = ProgramFilterForm
    empty = gettext_lazy("No programs yet in your regions.")
    empty_filtered = gettext_lazy("No program matches this filter.")
    create_url = "program_create"
    create_label = gettext_lazy("New program")
    export_name = "program"
    template_name = "programs/list.html"
    table = Table(
        css="table cards program-list",
        row_attrs=lambda p: {"program": p.pk},
        sheet_title=gettext_lazy("Programs"),
        columns=[
            Column(gettext_lazy("Program"), "name", link=_program_url, css="name"),
            Column(gettext_lazy("Kind"), "kind"),
            Column(gettext_lazy("Fiscal year"), lambda p: str(p.fiscal_year)),
            Column(gettext_lazy("Organiser"), "region.display_name", note=lambda p: p.region_id),
            Column(gettext_lazy("Status"), "status", field="status", badge=lambda p: f"status-{p.status}"),
        ],
    )

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[Program]:
        return selectors.program_list(user=self.user, filters=filters)

    def extra_context(self) -> dict[str, Any]:
        return {"can_report": self.user.is_superuser or self.user.role in STAFF_ROLES}


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


class ProgramDetail(DetailPage):
    template_name = "programs/detail.html"
    object_name = "program"
    detail_url = "program_detail"
    not_found = gettext_lazy("No such program.")
    tabs = (
        Tab("overview", gettext_lazy("Overview"), "programs/_overview.html"),
        Tab("budget", gettext_lazy("Budget"), "programs/_budget.html"),
        Tab("rules", gettext_lazy("Eligibility rules"), "programs/_rules.html"),
        Tab("applications", gettext_lazy("Applications"), "programs/_applications.html"),
        Tab("selection", gettext_lazy("Selection"), "programs/_selection.html"),
        Tab("enrollments", gettext_lazy("Participants and attendance"), "programs/_enrollments.html"),
        history_tab(),
    )

    def lookup(self, *, user: Any, pk: int) -> Program:
        return selectors.program_get(user=user, pk=pk)

    def header_context(self, obj: Program) -> dict[str, Any]:
        return {"can_edit": can_write(self.user, obj) and obj.status != ProgramStatus.CLOSED}

    def overview_context(self, program: Program) -> dict[str, Any]:
        user = self.user
        self_form = self.bound.get("self_form")
        return {
            "transitions": [ProgramStatus(s) for s in sorted(TRANSITIONS[program.status])],
            "totals": selectors.budget_totals(selectors.program_budget(program=program)),
            "application_count": selectors.program_applications(user=user, program=program).count(),
            "enrollment_count": selectors.program_enrollments(user=user, program=program).count(),
            **self_context(user, program, self_form if isinstance(self_form, SelfApplyForm) else None),
        }

    def budget_context(self, program: Program) -> dict[str, Any]:
        rows = selectors.program_budget(program=program)
        return {
            "budget_rows": [{"row": r, "realisations": list(r.line.realisations.all())} for r in rows],
            "totals": selectors.budget_totals(rows),
            "budget_form": BudgetLineForm(),
            "realisation_form": RealisationForm(lines=_lines(program)),
        }

    def rules_context(self, program: Program) -> dict[str, Any]:
        return {
            **_rules_context(self.request, program),
            "rule_form": RuleForm(target=program.target),
            "rules_editable": program.status in (ProgramStatus.DRAFT, ProgramStatus.OPEN, ProgramStatus.SELECTION),
        }

    def applications_context(self, program: Program) -> dict[str, Any]:
        return {
            **_applications_context(self.request, program),
            "applicant_form": ApplicantForm(),
            "import_form": ApplicantImportForm(),
            "import_max_mb": max_upload_bytes() // 1048576,
            "import_max_rows": max_rows(),
        }

    def selection_context(self, program: Program) -> dict[str, Any]:
        return {"runs": selectors.selection_runs(user=self.user, program=program), "selection_form": SelectionForm()}

    def enrollments_context(self, program: Program) -> dict[str, Any]:
        enrollments = selectors.program_enrollments(user=self.user, program=program)
        return {
            "page": Paginator(enrollments, settings.SINERGI_PAGE_SIZE).get_page(self.request.GET.get("page")),
            "sessions": selectors.program_sessions(program=program),
            "enroll_form": EnrollForm(),
            "statuses": EnrollmentStatus.choices,
            "can_update_enrollments": program.status in (ProgramStatus.SELECTION, ProgramStatus.RUNNING),
            "session_form": SessionForm(),
        }

    def history(self, program: Program) -> Any:
        return selectors.program_history(program=program)


def program_page(
    request: HttpRequest, program: Program, *, tab: str | None = None, **bound: forms.Form
) -> HttpResponse:
    """The detail page on one tab; a tab's forms that failed come back here bound, with their errors."""
    page = ProgramDetail()
    page.setup(request, pk=program.pk)
    return page.render_page(program, tab=tab or "", forms=dict(bound))


class ProgramFormPage(FormPage):
    form_class = ProgramForm
    template_name = "programs/form.html"
    title_create = gettext_lazy("New program")
    title_edit = gettext_lazy("Edit program")
    list_url = "program_list"
    list_label = gettext_lazy("Programs")
    field_map = ProgramForm.FIELD_MAP
    refused_on = ProgramForm.REGION_FIELD
    detail = ProgramDetail
    create_check = require_editor
    edit_check = require_write

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> forms.Form:
        if data is None and obj is None:
            regions = list(regions_for_user(user=self.user)[:2])
            return ProgramForm(initial={"region": regions[0].code} if len(regions) == 1 else {})
        return super().make_form(data, obj=obj)

    def initial(self, obj: Program) -> dict[str, Any]:
        initial = {f: getattr(obj, f) for f in ProgramForm.base_fields if f not in ("region", "topics")}
        initial["region"] = obj.region_id
        initial["topics"] = ", ".join(obj.topics)
        return initial

    create_service = services.program_create
    update_service = services.program_update
    record_arg = "program"
    form_data = "program_data"

    def saved_message(self, obj: Program) -> str:
        if self.creating:
            return _("Program “%(name)s” created as a draft.") % {"name": obj.name}
        return _("Changes saved.")

    def success_url(self, obj: Program) -> str:
        return _program_url(obj)

    def extra_context(self, form: Any, obj: Program | None) -> dict[str, Any]:
        return {"program": obj, "regions": regions_for_user(user=self.user)}


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
