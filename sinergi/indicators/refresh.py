"""Filling the analytics table: per indicator, region level (1 province … 4 desa) and period type, one
``GROUP BY`` query for the numerator and one for the denominator, on the region code cut to the level's
length and the year/quarter/month of the row's date; the rows below a level roll up into it because the
cut code is their ancestor's. Plain ORM expressions (Substr, Length, Extract*), so SQLite and PostgreSQL run
the same statements.

A full refresh rewrites every row of an indicator; an incremental one only the periods that contain the
last ``SINERGI_ANALYTICS_RECENT_DAYS`` days (rows dated earlier cannot have changed those figures). A stock
source (no date: cooperatives, businesses) is counted as it stands and stored under the current year, quarter
and month, so past periods keep the figure of their last refresh and a trend builds up.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractMonth, ExtractQuarter, ExtractYear, Length, Substr
from django.utils import timezone

from sinergi.indicators.models import AnalyticsValue, Indicator, PeriodType, RefreshRun
from sinergi.indicators.sources import SourceSpec, filter_q, source_spec

LEVEL_LENGTHS = {1: 2, 2: 5, 3: 8, 4: 13}
TOTAL = ""


def period_key(period_type: str, year: int, part: int | None = None) -> str:
    if period_type == PeriodType.YEAR:
        return f"{year:04d}"
    if period_type == PeriodType.QUARTER:
        return f"{year:04d}-Q{part}"
    return f"{year:04d}-{part:02d}"


def period_of(period_type: str, day: dt.date) -> str:
    if period_type == PeriodType.YEAR:
        return period_key(period_type, day.year)
    part = (day.month - 1) // 3 + 1 if period_type == PeriodType.QUARTER else day.month
    return period_key(period_type, day.year, part)


def period_start(period_type: str, day: dt.date) -> dt.date:
    if period_type == PeriodType.YEAR:
        return dt.date(day.year, 1, 1)
    if period_type == PeriodType.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def recent_days() -> int:
    return int(getattr(settings, "SINERGI_ANALYTICS_RECENT_DAYS", 35))


Key = tuple[str, str, str]  # region code, period, option


def _date_bound(spec: SourceSpec, since: dt.date) -> dict[str, Any]:
    model = spec.queryset().model
    target = model._meta.get_field(spec.date or "")
    if isinstance(target, models.DateTimeField):
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        return {f"{spec.date}__gte": start}
    return {f"{spec.date}__gte": since}


def _grouped(
    spec: SourceSpec,
    qs: QuerySet[Any],
    *,
    length: int,
    period_type: str,
    breakdown: str | None,
    stock_period: str | None,
) -> dict[Key, int]:
    qs = qs.annotate(_len=Length("_rc")).filter(_len__gte=length).annotate(_r=Substr("_rc", 1, length))
    group = ["_r"]
    if stock_period is None and spec.date:
        qs = qs.annotate(_y=ExtractYear(spec.date))
        group.append("_y")
        if period_type == PeriodType.QUARTER:
            qs = qs.annotate(_p=ExtractQuarter(spec.date))
            group.append("_p")
        elif period_type == PeriodType.MONTH:
            qs = qs.annotate(_p=ExtractMonth(spec.date))
            group.append("_p")
    if breakdown:
        qs = qs.annotate(_o=F(breakdown))
        group.append("_o")
    out: dict[Key, int] = {}
    for row in qs.values(*group).annotate(_n=Count("pk", distinct=True)).order_by():
        period = stock_period or period_key(period_type, row["_y"], row.get("_p"))
        option = "" if not breakdown or row["_o"] is None else str(row["_o"])[:40]
        out[(row["_r"], period, option)] = row["_n"]
    return out


@dataclass(frozen=True, slots=True)
class RefreshReport:
    indicators: int
    rows: int
    seconds: float


def _indicator_rows(
    indicator: Indicator, *, today: dt.date, since: dt.date | None, now: dt.datetime
) -> list[AnalyticsValue]:
    spec = source_spec(indicator.source)
    base = spec.rows()
    numerator_qs = base.filter(filter_q(spec, indicator.numerator_filter or {}))
    denominator_qs = (
        base.filter(filter_q(spec, indicator.denominator_filter)) if indicator.denominator_filter is not None else None
    )
    breakdowns: list[tuple[str, str | None]] = [(TOTAL, None)] + [
        (key, spec.breakdowns[key]) for key in indicator.disaggregations or [] if key in spec.breakdowns
    ]
    rows: list[AnalyticsValue] = []
    for period_type in PeriodType.values:
        stock_period = period_of(period_type, today) if spec.date is None else None
        num_qs, den_qs = numerator_qs, denominator_qs
        if since is not None and spec.date is not None:
            bound = _date_bound(spec, period_start(period_type, since))
            num_qs = num_qs.filter(**bound)
            den_qs = den_qs.filter(**bound) if den_qs is not None else None
        for level, length in LEVEL_LENGTHS.items():
            for category, path in breakdowns:
                num = _grouped(
                    spec, num_qs, length=length, period_type=period_type, breakdown=path, stock_period=stock_period
                )
                den = (
                    _grouped(
                        spec, den_qs, length=length, period_type=period_type, breakdown=path, stock_period=stock_period
                    )
                    if den_qs is not None
                    else None
                )
                for key in sorted(set(num) | set(den or {})):
                    region_code, period, option = key
                    rows.append(
                        AnalyticsValue(
                            indicator=indicator,
                            region_code=region_code,
                            level=level,
                            period_type=period_type,
                            period=period,
                            category=category,
                            option=option,
                            numerator=num.get(key, 0),
                            denominator=None if den is None else den.get(key, 0),
                            factor=indicator.factor,
                            computed_at=now,
                        )
                    )
    return rows


def _delete_scope(indicator: Indicator, *, today: dt.date, since: dt.date | None) -> None:
    rows = AnalyticsValue.objects.filter(indicator=indicator)
    spec = source_spec(indicator.source)
    if since is None:
        rows.delete()
        return
    for period_type in PeriodType.values:
        day = today if spec.date is None else since
        rows.filter(period_type=period_type, period__gte=period_of(period_type, day)).delete()


def analytics_refresh(
    *, full: bool = True, indicators: Iterable[Indicator] | None = None, today: dt.date | None = None
) -> RefreshReport:
    """Recompute the analytics table (every active indicator unless ``indicators`` is given)."""
    started = time.monotonic()
    now = timezone.now()
    today = today or timezone.localdate()
    since = None if full else today - dt.timedelta(days=recent_days())
    chosen = list(indicators) if indicators is not None else list(Indicator.objects.filter(is_active=True))
    run = RefreshRun.objects.create(full=full, started_at=now)
    total = 0
    for indicator in chosen:
        rows = _indicator_rows(indicator, today=today, since=since, now=now)
        with transaction.atomic():
            _delete_scope(indicator, today=today, since=since)
            AnalyticsValue.objects.bulk_create(rows, batch_size=2000)
        total += len(rows)
    seconds = time.monotonic() - started
    RefreshRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), rows=total, seconds=seconds)
    return RefreshReport(indicators=len(chosen), rows=total, seconds=seconds)
