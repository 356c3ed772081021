"""The fixed set of sources an indicator counts, and the whitelist of filters and breakdowns of each.

An indicator stores its filters as JSON (``{"active": false}``); only the keys below are accepted, each with
the type of its value, and each becomes a ``Q`` here, so no stored definition can reach a field or a lookup
that is not listed. ``region`` is the path to the lowest region code of a row (a desa, or a kecamatan or
kabupaten when that is all that is known); ``date`` the date a row is counted in (None: a stock, counted as it
stands when the refresh runs and stored under the current periods).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.indicators.models import Source


@dataclass(frozen=True, slots=True)
class FilterKey:
    """One allowed filter: its value type ("bool", "choice", "int") and how it becomes a Q."""

    kind: str
    to_q: Callable[[Any], Q]
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceSpec:
    key: str
    queryset: Callable[[], QuerySet[Any]]
    region: Any  # a path or an expression giving the row's region code
    date: str | None
    filters: Mapping[str, FilterKey]
    breakdowns: Mapping[str, str] = field(default_factory=dict)
    list_url: str = ""  # URL name of the list a figure drills through to
    list_params: Callable[[Mapping[str, Any]], dict[str, str]] | None = None  # filters → that list's query

    def rows(self) -> QuerySet[Any]:
        """Every row of the source, annotated with ``_rc`` (its region code)."""
        region = F(self.region) if isinstance(self.region, str) else self.region
        return self.queryset().annotate(_rc=region)


def _path(path: str) -> Callable[[Any], Q]:
    return lambda value: Q(**{path: value})


def _nonblank(path: str) -> Callable[[Any], Q]:
    return lambda value: ~Q(**{path: ""}) & Q(**{f"{path}__isnull": False}) if value else Q(**{path: ""})


def _active_q(value: Any) -> Q:
    """Cooperatives active under the office's rule (RATs held in the window), as of the newest fiscal year due."""
    from sinergi.cooperatives.activity import EACH, last_due_fiscal_year, office_rule
    from sinergi.cooperatives.models import AnnualReport

    rule = office_rule()
    window = rule.window(as_of_year=last_due_fiscal_year(today=timezone.localdate()))
    needed = len(window) if rule.mode == EACH else 1
    active_ids = (
        AnnualReport.objects.filter(rat_held=True, fiscal_year__in=window)
        .values("cooperative_id")
        .annotate(n=Count("fiscal_year", distinct=True))
        .filter(n__gte=needed)
        .values("cooperative_id")
    )
    q = Q(pk__in=active_ids)
    return q if value else ~q


def _choices(model_choices: type[models.TextChoices]) -> tuple[str, ...]:
    return tuple(str(v) for v in model_choices.values)


def _businesses() -> SourceSpec:
    from sinergi.registry.models import Business, Scale

    return SourceSpec(
        key=Source.BUSINESSES,
        queryset=Business.objects.all,
        region="desa__code",
        date=None,
        filters={
            "has_nib": FilterKey("bool", _path("has_nib")),
            "has_halal": FilterKey("bool", _path("has_halal")),
            "scale": FilterKey("choice", _path("scale"), _choices(Scale)),
        },
        breakdowns={"scale": "scale", "cluster": "cluster__name"},
        list_url="business_list",
        list_params=lambda f: (
            {k: ("1" if f[k] else "0") for k in ("has_nib", "has_halal") if k in f}
            | ({"scale": str(f["scale"])} if "scale" in f else {})
        ),
    )


def _cooperatives() -> SourceSpec:
    from sinergi.cooperatives.models import Cooperative, CooperativeKind, CooperativeStatus

    return SourceSpec(
        key=Source.COOPERATIVES,
        queryset=Cooperative.objects.all,
        region="region__code",
        date=None,
        filters={
            "active": FilterKey("bool", _active_q),
            "has_nik": FilterKey("bool", _nonblank("nik_koperasi")),
            "status": FilterKey("choice", _path("status"), _choices(CooperativeStatus)),
            "kind": FilterKey("choice", _path("kind"), _choices(CooperativeKind)),
        },
        breakdowns={"kind": "kind"},
        list_url="cooperative_list",
        list_params=lambda f: (
            ({"active": "1" if f["active"] else "0"} if "active" in f else {})
            | {k: str(f[k]) for k in ("status", "kind") if k in f}
        ),
    )


