"""Dataset sources: named tables of aggregates that reports, upward exports and open data read.

A source is anything with the :class:`DatasetSource` shape; :func:`register_source` adds one under its
``code``. The built-in sources count the registry and the cooperatives in SQL, grouped by kabupaten/kota
(the first 5 characters of the Kemendagri code) and one or two other dimensions, in one query each. An
indicator-backed source (``sinergi.indicators``) registers itself the same way.

Each row is a dict: the dimension keys (always ``region_code`` and ``region_name``), then the measures.
``units`` names the measure that counts the businesses or cooperatives behind a row: open data suppresses
a cell whose units are fewer than five.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.access import region_q
from sinergi.accounts.models import User
from sinergi.cooperatives.activity import office_rule
from sinergi.cooperatives.indicators import rat_years, rat_years_needed
from sinergi.cooperatives.models import AnnualReport, Cooperative, CooperativeStatus
from sinergi.regions.models import Region
from sinergi.registry.models import Business, Scale

KABUPATEN_CODE_LENGTH = 5  # "17.08"


@dataclass(frozen=True, slots=True)
class Field:
    """A dimension or a measure of a source: its key in each row and the label a table heads it with."""

    key: str
    label: str | Promise
    unit: str | Promise = ""


class DatasetSource(Protocol):
    """A named table of aggregates by region (and other dimensions) for one fiscal or calendar year."""

    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str | Promise: ...
    @property
    def dimensions(self) -> Sequence[Field]: ...
    @property
    def measures(self) -> Sequence[Field]: ...
    @property
    def units(self) -> str: ...

    def rows(self, *, user_or_none: User | None, region_code: str, year: int) -> list[dict[str, Any]]:
        """The rows under ``region_code`` ("" for all); ``user_or_none`` None reads without a user's scope
        (publishing aggregates of the producer's region), else only what the user may see."""
        ...


_SOURCES: dict[str, DatasetSource] = {}


def register_source(source: DatasetSource) -> DatasetSource:
    """Add (or replace) the source under its code; returns it, so it can decorate an instance."""
    _SOURCES[source.code] = source
    return source


def get_source(code: str) -> DatasetSource:
    try:
        return _SOURCES[code]
    except KeyError:
        raise ValidationError(_("Unknown data source “%(code)s”.") % {"code": code}, code="unknown_source") from None


def all_sources() -> list[DatasetSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.code)


def source_choices() -> list[tuple[str, str]]:
    return [(s.code, str(s.label)) for s in all_sources()]


# --- helpers shared by the built-in sources --------------------------------------------------------------


def under(field: str, region_code: str) -> Q:
    return Q(**{field: region_code}) | Q(**{f"{field}__startswith": region_code + "."}) if region_code else Q()


def _scoped(qs: QuerySet[Any], *, user_or_none: User | None, field: str, region_code: str) -> QuerySet[Any]:
    qs = qs.filter(under(field, region_code))
    if user_or_none is not None:
        qs = qs.filter(region_q(user_or_none, field))
    return qs


def _names(codes: set[str]) -> dict[str, str]:
    return {r.code: r.display_name for r in Region.objects.filter(code__in=codes)}


def _kabupaten(field: str) -> Substr:
    return Substr(field, 1, KABUPATEN_CODE_LENGTH)


# --- the built-in sources --------------------------------------------------------------------------------


class BusinessesByKabupaten:
    """Businesses in the register by kabupaten/kota × cluster × scale: count, with NIB, halal, workforce."""

    code = "businesses"
    label = _("Businesses (UMKM) by regency/city, cluster and scale")
    dimensions = (
        Field("region_code", _("Region code")),
        Field("region_name", _("Region")),
        Field("cluster", _("Cluster")),
        Field("scale", _("Scale")),
    )
    measures = (
        Field("businesses", _("Businesses"), _("businesses")),
        Field("with_nib", _("With NIB"), _("businesses")),
        Field("with_halal", _("Halal certified"), _("businesses")),
        Field("workforce", _("Workforce"), _("persons")),
    )
    units = "businesses"

    def rows(self, *, user_or_none: User | None, region_code: str, year: int) -> list[dict[str, Any]]:
        qs = _scoped(Business.objects.all(), user_or_none=user_or_none, field="desa__code", region_code=region_code)
        grouped = (
            qs.annotate(kab=_kabupaten("desa_id"))
            .order_by()
            .values("kab", "cluster__name", "scale")
            .annotate(
                businesses=Count("id"),
                with_nib=Count("id", filter=Q(has_nib=True)),
                with_halal=Count("id", filter=Q(has_halal=True)),
                workforce=Coalesce(Sum("workforce"), 0),
            )
        )
        data = list(grouped)
        names = _names({row["kab"] for row in data})
        scales = dict(Scale.choices)
        unknown = str(_("Not recorded"))
        out = [
            {
                "region_code": row["kab"],
                "region_name": names.get(row["kab"], row["kab"]),
                "cluster": row["cluster__name"] or unknown,
                "scale": str(scales.get(row["scale"], unknown)),
                "businesses": row["businesses"],
                "with_nib": row["with_nib"],
                "with_halal": row["with_halal"],
                "workforce": row["workforce"],
            }
            for row in data
        ]
        return sorted(out, key=lambda r: (r["region_code"], r["cluster"], r["scale"]))


class CooperativesByKabupaten:
    """Cooperatives (not dissolved) by kabupaten/kota: active and inactive under the office's rule, those
    whose RAT for the year was held, and the members and staff their reports of the year give."""

    code = "cooperatives"
    label = _("Cooperatives by regency/city: active, inactive, RAT held")
    dimensions = (Field("region_code", _("Region code")), Field("region_name", _("Region")))
    measures = (
        Field("cooperatives", _("Cooperatives"), _("cooperatives")),
        Field("active", _("Active"), _("cooperatives")),
        Field("inactive", _("Inactive"), _("cooperatives")),
        Field("rat_held", _("RAT held for the year"), _("cooperatives")),
        Field("members", _("Members at year end"), _("persons")),
        Field("staff", _("Employees"), _("persons")),
    )
    units = "cooperatives"

    def rows(self, *, user_or_none: User | None, region_code: str, year: int) -> list[dict[str, Any]]:
        base = _scoped(
            Cooperative.objects.exclude(status=CooperativeStatus.DISSOLVED),
            user_or_none=user_or_none,
            field="region__code",
            region_code=region_code,
        )
        rule = office_rule()
        counts = (
            base.annotate(kab=_kabupaten("region_id"), held=rat_years(rule=rule, as_of_year=year))
            .order_by()
            .values("kab")
            .annotate(cooperatives=Count("id"), active=Count("id", filter=Q(held__gte=rat_years_needed(rule))))
        )
        # The year's report figures in a query of their own, so that no join multiplies a cooperative's count.
        reports = (
            AnnualReport.objects.filter(fiscal_year=year, cooperative__in=base)
            .annotate(kab=_kabupaten("cooperative__region_id"))
            .order_by()
            .values("kab")
            .annotate(
                rat_held=Count("id", filter=Q(rat_held=True)),
                members=Coalesce(Sum("members_end"), 0),
                staff=Coalesce(Sum("staff"), 0),
            )
        )
        figures = {row["kab"]: row for row in reports}
        data = list(counts)
        names = _names({row["kab"] for row in data})
        out = []
        for row in data:
            extra = figures.get(row["kab"], {})
            out.append(
                {
                    "region_code": row["kab"],
                    "region_name": names.get(row["kab"], row["kab"]),
                    "cooperatives": row["cooperatives"],
                    "active": row["active"],
                    "inactive": row["cooperatives"] - row["active"],
                    "rat_held": extra.get("rat_held", 0),
                    "members": extra.get("members", 0),
                    "staff": extra.get("staff", 0),
                }
            )
        return sorted(out, key=lambda r: r["region_code"])


register_source(BusinessesByKabupaten())
register_source(CooperativesByKabupaten())
