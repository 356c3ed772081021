"""Supervision pages (/pengawasan/): the risk ranking, inspection plans, inspections with their findings and
follow-ups — the lists, detail pages, forms and add/remove of rows configured on sinergi.core.views. The
cooperative indicators shown beside them are the cooperatives app's pages.

Only office staff reach them (403 for anyone else, a cooperative's own officer included); records outside
the user's regions answer 404; viewers read, and their forms and POSTs answer 403.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sinergi.accounts.access import can_edit_registry, region_prefixes, require_office_staff, require_region_write
from sinergi.accounts.models import User
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.views._base import _user, staff_only
from sinergi.core.history import history_rows
from sinergi.core.views import DetailPage, FormPage, ListPage, Page, RelatedAdd, RelatedRemove, allowed
from sinergi.supervision import selectors as sel
from sinergi.supervision import services, tables
from sinergi.supervision.forms import FindingForm, FollowUpForm, FollowUpStatusForm, InspectionForm, PlanForm
from sinergi.supervision.models import Finding, FollowUp, FollowUpStatus, Inspection, InspectionPlan
from sinergi.supervision.risk import RISK_FACTORS, risk_entries, risk_ranking

OVERDUE_SHOWN = 10

# The latest changes shown under an inspection (its findings and follow-ups included).
HISTORY_ROWS = 50


class StaffOnly(Page):
    """Office staff only: anyone else signed in gets 403 before anything is read."""

    access = require_office_staff


def _require_editor(user: User) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied(_("You may only read supervision records."))


# --- home ---------------------------------------------------------------------------------------------


@staff_only
@require_GET
def supervision_home(request: HttpRequest) -> HttpResponse:
    user, today = _user(request), timezone.localdate()
    page = Paginator(risk_ranking(user=user, today=today), settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
    overdue = sel.overdue_follow_ups(user=user, today=today)
    context = {
        "page": page,
        "entries": risk_entries(page.object_list, today=today),
        "rank_start": page.start_index(),
        "overdue": list(overdue[:OVERDUE_SHOWN]),
        "overdue_count": overdue.count(),
        "factors": RISK_FACTORS,
        "can_edit": can_edit_registry(user),
    }
    return render(request, "supervision/home.html", context)


# --- plans --------------------------------------------------------------------------------------------


class PlanList(StaffOnly, ListPage):
    title = gettext_lazy("Inspection plans")
    count_label = gettext_lazy("plans")
    empty = gettext_lazy("No inspection plans in your regions yet.")
    create_url = "supervision_plan_create"
    create_label = gettext_lazy("New plan")
    template_name = "supervision/plan_list.html"
    table = tables.PLANS

    def can_create(self) -> bool:
        return can_edit_registry(self.user)

    def queryset(self, *, filters: Any) -> QuerySet[InspectionPlan]:
        return sel.plan_list(user=self.user)


class PlanDetail(StaffOnly, DetailPage):
    template_name = "supervision/plan_detail.html"
    object_name = "plan"
    detail_url = "supervision_plan_detail"

    def lookup(self, *, user: Any, pk: int) -> InspectionPlan:
        return sel.plan_get(user=user, pk=pk)

    def header_context(self, obj: InspectionPlan) -> dict[str, Any]:
        inspections = sel.inspection_list(user=self.user, filters=sel.InspectionFilter(plan=obj.pk))
        return {
            "table": tables.INSPECTIONS,
            "rows": tables.INSPECTIONS.rows(inspections),
            "can_edit": allowed(require_region_write, self.user, obj.region_id),
        }


def _default_region(user: User) -> str:
    prefixes = region_prefixes(user)
    return prefixes[0] if prefixes and len(prefixes) == 1 else ""


class PlanFormPage(StaffOnly, FormPage):
    form_class = PlanForm
    title_create = gettext_lazy("New inspection plan")
    title_edit = gettext_lazy("Edit inspection plan")
    saved_create = saved_edit = gettext_lazy("Inspection plan saved.")
    list_url = "supervision_plan_list"
    list_label = gettext_lazy("Inspection plans")
    field_map = PlanForm.FIELD_MAP
    refused_on = "region"

    def lookup(self, *, user: Any, pk: int) -> InspectionPlan:
        return sel.plan_get(user=user, pk=pk)

    def check(self, obj: InspectionPlan | None) -> None:
        if obj is None:
            _require_editor(self.user)
        else:
            require_region_write(self.user, obj.region_id)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> PlanForm:
        if data is not None:
            return PlanForm(data)
        if obj is None:
            return PlanForm(initial={"year": timezone.localdate().year, "region": _default_region(self.user)})
        return PlanForm(initial=self.initial(obj))

    def initial(self, obj: InspectionPlan) -> dict[str, Any]:
        fields = ("title", "year", "starts_on", "ends_on", "notes")
        return {f: getattr(obj, f) for f in fields} | {"region": obj.region_id}

    def save(self, form: Any, obj: InspectionPlan | None) -> InspectionPlan:
        if obj is None:
            return services.inspection_plan_create(actor=self.user, data=form.service_data())
        services.inspection_plan_update(actor=self.user, plan=obj, data=form.service_data())
        return obj

    def success_url(self, obj: InspectionPlan) -> str:
        return reverse("supervision_plan_detail", args=[obj.pk])


# --- inspections --------------------------------------------------------------------------------------


def _plans(user: User) -> list[InspectionPlan]:
    return list(sel.plan_list(user=user)[:100])


class InspectionFormPage(StaffOnly, FormPage):
    """A new inspection of a cooperative (by its number, as the risk ranking shows it) or the edit of one."""

    form_class = InspectionForm
    template_name = "supervision/inspection_form.html"
    title_create = gettext_lazy("New inspection")
    title_edit = gettext_lazy("Edit inspection")
    saved_create = saved_edit = gettext_lazy("Inspection saved.")
    list_url = "supervision_home"
    list_label = gettext_lazy("Supervision")
    field_map = InspectionForm.FIELD_MAP

    @property
    def refused_on(self) -> str | None:  # type: ignore[override]
        # A refusal for the cooperative's region lands on its number; on an edit, on top of the form.
        return "cooperative" if self.creating else None

    def lookup(self, *, user: Any, pk: int) -> Inspection:
        return sel.inspection_get(user=user, pk=pk)

    def check(self, obj: Inspection | None) -> None:
        _require_editor(self.user)

    def make_form(self, data: Any = None, *, obj: Any | None = None) -> InspectionForm:
        plans, with_cooperative = _plans(self.user), obj is None
        if data is not None:
            return InspectionForm(data, plans=plans, with_cooperative=with_cooperative)
        if obj is None:
            initial = {k: v for k in ("cooperative", "plan") if (v := self.request.GET.get(k, "")).isdigit()}
            return InspectionForm(initial=initial, plans=plans)
        return InspectionForm(initial=self.initial(obj), plans=plans, with_cooperative=False)

    def initial(self, obj: Inspection) -> dict[str, Any]:
        fields = ("status", "planned_on", "visited_on", "inspectors", "summary")
        return {f: getattr(obj, f) for f in fields} | {"plan": obj.plan_id}

    def save(self, form: Any, obj: Inspection | None) -> Inspection:
        if obj is not None:
            services.inspection_update(actor=self.user, inspection=obj, data=form.service_data())
            return obj
        try:
            cooperative = sel.supervised_cooperative_get(user=self.user, pk=form.cleaned_data["cooperative"] or 0)
        except Cooperative.DoesNotExist:
            raise ValidationError({"cooperative": _("No cooperative you may see has this number.")}) from None
        return services.inspection_create(actor=self.user, cooperative=cooperative, data=form.service_data())

    def success_url(self, obj: Inspection) -> str:
        return reverse("supervision_inspection_detail", args=[obj.pk])

    def extra_context(self, form: Any, obj: Inspection | None) -> dict[str, Any]:
        if obj is not None:
            return {"cooperative": obj.cooperative}
        number = self.request.POST.get("cooperative") or self.request.GET.get("cooperative", "")
        found = sel.supervised_cooperatives(user=self.user).filter(pk=int(number)).first() if number.isdigit() else None
        return {"cooperative": found}


class InspectionDetail(StaffOnly, DetailPage):
    """An inspection with its findings, each with its follow-ups and a form to add one; the form that failed
    comes back bound beside its finding."""

    template_name = "supervision/inspection_detail.html"
    object_name = "inspection"
    detail_url = "supervision_inspection_detail"

    def lookup(self, *, user: Any, pk: int) -> Inspection:
        return sel.inspection_get(user=user, pk=pk)

    def header_context(self, obj: Inspection) -> dict[str, Any]:
        follow_ups = sel.follow_ups_visible(user=self.user).order_by("due_on", "id")
        findings = sel.inspection_findings(user=self.user, inspection=obj).prefetch_related(
            Prefetch("follow_ups", queryset=follow_ups)
        )
        failed = self.bound.get("follow_up_form")
        follow_up_for = getattr(failed, "row_pk", None)
        status_form = self.bound.get("status_form")
        # One add-form per finding, with its own element ids (the one that failed keeps what was typed).
        rows = [(f, failed if f.pk == follow_up_for else FollowUpForm(auto_id=f"id_f{f.pk}_%s")) for f in findings]
        return {
            "cooperative": obj.cooperative,
            "finding_rows": rows,
            "can_edit": can_edit_registry(self.user),
            "finding_form": self.bound.get("finding_form") or FindingForm(),
            "follow_up_for": follow_up_for,
            "status_form": status_form,
            "status_for": getattr(status_form, "row_pk", None),
            "follow_up_statuses": FollowUpStatus.choices,
            "history": history_rows(entries=list(sel.inspection_history(inspection=obj)[:HISTORY_ROWS])),
        }


class _OnInspection(StaffOnly, RelatedAdd):
    """A form posted from the inspection's page; on errors the page comes back with it bound."""

    detail = InspectionDetail
    refused_on = None

    def check(self, parent: Any) -> None:
        _require_editor(self.user)

    def make_form(self, data: Any, parent: Any) -> Any:
        form = self.form_class(data, auto_id=f"id_f{parent.pk}_%s")
        form.row_pk = parent.pk  # type: ignore[attr-defined]  # which row's form failed, for the page to put it back beside that row
        return form


