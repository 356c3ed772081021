"""Annual-report entry (RAT, members, balance sheet, savings, loan book, income statement, questionnaires).

Office editors in the cooperative's region and the cooperative's own officer may save; everyone else who
may see the cooperative reads the report, and a POST from them is refused (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.accounts.selectors import office_rule_set
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.forms import AnnualReportForm, YearPickForm
from sinergi.cooperatives.models import AnnualReport, Cooperative
from sinergi.cooperatives.services.reports import FIRST_FISCAL_YEAR
from sinergi.cooperatives.views._base import _cooperative_or_404, _user
from sinergi.core.forms import apply_service_errors
from sinergi.core.views import allowed


@login_required
@require_GET
def annual_report_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The year picker of the reports tab: to the entry form of the year chosen."""
    cooperative = _cooperative_or_404(request, pk)
    form = YearPickForm(request.GET)
    if form.is_valid():
        return redirect("annual_report", pk=cooperative.pk, year=form.cleaned_data["tahun"])
    for error in form["tahun"].errors:
        messages.error(request, str(error))
    return redirect(reverse("cooperative_detail", args=[cooperative.pk]) + "?tab=reports")


def _saved_report(
    request: HttpRequest, form: AnnualReportForm, cooperative: Cooperative, year: int
) -> AnnualReport | None:
    try:
        return services.annual_report_save(
            actor=_user(request), cooperative=cooperative, fiscal_year=year, data=form.report_data()
        )
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def annual_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    user = _user(request)
    cooperative = _cooperative_or_404(request, pk)
    if not FIRST_FISCAL_YEAR <= year <= timezone.localdate().year:
        raise Http404(_("No such fiscal year."))
    report = selectors.cooperative_reports(user=user, cooperative=cooperative).filter(fiscal_year=year).first()
    can_save = allowed(services.require_report_write, user, cooperative)
    if request.method == "POST":
        services.require_report_write(user, cooperative)
        form = AnnualReportForm(request.POST)
        saved = _saved_report(request, form, cooperative, year) if form.is_valid() else None
        if saved is not None:
            messages.success(request, _("The report for fiscal year %(year)d is saved and scored.") % {"year": year})
            assessment = (
                selectors.assessments_visible(user=user)
                .filter(report=saved, rule_set_version=office_rule_set(cooperative.region_id))
                .first()
            )
            if assessment is not None:
                return redirect("cooperative_assessment", pk=assessment.pk)
            return redirect(reverse("cooperative_detail", args=[cooperative.pk]) + "?tab=reports")
    else:
        form = AnnualReportForm(initial=AnnualReportForm.initial_for(report) if report is not None else None)
    if not can_save:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "cooperative": cooperative,
        "year": year,
        "report": report,
        "form": form,
        "can_save": can_save,
        "years": selectors.cooperative_reports(user=user, cooperative=cooperative).values_list(
            "fiscal_year", flat=True
        ),
    }
    return render(request, "cooperatives/report_form.html", context, status=400 if form.errors else 200)
