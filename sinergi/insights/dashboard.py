"""The office head's indicator dashboard: the key indicators of a region with their trend and target, a
tile-grid map of the regions one level down (click to drill down province → kabupaten → kecamatan), the
table beside every chart, when each figure was computed, and a link to the rows behind a figure for roles
that may open that list. Figures come from the analytics table (sinergi/indicators/selectors.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.accounts.access import (
    region_prefixes,
    require_cooperative_access,
    require_office_staff,
    require_registry_access,
)
from sinergi.accounts.models import User
from sinergi.core.views.base import opens_for
from sinergi.indicators import charts
from sinergi.indicators import selectors as ind
from sinergi.indicators.charts import format_figure
from sinergi.indicators.models import Indicator, Source
from sinergi.indicators.sources import source_spec
from sinergi.regions.models import Region

LIST_CHECKS: dict[str, Callable[[User], None]] = {
    Source.COOPERATIVES: require_cooperative_access,
    Source.BUSINESSES: require_registry_access,
}
MAP_DEEPEST = 3  # kecamatan: below it the desa have no page of their own here


@dataclass(frozen=True, slots=True)
class Card:
    indicator: Indicator
    figure: str
    value: ind.IndicatorValue | None
    trend: Any
    trend_rows: list[tuple[str, str]]
    target: str
    status: str
    drill: str


def _focus_value(user: User, indicator: Indicator, region: str, period: str | None) -> ind.IndicatorValue | None:
    if region:
        level = region.count(".") + 1
        rows = ind.indicator_values(
            user_or_none=user, code=indicator.code, region_code=region, level=level, period=period
        )
        return next((v for v in rows if v.region_code == region), None)
    rows = ind.indicator_values(user_or_none=user, code=indicator.code, region_code=None, level=1, period=period)
    if not rows:
        return None
    num = sum(v.numerator for v in rows)
    den = None if rows[0].denominator is None else sum(v.denominator or 0 for v in rows)
    return ind.IndicatorValue(
        region_code="",
        region_name=_("Indonesia"),
        period=rows[0].period,
        numerator=num,
        denominator=den,
        value=ind.compute_value(num, den, indicator.factor),
        computed_at=min(v.computed_at for v in rows),
    )


def drill_url(user: User, indicator: Indicator, region: str) -> str:
    """The list behind a figure (e.g. the inactive cooperatives of a kabupaten), or "" when the user may not
    open it or the source has no list."""
    spec = source_spec(indicator.source)
    check = LIST_CHECKS.get(indicator.source)
    if not spec.list_url or spec.list_params is None or check is None:
        return ""
    try:
        check(user)
    except PermissionDenied:
        return ""
    params = spec.list_params(indicator.numerator_filter or {})
    if region:
        params["region_code"] = region
    return reverse(spec.list_url) + ("?" + urlencode(params) if params else "")


def _status_label(status: str) -> str:
    return {
        ind.Status.ON_TRACK: _("On track"),
        ind.Status.AT_RISK: _("At risk"),
        ind.Status.OFF_TRACK: _("Off track"),
    }.get(status, _("No figure yet"))


def _card(user: User, indicator: Indicator, region: str) -> Card:
    value = _focus_value(user, indicator, region, None)
    series = ind.indicator_series(user_or_none=user, code=indicator.code, region_code=region) if region else []
    year = timezone.localdate().year
    target = (
        ind.targets_visible(user_or_none=user).filter(indicator=indicator, region__code=region, year=year).first()
        if region
        else None
    )
    target_text, status = "", ""
    if target is not None:
        [progress] = ind.target_progress(user_or_none=user, targets=[target])
        target_text, status = format_figure(target.target, indicator.decimals), _status_label(progress.status)
    points = [(v.period, float(v.value) if v.value is not None else None) for v in series]
    trend = (
        charts.line_chart(
            title=_("Trend: %(name)s") % {"name": indicator.name_id},
            points=points,
            target=float(target.target) if target is not None else None,
        )
        if points
        else None
    )
    return Card(
        indicator=indicator,
        figure=format_figure(value.value if value else None, indicator.decimals),
        value=value,
        trend=trend,
        trend_rows=[(v.period, format_figure(v.value, indicator.decimals)) for v in series],
        target=target_text,
        status=status,
        drill=drill_url(user, indicator, region),
    )


def _may_see(user: User, region: str) -> bool:
    prefixes = region_prefixes(user)
    if prefixes is None or not region:
        return prefixes is None or not region
    return any(region == p or region.startswith(p + ".") or p.startswith(region + ".") for p in prefixes)


def key_figures(user: User) -> list[Card]:
    """The key indicators of the user's (first) region, for the staff home page."""
    prefixes = region_prefixes(user)
    region = prefixes[0] if prefixes else ""
    return [_card(user, i, region) for i in ind.indicators_visible(user_or_none=user).filter(is_key=True)]


@opens_for(require_office_staff)
@require_GET
def indicator_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    region_code = request.GET.get("region", "").strip()
    prefixes = region_prefixes(user)
    if not region_code and prefixes:
        region_code = prefixes[0]  # a staff member starts at (the first of) their own regions
    region = Region.objects.filter(code=region_code).first() if region_code else None
    if region_code and (region is None or not _may_see(user, region_code)):
        raise Http404
    indicators = list(ind.indicators_visible(user_or_none=user).filter(is_key=True))
    chosen = next(
        (i for i in indicators if i.code == request.GET.get("indicator")), indicators[0] if indicators else None
    )
    cards = [_card(user, i, region_code) for i in indicators]
    context: dict[str, Any] = {"region": region, "cards": cards, "chosen": chosen, "parents": []}
    if region is not None:
        context["parents"] = list(Region.objects.filter(code__in=region.ancestor_codes()[:-1]).order_by("level"))
    level = (region.level + 1) if region is not None else 1
    if chosen is not None and level <= 4:
        children = ind.indicator_values(
            user_or_none=user, code=chosen.code, region_code=region_code or None, level=level, period=None
        )
        query = {"indicator": chosen.code}
        tiles = [
            charts.Tile(
                code=v.region_code,
                label=v.region_name,
                value=v.value,
                href=(reverse("indicator_dashboard") + "?" + urlencode({**query, "region": v.region_code}))
                if level <= MAP_DEEPEST
                else "",
            )
            for v in children
        ]
        context["map"] = charts.tile_map(title=_("Map: %(name)s") % {"name": chosen.name_id}, tiles=tiles)
        context["map_rows"] = [
            (t, v, format_figure(v.value, chosen.decimals), drill_url(user, chosen, v.region_code))
            for t, v in zip(tiles, children, strict=True)
        ]
        context["bars"] = charts.bar_chart(
            title=_("By region: %(name)s") % {"name": chosen.name_id},
            rows=[(v.region_name, float(v.value or 0)) for v in children],
        )
    return render(request, "insights/indicators.html", context)
