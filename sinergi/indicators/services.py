"""Writes to indicators and the Peta Jalan (keyword-only, one change-log row per change). The analytics
table is written only by sinergi/indicators/refresh.py."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import Role, User
from sinergi.core.changelog import delete_logged, save_logged, snapshot
from sinergi.core.models import ChangeSource
from sinergi.indicators.models import Goal, Indicator, Roadmap, Source, Target
from sinergi.indicators.sources import clean_filter, source_spec

INDICATOR_FIELDS = (
    "code",
    "name_id",
    "name_en",
    "description",
    "source",
    "numerator_filter",
    "denominator_filter",
    "disaggregations",
    "unit",
    "decimals",
    "factor",
    "is_key",
    "position",
    "is_active",
)


def _require_admin(actor: User) -> None:
    if not (actor.is_superuser or actor.role == Role.ADMIN):
        raise PermissionDenied(_("Only the system administrator defines indicators."))


def clean_indicator(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("source") not in Source.values:
        raise ValidationError({"source": _("Choose one of the sources.")})
    spec = source_spec(values["source"])
    values["numerator_filter"] = clean_filter(spec, values.get("numerator_filter"), field_name="numerator_filter")
    if values.get("denominator_filter") is not None:
        values["denominator_filter"] = clean_filter(spec, values["denominator_filter"], field_name="denominator_filter")
    breakdowns = values.get("disaggregations") or []
    if not isinstance(breakdowns, list) or any(b not in spec.breakdowns for b in breakdowns):
        raise ValidationError({"disaggregations": _("A breakdown this source does not have.")})
    values["disaggregations"] = breakdowns
    if int(values.get("factor") or 1) < 1:
        raise ValidationError({"factor": _("The factor is a whole number of at least 1.")})
    return values


@transaction.atomic
def indicator_save(
    *, actor: User, data: Mapping[str, Any], indicator: Indicator | None = None, source: str = ChangeSource.WEB
) -> Indicator:
    """Create (``indicator`` None) or change an indicator definition."""
    _require_admin(actor)
    before = snapshot(indicator) if indicator is not None else None
    current = {f: getattr(indicator, f) for f in INDICATOR_FIELDS} if indicator is not None else {}
    values = clean_indicator({**current, **{k: v for k, v in data.items() if k in INDICATOR_FIELDS}})
    target = indicator or Indicator()
    for key, value in values.items():
        setattr(target, key, value)
    target.full_clean(validate_unique=True)
    save_logged(actor=actor, instance=target, before=before, source=source)
    return target


ROADMAP_FIELDS = ("name", "region_id", "start_year", "end_year", "description")


def _roadmap_fill(roadmap: Roadmap, data: Mapping[str, Any]) -> None:
    for key in ROADMAP_FIELDS:
        if key in data:
            value = data[key]
            if key in ("start_year", "end_year"):
                try:
                    value = int(value or 0)
                except (TypeError, ValueError):
                    raise ValidationError({key: _("Write a year.")}) from None
            setattr(roadmap, key, str(value).strip() if key in ("name", "region_id") else value)
    roadmap.full_clean()
    if roadmap.end_year < roadmap.start_year:
        raise ValidationError({"end_year": _("The last year comes after the first.")})


@transaction.atomic
def roadmap_create(*, actor: User, data: Mapping[str, Any], source: str = ChangeSource.WEB) -> Roadmap:
    """A new Peta Jalan for a region the actor edits."""
    require_region_write(actor, str(data.get("region_id", "")))
    roadmap = Roadmap()
    _roadmap_fill(roadmap, data)
    save_logged(actor=actor, instance=roadmap, before=None, source=source)
    return roadmap


@transaction.atomic
def roadmap_update(
    *, actor: User, roadmap: Roadmap, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Roadmap:
    """Change a roadmap's name, years or description (its region stays: its targets lie inside it)."""
    require_region_write(actor, roadmap.region_id)
    before = snapshot(roadmap)
    _roadmap_fill(roadmap, {k: v for k, v in data.items() if k != "region_id"})
    outside = roadmap.goals.filter(targets__isnull=False).exclude(
        targets__year__range=(roadmap.start_year, roadmap.end_year)
    )
    if outside.exists():
        raise ValidationError({"start_year": _("Some targets lie outside these years; change or remove them first.")})
    save_logged(actor=actor, instance=roadmap, before=before, source=source)
    return roadmap


def goal_get_or_create(*, actor: User, roadmap: Roadmap, title: str, source: str = ChangeSource.WEB) -> Goal:
    require_region_write(actor, roadmap.region_id)
    title = title.strip()
    if not title:
        raise ValidationError({"goal": _("Name the goal.")})
    goal = Goal.objects.filter(roadmap=roadmap, title=title).first()
    if goal is None:
        goal = Goal(roadmap=roadmap, title=title, position=roadmap.goals.count())
        save_logged(actor=actor, instance=goal, before=None, source=source)
    return goal


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value).replace(",", ".")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Write a number.")}) from None


@transaction.atomic
def target_save(
    *,
    actor: User,
    goal: Goal,
    indicator: Indicator,
    region_code: str,
    year: int,
    baseline_year: int,
    baseline: Any,
    target: Any,
    source: str = ChangeSource.WEB,
) -> tuple[Target, str]:
    """Create or change the target of an indicator for a region and year under a roadmap's goal; the status
    says "created", "updated" or "unchanged" (the same values again write nothing, so a re-import is idle)."""
    require_region_write(actor, region_code)
    roadmap = goal.roadmap
    if not roadmap.region_id == region_code and not region_code.startswith(roadmap.region_id + "."):
        raise ValidationError({"region": _("The region lies outside the roadmap's region.")})
    if not roadmap.start_year <= year <= roadmap.end_year:
        raise ValidationError({"year": _("The year lies outside the roadmap's years.")})
    if baseline_year > year:
        raise ValidationError({"baseline_year": _("The baseline year comes before the target's year.")})
    baseline_value, target_value = _decimal(baseline, "baseline"), _decimal(target, "target")
    row = (
        Target.objects.select_for_update()
        .filter(goal=goal, indicator=indicator, region_id=region_code, year=year)
        .first()
    )
    if row is not None and (row.baseline_year, row.baseline, row.target) == (
        baseline_year,
        baseline_value,
        target_value,
    ):
        return row, "unchanged"
    status = "created" if row is None else "updated"
    before = snapshot(row) if row is not None else None
    row = row or Target(goal=goal, indicator=indicator, region_id=region_code, year=year)
    row.baseline_year = baseline_year
    row.baseline = baseline_value
    row.target = target_value
    try:
        row.full_clean(exclude=["goal", "indicator", "region"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    save_logged(actor=actor, instance=row, before=before, source=source)
    return row, status


def target_set(**kwargs: Any) -> Target:
    """``target_save`` without the status."""
    return target_save(**kwargs)[0]


@transaction.atomic
def target_delete(*, actor: User, target: Target, source: str = ChangeSource.WEB) -> None:
    require_region_write(actor, target.region_id)
    delete_logged(actor=actor, instance=target, source=source)
