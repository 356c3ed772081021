"""Supervision pages (/pengawasan/): the risk ranking, inspection plans, inspections with their findings and
follow-ups. The cooperative indicators shown beside them are the cooperatives app's pages.

Only office staff reach them (403 for anyone else, a cooperative's own officer included); records outside
the user's regions answer 404; viewers read, and their POSTs answer 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.accounts.access import can_edit_registry, region_prefixes, require_region_write
from sinergi.accounts.models import User
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.views._base import _user, staff_only
from sinergi.core.views import service_saved
from sinergi.supervision import selectors as sel
from sinergi.supervision import services
from sinergi.supervision.forms import FindingForm, FollowUpForm, FollowUpStatusForm, InspectionForm, PlanForm
from sinergi.supervision.models import Finding, FollowUp, FollowUpStatus, Inspection, InspectionPlan
from sinergi.supervision.risk import RISK_FACTORS, risk_entries, risk_ranking

OVERDUE_SHOWN = 10


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_registry(_user(request)):
        raise PermissionDenied(_("You may only read supervision records."))


def _may_write(user: User, code: str) -> bool:
    try:
        require_region_write(user, code)
    except PermissionDenied:
        return False
    return True


def _get_or_404(getter: Callable[..., Any], request: HttpRequest, pk: int) -> Any:
    try:
        return getter(user=_user(request), pk=pk)
    except (InspectionPlan.DoesNotExist, Inspection.DoesNotExist, Finding.DoesNotExist, FollowUp.DoesNotExist):
        # 404, not 403: a record outside the user's regions must not reveal that it exists.
        raise Http404(_("No such record.")) from None


def _saved(form: Any, save: Callable[[], object], *, denied_field: str | None = None) -> bool:
    """Run the service for a valid form; its errors land on the form (a refusal on ``denied_field``, or on
    top of the form). True when the write went through."""
    return service_saved(form, save, field_map=form.FIELD_MAP, refused_on=denied_field)


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


@staff_only
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(sel.plan_list(user=user), settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/plan_list.html", {"page": page, "can_create": can_edit_registry(user)})


def _default_region(user: User) -> str:
    prefixes = region_prefixes(user)
    return prefixes[0] if prefixes and len(prefixes) == 1 else ""


@staff_only
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        _require_editor(request)
        form = PlanForm(request.POST)
        created: list[InspectionPlan] = []
        if form.is_valid() and _saved(
            form,
            lambda: created.append(services.inspection_plan_create(actor=user, data=form.service_data())),
            denied_field="region",
        ):
            messages.success(request, _("Inspection plan saved."))
            return redirect("supervision_plan_detail", pk=created[0].pk)
    else:
        form = PlanForm(initial={"year": timezone.localdate().year, "region": _default_region(user)})
    status = 400 if form.errors else 200
    return render(request, "supervision/plan_form.html", {"form": form, "plan": None}, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = _get_or_404(sel.plan_get, request, pk)
    if request.method == "POST":
        require_region_write(user, plan.region_id)
        form = PlanForm(request.POST)
        if form.is_valid() and _saved(
            form,
            lambda: services.inspection_plan_update(actor=user, plan=plan, data=form.service_data()),
            denied_field="region",
        ):
            messages.success(request, _("Inspection plan saved."))
            return redirect("supervision_plan_detail", pk=plan.pk)
    else:
        fields = ("title", "year", "starts_on", "ends_on", "notes")
        form = PlanForm(initial={**{f: getattr(plan, f) for f in fields}, "region": plan.region_id})
    status = 400 if form.errors else 200
    return render(request, "supervision/plan_form.html", {"form": form, "plan": plan}, status=status)


@staff_only
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = _get_or_404(sel.plan_get, request, pk)
    inspections = sel.inspection_list(user=user, filters=sel.InspectionFilter(plan=plan.pk))
    return render(
        request,
        "supervision/plan_detail.html",
        {"plan": plan, "inspections": inspections, "can_edit": _may_write(user, plan.region_id)},
    )


# --- inspections --------------------------------------------------------------------------------------


def _plans(user: User) -> list[InspectionPlan]:
    return list(sel.plan_list(user=user)[:100])


@staff_only
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    cooperative: Cooperative | None = None
    if request.method == "POST":
        _require_editor(request)
        form = InspectionForm(request.POST, plans=_plans(user))
        created: list[Inspection] = []
        if form.is_valid():
            try:
                cooperative = sel.supervised_cooperative_get(user=user, pk=form.cleaned_data["cooperative"] or 0)
            except Cooperative.DoesNotExist:
                form.add_error("cooperative", _("No cooperative you may see has this number."))
            else:
                coop = cooperative
                if _saved(
                    form,
                    lambda: created.append(
                        services.inspection_create(actor=user, cooperative=coop, data=form.service_data())
                    ),
                    denied_field="cooperative",
                ):
                    messages.success(request, _("Inspection saved."))
                    return redirect("supervision_inspection_detail", pk=created[0].pk)
    else:
        initial = {k: v for k in ("cooperative", "plan") if (v := request.GET.get(k, "")).isdigit()}
        form = InspectionForm(initial=initial, plans=_plans(user))
        if "cooperative" in initial:
            cooperative = sel.supervised_cooperatives(user=user).filter(pk=int(initial["cooperative"])).first()
    status = 400 if form.errors else 200
    context = {"form": form, "inspection": None, "cooperative": cooperative}
    return render(request, "supervision/inspection_form.html", context, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = _get_or_404(sel.inspection_get, request, pk)
    if request.method == "POST":
        _require_editor(request)
        form = InspectionForm(request.POST, plans=_plans(user), with_cooperative=False)
        if form.is_valid() and _saved(
            form, lambda: services.inspection_update(actor=user, inspection=inspection, data=form.service_data())
        ):
            messages.success(request, _("Inspection saved."))
            return redirect("supervision_inspection_detail", pk=inspection.pk)
    else:
        fields = ("status", "planned_on", "visited_on", "inspectors", "summary")
        initial = {**{f: getattr(inspection, f) for f in fields}, "plan": inspection.plan_id}
        form = InspectionForm(initial=initial, plans=_plans(user), with_cooperative=False)
    status = 400 if form.errors else 200
    context = {"form": form, "inspection": inspection, "cooperative": inspection.cooperative}
    return render(request, "supervision/inspection_form.html", context, status=status)


def _inspection_page(
    request: HttpRequest,
    inspection: Inspection,
    *,
    finding_form: FindingForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    follow_up_for: int | None = None,
    status_form: FollowUpStatusForm | None = None,
    status_for: int | None = None,
) -> HttpResponse:
    user = _user(request)
    follow_ups = sel.follow_ups_visible(user=user).order_by("due_on", "id")
    findings = sel.inspection_findings(user=user, inspection=inspection).prefetch_related(
        Prefetch("follow_ups", queryset=follow_ups)
    )
    # One add-form per finding, with its own element ids (the one that failed keeps what was typed).
    rows = [
        (f, follow_up_form if f.pk == follow_up_for and follow_up_form else FollowUpForm(auto_id=f"id_f{f.pk}_%s"))
        for f in findings
    ]
    context = {
        "inspection": inspection,
        "cooperative": inspection.cooperative,
        "finding_rows": rows,
        "can_edit": can_edit_registry(user),
        "finding_form": finding_form or FindingForm(),
        "follow_up_for": follow_up_for,
        "status_form": status_form,
        "status_for": status_for,
        "follow_up_statuses": FollowUpStatus.choices,
    }
    failed = any(f is not None and f.errors for f in (finding_form, follow_up_form, status_form))
    return render(request, "supervision/inspection_detail.html", context, status=400 if failed else 200)


@staff_only
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _get_or_404(sel.inspection_get, request, pk))


@staff_only
@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = _get_or_404(sel.inspection_get, request, pk)
    _require_editor(request)
    form = FindingForm(request.POST)
    if form.is_valid() and _saved(
        form, lambda: services.finding_add(actor=user, inspection=inspection, data=form.service_data())
    ):
        messages.success(request, _("Finding added."))
        return redirect("supervision_inspection_detail", pk=inspection.pk)
    return _inspection_page(request, inspection, finding_form=form)


@staff_only
@require_POST
def finding_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    finding = _get_or_404(sel.finding_get, request, pk)
    _require_editor(request)
    services.finding_remove(actor=user, finding=finding)
    messages.success(request, _("Finding removed."))
    return redirect("supervision_inspection_detail", pk=finding.inspection_id)


@staff_only
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    finding = _get_or_404(sel.finding_get, request, pk)
    _require_editor(request)
    form = FollowUpForm(request.POST)
    if form.is_valid() and _saved(
        form, lambda: services.follow_up_add(actor=user, finding=finding, data=form.service_data())
    ):
        messages.success(request, _("Follow-up added."))
        return redirect("supervision_inspection_detail", pk=finding.inspection_id)
    inspection = sel.inspection_get(user=user, pk=finding.inspection_id)
    return _inspection_page(request, inspection, follow_up_form=form, follow_up_for=finding.pk)


@staff_only
@require_POST
def follow_up_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    follow_up = _get_or_404(sel.follow_up_get, request, pk)
    _require_editor(request)
    form = FollowUpStatusForm(request.POST)
    if form.is_valid() and _saved(
        form, lambda: services.follow_up_update(actor=user, follow_up=follow_up, data=form.service_data())
    ):
        messages.success(request, _("Follow-up updated."))
        return redirect("supervision_inspection_detail", pk=follow_up.finding.inspection_id)
    inspection = sel.inspection_get(user=user, pk=follow_up.finding.inspection_id)
    return _inspection_page(request, inspection, status_form=form, status_for=follow_up.pk)