def _assessments() -> SourceSpec:
    from sinergi.cooperatives.models import HealthAssessment

    return SourceSpec(
        key=Source.ASSESSMENTS,
        queryset=HealthAssessment.objects.all,
        region="cooperative__region__code",
        date="assessed_at",
        filters={
            "scored": FilterKey("bool", lambda v: Q(total__isnull=not v)),
            "predicate": FilterKey("choice", _path("predicate"), ()),
        },
        breakdowns={"predicate": "predicate"},
    )


def _beneficiaries() -> SourceSpec:
    from sinergi.programs.choices import CertificationKind, EnrollmentStatus, ProgramKind, Target
    from sinergi.programs.models import Enrollment

    return SourceSpec(
        key=Source.BENEFICIARIES,
        queryset=Enrollment.objects.all,
        region=Coalesce(
            "business__desa__code", "person__desa__code", "cooperative__region__code", "program__region__code"
        ),
        date="enrolled_on",
        filters={
            "program_kind": FilterKey("choice", _path("program__kind"), _choices(ProgramKind)),
            "certification": FilterKey("choice", _path("program__certification"), _choices(CertificationKind)),
            "target": FilterKey("choice", _path("program__target"), _choices(Target)),
            "status": FilterKey("choice", _path("status"), _choices(EnrollmentStatus)),
            "completed": FilterKey(
                "bool", lambda v: Q(status=EnrollmentStatus.COMPLETED) if v else ~Q(status=EnrollmentStatus.COMPLETED)
            ),
        },
        breakdowns={"program_kind": "program__kind", "sex": "person__sex"},
    )


def _aspirations() -> SourceSpec:
    from sinergi.aspirations.models import OPEN_STATUSES, Aspiration, Category, Status

    return SourceSpec(
        key=Source.ASPIRATIONS,
        queryset=Aspiration.objects.all,
        region=Coalesce("desa__code", "office__code"),
        date="heard_at",
        filters={
            "category": FilterKey("choice", _path("category"), _choices(Category)),
            "status": FilterKey("choice", _path("status"), _choices(Status)),
            "open": FilterKey("bool", lambda v: Q(status__in=OPEN_STATUSES) if v else ~Q(status__in=OPEN_STATUSES)),
        },
        breakdowns={"category": "category"},
        list_url="aspiration_list",
    )


def _market() -> SourceSpec:
    from sinergi.market.models import Product

    return SourceSpec(
        key=Source.MARKET,
        queryset=Product.objects.all,
        region="business__desa__code",
        date="created_at",
        filters={"offered": FilterKey("bool", _path("is_active"))},
    )


_BUILDERS: dict[str, Callable[[], SourceSpec]] = {
    Source.BUSINESSES: _businesses,
    Source.COOPERATIVES: _cooperatives,
    Source.ASSESSMENTS: _assessments,
    Source.BENEFICIARIES: _beneficiaries,
    Source.ASPIRATIONS: _aspirations,
    Source.MARKET: _market,
}


def source_spec(key: str) -> SourceSpec:
    try:
        return _BUILDERS[key]()
    except KeyError:
        raise ValidationError({"source": _("Unknown source.")}) from None


def clean_filter(spec: SourceSpec, value: Any, *, field_name: str) -> dict[str, Any]:
    """The filter as stored: a JSON object whose keys are the source's allowed filters, values of their type."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError({field_name: _("A filter is a set of named conditions.")})
    cleaned: dict[str, Any] = {}
    for key, v in value.items():
        allowed = spec.filters.get(key)
        if allowed is None:
            raise ValidationError({field_name: _("“%(key)s” is not a filter of this source.") % {"key": key}})
        ok = (
            (allowed.kind == "bool" and isinstance(v, bool))
            or (allowed.kind == "int" and isinstance(v, int) and not isinstance(v, bool))
            or (allowed.kind == "choice" and isinstance(v, str) and (not allowed.choices or v in allowed.choices))
        )
        if not ok:
            raise ValidationError({field_name: _("The value of “%(key)s” is not allowed.") % {"key": key}})
        cleaned[key] = v
    return cleaned


def filter_q(spec: SourceSpec, filters: Mapping[str, Any]) -> Q:
    q = Q()
    for key, value in clean_filter(spec, dict(filters), field_name="filter").items():
        q &= spec.filters[key].to_q(value)
    return q
