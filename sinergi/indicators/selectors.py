"""Reads of indicators, the analytics table and targets, scoped by region: office staff see the rows of their
regions and below, and the aggregates of the regions above them (a kabupaten officer sees the province total,
not the other kabupaten); ``user_or_none=None`` is the system's own read of published aggregates (reports,
open data) and sees every row; anyone else sees none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from sinergi.accounts.access import is_office_staff, region_prefixes
from sinergi.accounts.models import User
from sinergi.core.models import ChangeLog
from sinergi.indicators.models import AnalyticsValue, Goal, Indicator, PeriodType, Roadmap, Target
from sinergi.regions.models import Region

AT_RISK_SHARE = Decimal("0.70")
ON_TRACK_SHARE = Decimal("0.90")


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    region_code: str
    region_name: str
    period: str
    numerator: int
    denominator: int | None
    value: Decimal | None
    computed_at: dt.datetime


def period_type_of(period: str) -> str:
    if len(period) == 4:
        return PeriodType.YEAR
    return PeriodType.QUARTER if "Q" in period else PeriodType.MONTH


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def region_rows_q(user_or_none: User | None, field: str = "region_code") -> Q:
    """The regions whose figures the user may see (see the module's docstring)."""
    if user_or_none is None:
        return Q()
    if not is_office_staff(user_or_none):
        return Q(pk__in=[])
    prefixes = region_prefixes(user_or_none)
    if prefixes is None:
        return Q()
    q = Q(pk__in=[])
    for code in prefixes:
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
        above = _ancestors(code)
        if above:
            q |= Q(**{f"{field}__in": above})
    return q


def indicators_visible(*, user_or_none: User | None) -> QuerySet[Indicator]:
    if user_or_none is not None and not is_office_staff(user_or_none):
        return Indicator.objects.none()
    return Indicator.objects.filter(is_active=True)


def indicator_get(*, user_or_none: User | None, code: str) -> Indicator:
    return indicators_visible(user_or_none=user_or_none).get(code=code)


def values_visible(*, user_or_none: User | None) -> QuerySet[AnalyticsValue]:
    return AnalyticsValue.objects.filter(
        region_rows_q(user_or_none), indicator__in=indicators_visible(user_or_none=user_or_none)
    )


def compute_value(numerator: int, denominator: int | None, factor: int) -> Decimal | None:
    if denominator is None:
        return Decimal(numerator * factor)
    if denominator == 0:
        return None
    return Decimal(numerator * factor) / Decimal(denominator)


def latest_period(*, user_or_none: User | None, code: str, period_type: str = PeriodType.YEAR) -> str | None:
    return (
        values_visible(user_or_none=user_or_none)
        .filter(indicator__code=code, period_type=period_type)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


def _region_names(codes: set[str]) -> dict[str, str]:
    return {r.code: r.display_name for r in Region.objects.filter(code__in=codes)}


def _to_values(rows: list[AnalyticsValue]) -> list[IndicatorValue]:
    names = _region_names({r.region_code for r in rows})
    return [
        IndicatorValue(
            region_code=r.region_code,
            region_name=names.get(r.region_code, r.region_code),
            period=r.period,
            numerator=r.numerator,
            denominator=r.denominator,
            value=compute_value(r.numerator, r.denominator, r.factor),
            computed_at=r.computed_at,
        )
        for r in rows
    ]


def indicator_values(
    *, user_or_none: User | None, code: str, region_code: str | None, level: int, period: str | None
) -> list[IndicatorValue]:
    """The figures of indicator ``code`` for the regions of ``level`` (inside ``region_code`` when given; the
    region itself when its level is ``level``) in ``period`` (None: the newest year), by region code."""
    if period is None:
        period = latest_period(user_or_none=user_or_none, code=code)
        if period is None:
            return []
    qs = values_visible(user_or_none=user_or_none).filter(
        indicator__code=code, level=level, period_type=period_type_of(period), period=period, category=""
    )
    if region_code:
        qs = qs.filter(Q(region_code=region_code) | Q(region_code__startswith=region_code + "."))
    return _to_values(list(qs.order_by("region_code")))


def indicator_series(
    *, user_or_none: User | None, code: str, region_code: str, period_type: str = PeriodType.YEAR, last: int = 8
) -> list[IndicatorValue]:
    """One region's figures over its newest ``last`` periods, oldest first (for a trend line)."""
    level = region_code.count(".") + 1
    qs = values_visible(user_or_none=user_or_none).filter(
        indicator__code=code, level=level, region_code=region_code, period_type=period_type, category=""
    )
    return list(reversed(_to_values(list(qs.order_by("-period")[:last]))))


def indicator_breakdown(
    *, user_or_none: User | None, code: str, region_code: str, category: str, period: str
) -> list[tuple[str, IndicatorValue]]:
    level = region_code.count(".") + 1
    qs = values_visible(user_or_none=user_or_none).filter(
        indicator__code=code, level=level, region_code=region_code, period=period, category=category
    )
    rows = list(qs.order_by("option"))
    return list(zip([r.option for r in rows], _to_values(rows), strict=True))


def targets_visible(*, user_or_none: User | None) -> QuerySet[Target]:
    return Target.objects.filter(region_rows_q(user_or_none, "region__code")).select_related(
        "indicator", "region", "goal__roadmap"
    )


# --- Peta Jalan -------------------------------------------------------------------------------------------


def roadmaps_visible(*, user: User) -> QuerySet[Roadmap]:
    """The roadmaps of the user's regions, and those of the regions above them (a kabupaten officer reads the
    province's Peta Jalan; changes only its own)."""
    return Roadmap.objects.filter(region_rows_q(user, "region__code")).select_related("region")


def roadmap_get(*, user: User, pk: int) -> Roadmap:
    return roadmaps_visible(user=user).get(pk=pk)


def roadmap_targets(*, user: User, roadmap: Roadmap) -> QuerySet[Target]:
    """The roadmap's targets the user may see, by goal, indicator, region and year."""
    return (
        targets_visible(user_or_none=user)
        .filter(goal__roadmap=roadmap)
        .order_by("goal__position", "goal_id", "indicator__position", "indicator__code", "region_id", "year")
    )


def roadmap_goals(*, roadmap: Roadmap) -> QuerySet[Goal]:
    return roadmap.goals.all()


def roadmap_history(*, roadmap: Roadmap) -> QuerySet[ChangeLog]:
    """The roadmap's changes, its goals' and its targets' (removed targets too)."""
    from django.contrib.contenttypes.models import ContentType

    goal_ids = [str(pk) for pk in roadmap.goals.values_list("pk", flat=True)]
    target_type = ContentType.objects.get_for_model(Target)
    target_ids = [str(pk) for pk in Target.objects.filter(goal__roadmap=roadmap).values_list("pk", flat=True)]
    removed = ChangeLog.objects.filter(
        content_type=target_type, action="delete", before__goal_id__in=[int(g) for g in goal_ids]
    ).values_list("object_id", flat=True)
    q = (
        Q(content_type=ContentType.objects.get_for_model(Roadmap), object_id=str(roadmap.pk))
        | Q(content_type=ContentType.objects.get_for_model(Goal), object_id__in=goal_ids)
        | Q(content_type=target_type, object_id__in=[*target_ids, *removed])
    )
    return ChangeLog.objects.filter(q).select_related("actor", "content_type").order_by("-time", "-id")


# --- progress against target ------------------------------------------------------------------------------


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


def expected_share(*, baseline_year: int, year: int, today: dt.date) -> Decimal:
    """How much of the way from baseline to target should be done by ``today``: the months elapsed since the
    end of the baseline year over the months up to the end of the target's year, between 0 and 1."""
    span = 12 * (year - baseline_year)
    if span <= 0:
        return Decimal(1)
    elapsed = 12 * (today.year - baseline_year - 1) + today.month
    return max(Decimal(0), min(Decimal(1), Decimal(elapsed) / Decimal(span)))


def target_status(
    *, baseline: Decimal, target: Decimal, actual: Decimal | None, baseline_year: int, year: int, today: dt.date
) -> str:
    """On track when the progress made (actual − baseline, as a share of target − baseline) is at least 90 %
    of the progress expected by now; at risk from 70 %; off track below. A target already met is on track;
    after its year, a target not met is off track. Works the same for a target below its baseline."""
    if actual is None:
        return Status.NO_DATA
    gap = target - baseline
    met = actual >= target if gap >= 0 else actual <= target
    if met:
        return Status.ON_TRACK
    if today.year > year or gap == 0:
        return Status.OFF_TRACK
    expected = expected_share(baseline_year=baseline_year, year=year, today=today)
    if expected == 0:
        return Status.ON_TRACK
    progress = (actual - baseline) / gap
    share = progress / expected
    if share >= ON_TRACK_SHARE:
        return Status.ON_TRACK
    return Status.AT_RISK if share >= AT_RISK_SHARE else Status.OFF_TRACK


@dataclass(frozen=True, slots=True)
class TargetProgress:
    target: Target
    actual: IndicatorValue | None
    status: str


def target_progress(
    *, user_or_none: User | None, targets: list[Target], today: dt.date | None = None
) -> list[TargetProgress]:
    """Each target with its region's figure for the target's year (this year's while the year runs) and its
    status. The figures are read in one query, whatever the number of targets."""
    today = today or timezone.localdate()

    def key(t: Target) -> tuple[int, str, str]:
        return (t.indicator_id, t.region_id, str(min(t.year, today.year)))

    wanted = {key(t) for t in targets}
    match = Q(pk__in=[])
    for indicator_id, region_code, period in wanted:
        match |= Q(
            indicator_id=indicator_id,
            region_code=region_code,
            level=region_code.count(".") + 1,
            period_type=period_type_of(period),
            period=period,
        )
    rows = list(values_visible(user_or_none=user_or_none).filter(match, category="")) if wanted else []
    figures = {
        (row.indicator_id, row.region_code, row.period): value
        for row, value in zip(rows, _to_values(rows), strict=True)
    }
    out: list[TargetProgress] = []
    for t in targets:
        actual = figures.get(key(t))
        status = target_status(
            baseline=t.baseline,
            target=t.target,
            actual=actual.value if actual else None,
            baseline_year=t.baseline_year,
            year=t.year,
            today=today,
        )
        out.append(TargetProgress(target=t, actual=actual, status=status))
    return out
