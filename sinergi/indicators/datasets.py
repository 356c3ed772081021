"""Indicator-backed dataset sources for reports and open data (``reports.sources.register_source``): one source
per shipped indicator (``indikator:<code>``), its rows the analytics table's yearly figures by kabupaten/kota —
what the refresh computed, never the records behind it.

Measures are the indicator's counts (the numerator and, for a share, the denominator), which add up over regions
so the published table's totals and the small-cell suppression work as for the other sources; the share itself is
``numerator / denominator × factor`` and is said in the dataset's formula. The cell's units (for suppression) are
the denominator's rows for a share, else the numerator's. Indicators an office adds as data are not sources until
they are shipped in the catalogue (sources are registered when Django starts, before any database is read)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import User
from sinergi.indicators.catalogue import CATALOGUE
from sinergi.indicators.models import PeriodType
from sinergi.indicators.selectors import values_visible
from sinergi.regions.models import Region
from sinergi.reports.sources import Field, register_source, under

PREFIX = "indikator:"
KABUPATEN_LEVEL = 2


@dataclass(frozen=True)
class IndicatorSource:
    """The yearly figures of one indicator by kabupaten/kota."""

    indicator_code: str
    name: str
    unit: str
    has_denominator: bool

    @property
    def code(self) -> str:
        return PREFIX + self.indicator_code

    @property
    def label(self) -> str:
        return f"{_('Indicator')}: {self.name}"

    @property
    def dimensions(self) -> tuple[Field, ...]:
        return (Field("region_code", _("Region code")), Field("region_name", _("Region")))

    @property
    def measures(self) -> tuple[Field, ...]:
        counted = (Field("numerator", _("Counted (numerator)"), self.unit),)
        if self.has_denominator:
            return (*counted, Field("denominator", _("Out of (denominator)"), self.unit))
        return counted

    @property
    def units(self) -> str:
        return "denominator" if self.has_denominator else "numerator"

    def rows(self, *, user_or_none: User | None, region_code: str, year: int) -> list[dict[str, Any]]:
        qs = values_visible(user_or_none=user_or_none).filter(
            indicator__code=self.indicator_code,
            level=KABUPATEN_LEVEL,
            period_type=PeriodType.YEAR,
            period=f"{year:04d}",
            category="",
        )
        qs = qs.filter(under("region_code", region_code))
        data = list(qs.order_by("region_code").values("region_code", "numerator", "denominator"))
        names = {r.code: r.display_name for r in Region.objects.filter(code__in={r["region_code"] for r in data})}
        out = []
        for row in data:
            item = {
                "region_code": row["region_code"],
                "region_name": names.get(row["region_code"], row["region_code"]),
                "numerator": row["numerator"],
            }
            if self.has_denominator:
                item["denominator"] = row["denominator"] or 0
            out.append(item)
        return out


SOURCES = [
    register_source(
        IndicatorSource(
            indicator_code=row["code"],
            name=row["name_id"],
            unit=row.get("unit", ""),
            has_denominator=row.get("denominator_filter") is not None,
        )
    )
    for row in CATALOGUE
]
