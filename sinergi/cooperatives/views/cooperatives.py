"""Cooperative list, detail (tabs: data, officers, members, reports, history), create and edit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.accounts.access import can_edit_registry
from sinergi.accounts.selectors import office_rule_set
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.activity import last_due_fiscal_year, office_rule
from sinergi.cooperatives.forms import (
    CooperativeFilterForm,
    CooperativeForm,
    MemberForm,
    OfficerForm,
    YearPickForm,
    predicate_choices,
)
from sinergi.cooperatives.models import Cooperative, OfficerBody
from sinergi.cooperatives.views._base import (
    COOPERATIVE_TABS,
    HISTORY_PAGE_SIZE,
    _allowed,
    _cooperative_or_404,
    _saved,
    _user,
    number_id,
)
from sinergi.registry.page_selectors import history_rows
from sinergi.registry.selectors import regions_for_user


@login_required
@require_GET
def cooperative_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = CooperativeFilterForm(request.GET, user=user)
    form.is_valid()
    qs = selectors.with_activity(
        selectors.cooperative_list(user=user, filters=form.to_filter()),
        as_of_year=last_due_fiscal_year(today=timezone.localdate()),
        rule=office_rule(),
    )
    active = form.active_filter()
    if active is not None:
        qs = qs.filter(is_active=active)  # type: ignore[misc]  # an annotation of with_activity
    page = Paginator(qs, settings.SINERGI_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(predicate_choices())
    rows = [
        {
            "cooperative": c,
            "score": number_id(c.health_total) if c.health_total is not None else "",
            "predicate": labels.get(c.health_predicate, c.health_predicate),
        }
        for c in page.object_list
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "can_create": can_edit_registry(user),
        "rule": office_rule(),
    }
    return render(request, "cooperatives/list.html", context)


def _officer_groups(officers: list[Any]) -> list[tuple[str, str, list[Any]]]:
    return [(body.value, str(body.label), [o for o in officers if o.body == body]) for body in OfficerBody]


@login_required
@require_GET
def cooperative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return cooperative_page(request, _cooperative_or_404(request, pk))


def cooperative_page(
    request: HttpRequest,
    cooperative: Cooperative,
    *,
    tab: str | None = None,
    officer_form: OfficerForm | None = None,
    member_form: MemberForm | None = None,
) -> HttpResponse:
    """The detail page on one tab; the officer and member forms come back here with their errors."""
    user = _user(request)
    tab = tab or request.GET.get("tab", "data")
    tab = tab if tab in COOPERATIVE_TABS else "data"
    context: dict[str, Any] = {
        "cooperative": cooperative,
        "tab": tab,
        "tabs": [
            ("data", _("Data")),
            ("officers", _("Officers")),
            ("members", _("Members")),
            ("reports", _("Annual reports")),
            ("history", _("History")),
        ],
        "can_edit": _allowed(services.require_cooperative_write, user, cooperative),
        "can_report": _allowed(services.require_report_write, user, cooperative),
        "predicate": dict(predicate_choices()).get(cooperative.health_predicate, cooperative.health_predicate),
        "score": number_id(cooperative.health_total) if cooperative.health_total is not None else "",
    }
    if tab == "data":
        context["activity"] = selectors.cooperative_activity(cooperative=cooperative)
    elif tab == "officers":
        officers = list(selectors.cooperative_officers(user=user, cooperative=cooperative))
        context["officer_groups"] = _officer_groups(officers)
        context["officer_form"] = officer_form or OfficerForm()
    elif tab == "members":
        context["reports"] = selectors.cooperative_reports(user=user, cooperative=cooperative)
        context["members"] = selectors.cooperative_members(user=user, cooperative=cooperative)
        context["member_form"] = member_form or MemberForm()
    elif tab == "reports":
        context["report_rows"] = _report_rows(user=user, cooperative=cooperative)
        context["year_form"] = YearPickForm()
    else:
        history = selectors.cooperative_history(cooperative=cooperative)
        page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        context["history_page"] = page
        context["history"] = history_rows(entries=list(page))
    status = 400 if (officer_form and officer_form.errors) or (member_form and member_form.errors) else 200
    return render(request, "cooperatives/detail.html", context, status=status)


def _report_rows(*, user: Any, cooperative: Cooperative) -> list[dict[str, Any]]:
    """One row per fiscal year with the report's assessment under the office's rule set."""
    assessments = {
        a.report_id: a
        for a in selectors.assessments_visible(user=user).filter(
            cooperative=cooperative, rule_set_version=office_rule_set(cooperative.region_id)
        )
    }
    labels = dict(predicate_choices())
    rows = []
    for report in selectors.cooperative_reports(user=user, cooperative=cooperative):
        assessment = assessments.get(report.pk)
        rows.append(
            {
                "report": report,
                "assessment": assessment,
                "score": number_id(assessment.total) if assessment and assessment.total is not None else "",
                "predicate": labels.get(assessment.predicate, assessment.predicate) if assessment else "",
            }
        )
    return rows


def _form_page(request: HttpRequest, form: CooperativeForm, **extra: Any) -> HttpResponse:
    context = {
        "form": form,
        "regions": [r for r in regions_for_user(user=_user(request)) if r.level >= 2],
        **extra,
    }
    return render(request, "cooperatives/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def cooperative_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_edit_registry(user):
        raise PermissionDenied
    if request.method == "POST":
        form = CooperativeForm(request.POST)
        created: list[Cooperative] = []
        if form.is_valid():
            data = form.cooperative_data()
            if _saved(
                form,
                lambda: created.append(services.cooperative_create(actor=user, data=data)),
                field_map=form.FIELD_MAP,
                refused_on=form.REGION_FIELD,
            ):
                messages.success(request, _("Cooperative “%(name)s” registered.") % {"name": created[0].name})
                return redirect("cooperative_detail", pk=created[0].pk)
    else:
        form = CooperativeForm()
    return _form_page(request, form, creating=True)


@login_required
@require_http_methods(["GET", "POST"])
def cooperative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cooperative = _cooperative_or_404(request, pk)
    services.require_cooperative_write(user, cooperative)
    if request.method == "POST":
        form = CooperativeForm(request.POST)
        if form.is_valid():
            data = form.cooperative_data()
            if _saved(
                form,
                lambda: services.cooperative_update(actor=user, cooperative=cooperative, data=data),
                field_map=form.FIELD_MAP,
                refused_on=form.REGION_FIELD,
            ):
                messages.success(request, _("Changes saved."))
                return redirect("cooperative_detail", pk=cooperative.pk)
    else:
        initial = {f: getattr(cooperative, f) for f in CooperativeForm.base_fields if f != "region"}
        initial["region"] = cooperative.region_id
        initial["nik_koperasi"] = cooperative.nik_koperasi or ""
        form = CooperativeForm(initial=initial)
    return _form_page(request, form, cooperative=cooperative)
