"""Indicators in the API: the definitions, their figures by region level and period, and the targets with
their progress. Office staff only; figures scoped as on the pages (own regions and the aggregates above)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from sinergi.accounts.access import is_office_staff
from sinergi.accounts.models import User
from sinergi.api.auth import actor_of
from sinergi.api.errors import field_error, responses
from sinergi.indicators import selectors as sel
from sinergi.indicators.models import Indicator
from sinergi.indicators.schemas import IndicatorOut, IndicatorTargetOut, IndicatorValueOut

router = Router(tags=["indicators"])


def _staff(request: HttpRequest) -> User:
    user = actor_of(request)
    if not is_office_staff(user):
        raise PermissionDenied(_("Indicators are for the office's staff."))
    return user


def _indicator(user: User, code: str) -> Indicator:
    try:
        return sel.indicator_get(user_or_none=user, code=code.strip()[:40])
    except Indicator.DoesNotExist:
        raise Http404 from None


@router.get("/indicators", response=responses({200: list[IndicatorOut]}))
def indicator_list(request: HttpRequest) -> Any:
    return [
        {
            **{f: getattr(i, f) for f in IndicatorOut.model_fields if f != "has_denominator"},
            "has_denominator": i.denominator_filter is not None,
        }
        for i in sel.indicators_visible(user_or_none=_staff(request))
    ]


@router.get("/indicators/values", response=responses({200: list[IndicatorValueOut]}))
def indicator_value_list(
    request: HttpRequest,
    indicator: str = "",
    level: Query[int] = 1,
    region: str = "",
    period: str = "",
) -> Any:
    user = _staff(request)
    if not indicator.strip():
        raise field_error("indicator", _("Name the indicator (its code)."))
    found = _indicator(user, indicator)
    return sel.indicator_values(
        user_or_none=user,
        code=found.code,
        region_code=region.strip()[:13] or None,
        level=max(1, min(4, level)),
        period=period.strip()[:8] or None,
    )


@router.get("/indicators/targets", response=responses({200: list[IndicatorTargetOut]}))
def indicator_target_list(request: HttpRequest, indicator: str = "") -> Any:
    user = _staff(request)
    targets = sel.targets_visible(user_or_none=user)
    if indicator:
        targets = targets.filter(indicator=_indicator(user, indicator))
    return [
        {
            "roadmap": p.target.goal.roadmap.name,
            "goal": p.target.goal.title,
            "indicator": p.target.indicator.code,
            "region_code": p.target.region_id,
            "year": p.target.year,
            "baseline_year": p.target.baseline_year,
            "baseline": p.target.baseline,
            "target": p.target.target,
            "actual": p.actual.value if p.actual else None,
            "status": p.status,
        }
        for p in sel.target_progress(user_or_none=user, targets=list(targets[:500]))
    ]