class FindingAdd(_OnInspection):
    form_class = FindingForm
    form_name = "finding_form"
    added = gettext_lazy("Finding added.")

    def make_form(self, data: Any, parent: Any) -> Any:
        return FindingForm(data)

    def add(self, form: Any, parent: Inspection) -> Finding:
        return services.finding_add(actor=self.user, inspection=parent, data=form.service_data())


class FollowUpAdd(_OnInspection):
    """A follow-up action under a finding (the URL names the finding)."""

    form_class = FollowUpForm
    form_name = "follow_up_form"
    added = gettext_lazy("Follow-up added.")
    not_found = gettext_lazy("No such record.")

    def lookup(self, *, user: Any, pk: int) -> Finding:
        return sel.finding_get(user=user, pk=pk)

    def detail_object(self, parent: Finding) -> Inspection:
        return sel.inspection_get(user=self.user, pk=parent.inspection_id)

    def add(self, form: Any, parent: Finding) -> FollowUp:
        return services.follow_up_add(actor=self.user, finding=parent, data=form.service_data())


class FollowUpUpdate(_OnInspection):
    """The quick status change of a follow-up (the URL names the follow-up); it posts like an add."""

    form_class = FollowUpStatusForm
    form_name = "status_form"
    added = gettext_lazy("Follow-up updated.")
    not_found = gettext_lazy("No such record.")

    def lookup(self, *, user: Any, pk: int) -> FollowUp:
        return sel.follow_up_get(user=user, pk=pk)

    def make_form(self, data: Any, parent: Any) -> Any:
        form = FollowUpStatusForm(data)
        form.row_pk = parent.pk  # type: ignore[attr-defined]
        return form

    def detail_object(self, parent: FollowUp) -> Inspection:
        return sel.inspection_get(user=self.user, pk=parent.finding.inspection_id)

    def add(self, form: Any, parent: FollowUp) -> None:
        services.follow_up_update(actor=self.user, follow_up=parent, data=form.service_data())


class FindingRemove(StaffOnly, RelatedRemove):
    """Remove a finding (the URL names the finding; its inspection is the page it leads back to)."""

    detail = InspectionDetail
    child_kwarg = "pk"
    removed = gettext_lazy("Finding removed.")
    child_not_found = not_found = gettext_lazy("No such record.")

    def lookup(self, *, user: Any, pk: int) -> Inspection:
        return sel.finding_get(user=user, pk=pk).inspection

    def check(self, parent: Any) -> None:
        _require_editor(self.user)

    def children(self, parent: Inspection) -> Any:
        return sel.inspection_findings(user=self.user, inspection=parent)

    def remove(self, child: Finding) -> None:
        services.finding_remove(actor=self.user, finding=child)
