"""What an office's periodic report holds: its tables and charts, computed from the dataset sources for
the office's region (aggregates only), independent of how the PDF or the workbook draws them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.regions.models import Region
from sinergi.registry.models import Business, Scale
from sinergi.reports.periods import period_label, period_span
from sinergi.reports.sources import KABUPATEN_CODE_LENGTH, get_source, under


@dataclass(frozen=True, slots=True)
class ReportTable:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportChart:
    """Bars by category; each series one colour (e.g. active and inactive cooperatives by kabupaten)."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[int]]]


@dataclass(slots=True)
class ReportContent:
    office_code: str
    office_name: str
    period: str
    generated_at: dt.datetime
    tables: list[ReportTable] = field(default_factory=list)
    charts: list[ReportChart] = field(default_factory=list)


def report_content(*, office_code: str, kind: str, year: int, number: int) -> ReportContent:
    first, last = period_span(kind=kind, year=year, number=number)
    office = Region.objects.get(pk=office_code)
    content = ReportContent(
        office_code=office.code,
        office_name=office.display_name,
        period=period_label(kind=kind, year=year, number=number),
        generated_at=timezone.now(),
    )
    fiscal_year = last_due_fiscal_year(today=last)
    _cooperatives(content, office_code=office.code, fiscal_year=fiscal_year)
    _businesses(content, office_code=office.code, year=year)
    _registered(content, office_code=office.code, first=first, last=last)
    return content


def _cooperatives(content: ReportContent, *, office_code: str, fiscal_year: int) -> None:
    rows = get_source("cooperatives").rows(user_or_none=None, region_code=office_code, year=fiscal_year)
    keys = ("cooperatives", "active", "inactive", "rat_held", "members", "staff")
    body = [[r["region_name"], *(r[k] for k in keys)] for r in rows]
    body.append([_("Total"), *(sum(r[k] for r in rows) for k in keys)])
    content.tables.append(
        ReportTable(
            title=_("Cooperatives by regency/city, fiscal year %(year)d") % {"year": fiscal_year},
            headers=[
                _("Region"),
                _("Cooperatives"),
                _("Active"),
                _("Inactive"),
                _("RAT held"),
                _("Members"),
                _("Employees"),
            ],
            rows=body,
            note=_("Active: by the office's RAT rule; dissolved cooperatives are not counted."),
        )
    )
    content.charts.append(
        ReportChart(
            title=_("Active and inactive cooperatives"),
            categories=[r["region_name"] for r in rows],
            series=[(_("Active"), [r["active"] for r in rows]), (_("Inactive"), [r["inactive"] for r in rows])],
        )
    )


def _businesses(content: ReportContent, *, office_code: str, year: int) -> None:
    rows = get_source("businesses").rows(user_or_none=None, region_code=office_code, year=year)
    scales = [str(label) for _code, label in Scale.choices] + [_("Not recorded")]
    by_region: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_cluster: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        by_region[(r["region_code"], r["region_name"])][r["scale"]] += r["businesses"]
        cluster = by_cluster[r["cluster"]]
        cluster[0] += r["businesses"]
        cluster[1] += r["with_nib"]
        cluster[2] += r["with_halal"]
    used = [s for s in scales if any(counts.get(s) for counts in by_region.values())] or scales[:1]
    body: list[list[Any]] = [
        [name, *(counts.get(s, 0) for s in used), sum(counts.values())]
        for (_c, name), counts in sorted(by_region.items())
    ]
    totals: list[int] = [sum(row[i] for row in body) for i in range(1, len(used) + 2)]
    body.append([_("Total"), *totals])
    content.tables.append(
        ReportTable(
            title=_("Businesses by regency/city and scale"),
            headers=[_("Region"), *used, _("Total")],
            rows=body,
        )
    )
    content.charts.append(
        ReportChart(title=_("Businesses by scale"), categories=used, series=[(_("Businesses"), totals[:-1])])
    )
    cluster_rows = [[name, *figures] for name, figures in sorted(by_cluster.items())]
    content.tables.append(
        ReportTable(
            title=_("Businesses by cluster"),
            headers=[_("Cluster"), _("Businesses"), _("With NIB"), _("Halal certified")],
            rows=cluster_rows,
        )
    )


def _registered(content: ReportContent, *, office_code: str, first: dt.date, last: dt.date) -> None:
    grouped = (
        Business.objects.filter(
            under("desa__code", office_code), created_at__date__gte=first, created_at__date__lte=last
        )
        .annotate(kab=Substr("desa_id", 1, KABUPATEN_CODE_LENGTH))
        .order_by()
        .values("kab")
        .annotate(n=Count("id"))
    )
    counts = {row["kab"]: row["n"] for row in grouped}
    names = {r.code: r.display_name for r in Region.objects.filter(code__in=counts)}
    body: list[list[Any]] = [[names.get(code, code), n] for code, n in sorted(counts.items())]
    body.append([_("Total"), sum(counts.values())])
    content.tables.append(
        ReportTable(
            title=_("Businesses registered in the period"),
            headers=[_("Region"), _("Businesses")],
            rows=body,
        )
    )
