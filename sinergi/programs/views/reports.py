"""The beneficiaries report for office staff: distinct beneficiaries, enrollments and aid grouped by
program, year, kind, source of funds, region, cluster, gender, scale or target, with the same report as
XLSX. Counts cover the programs of the user's regions only (the report's selectors scope them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.accounts.models import STAFF_ROLES, User
from sinergi.programs import reports
from sinergi.programs.forms.reports import DIMENSION_CHOICES, BeneficiaryReportForm
from sinergi.programs.reports.xlsx import beneficiaries_xlsx
from sinergi.programs.views._base import user_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staff(user: User) -> None:
    if not (user.is_superuser or user.role in STAFF_ROLES):
        raise PermissionDenied(_("Only office staff may see this."))


def _report(
    request: HttpRequest,
) -> tuple[BeneficiaryReportForm, list[str], list[reports.ReportRow], reports.ReportRow | None]:
    user = user_of(request)
    _staff(user)
    form = BeneficiaryReportForm(request.GET)
    if not form.is_valid():
        return form, [], [], None
    groups = form.groups()
    filters = form.to_filter()
    rows = reports.beneficiaries_report(user=user, group_by=groups, filters=filters)
    return form, groups, rows, reports.beneficiaries_total(user=user, filters=filters)


@login_required
@require_GET
def beneficiaries_report(request: HttpRequest) -> HttpResponse:
    form, groups, rows, total = _report(request)
    names = dict(DIMENSION_CHOICES)
    context = {
        "form": form,
        "headers": [names[g] for g in groups],
        "rows": [{"labels": [r.labels.get(g, "") for g in groups], "row": r} for r in rows],
        "total": total,
        "query": request.GET.urlencode(),
    }
    return render(request, "programs/beneficiaries.html", context, status=200 if total is not None else 400)


@login_required
@require_GET
def beneficiaries_export(request: HttpRequest) -> HttpResponse:
    form, groups, rows, total = _report(request)
    if total is None:
        return render(request, "programs/beneficiaries.html", {"form": form}, status=400)
    response = HttpResponse(beneficiaries_xlsx(group_by=groups, rows=rows, total=total), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="penerima-manfaat.xlsx"'
    return response
