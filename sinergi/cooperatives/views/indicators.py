"""The cooperative indicators page and its XLSX export. Office staff only (403 for anyone else, a cooperative's
own officer included); a region outside the user's regions answers 404.

The pages keep their address under /pengawasan/ (``indicator_urlpatterns`` in ``cooperatives/urls.py``) and
the supervision section's tabs: officers find them there, beside the risk ranking.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.cooperatives.forms import IndicatorFilterForm
from sinergi.cooperatives.indicators import Indicators, cooperative_indicators
from sinergi.cooperatives.indicators.xlsx import indicators_xlsx
from sinergi.cooperatives.views._base import _user, staff_only
from sinergi.regions.models import Region


def _indicators_of(request: HttpRequest) -> tuple[IndicatorFilterForm, Indicators]:
    user = _user(request)
    form = IndicatorFilterForm(request.GET, user=user)
    form.is_valid()
    try:
        result = cooperative_indicators(user=user, year=form.year_value(), region=form.region_value())
    except Region.DoesNotExist:
        raise Http404(_("No such region in your scope.")) from None
    return form, result


@staff_only
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    form, result = _indicators_of(request)
    bars: list[tuple[str, Any, int]] = [
        (f"{row.name} ({formats.number_format(row.active_pct or 0, 2)}%)", row.active, int(row.active_pct or 0))
        for row in result.rows
        if row.cooperatives
    ]
    return render(request, "cooperatives/indicators.html", {"form": form, "indicators": result, "bars": bars})


@staff_only
@require_GET
def indicators_export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, result = _indicators_of(request)
    response = HttpResponse(
        indicators_xlsx(result), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"indikator-koperasi-{result.region_code or 'semua'}-{result.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
