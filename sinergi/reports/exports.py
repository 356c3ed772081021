"""Upward exports: one XLSX sheet per mapping file, one row per cooperative or business in the user's
regions, plus a sheet that says which mapping (and version) made it and which columns it left unmapped."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.cooperatives.activity import office_rule
from sinergi.cooperatives.indicators import rat_years, rat_years_needed
from sinergi.cooperatives.models import AnnualReport, Cooperative, CooperativeStatus
from sinergi.cooperatives.selectors import cooperatives_for_staff
from sinergi.core.tables import write_cell
from sinergi.registry.models import Business, BusinessYear, DocumentKind, LegalDocument
from sinergi.registry.selectors import businesses_visible
from sinergi.reports.mappings import MappedColumn, Mapping
from sinergi.reports.sources import under
from sinergi.reports.vocabulary import COOPERATIVE, TERMS

CHUNK = 2000


def cooperative_rows(*, user: User, region_code: str, year: int) -> Iterator[Cooperative]:
    rule = office_rule()
    qs: QuerySet[Cooperative] = (
        cooperatives_for_staff(user=user)
        .exclude(status=CooperativeStatus.DISSOLVED)
        .filter(under("region__code", region_code))
        .select_related("region")
        .annotate(held=rat_years(rule=rule, as_of_year=year))
        .prefetch_related(
            Prefetch("reports", queryset=AnnualReport.objects.filter(fiscal_year=year), to_attr="year_reports")
        )
        .order_by("region_id", "name", "id")
    )
    needed = rat_years_needed(rule)
    for coop in qs.iterator(chunk_size=CHUNK):
        coop.year_report = coop.year_reports[0] if coop.year_reports else None  # type: ignore[attr-defined]
        coop.is_active = coop.held >= needed  # type: ignore[attr-defined]
        coop.export_year = year  # type: ignore[attr-defined]
        yield coop


def business_rows(*, user: User, region_code: str) -> Iterator[Business]:
    latest = BusinessYear.objects.filter(business=OuterRef("pk")).order_by("-year")
    nib = LegalDocument.objects.filter(business=OuterRef("pk"), kind=DocumentKind.NIB).order_by("-id")
    qs = (
        businesses_visible(user=user)
        .filter(under("desa__code", region_code))
        .select_related("desa__parent__parent", "cluster", "owner")
        .annotate(
            latest_year=Subquery(latest.values("year")[:1]),
            latest_modal_usaha=Subquery(latest.values("modal_usaha")[:1]),
            latest_annual_sales=Subquery(latest.values("annual_sales")[:1]),
            nib_number=Subquery(nib.values("number")[:1]),
        )
        .order_by("desa_id", "name", "id")
    )
    yield from qs.iterator(chunk_size=CHUNK)


def _value(column: MappedColumn, row: Any, subject: str) -> Any:
    terms = TERMS[subject]
    if not column.summed:
        return terms[column.fields[0]].read(row)
    values = [terms[name].read(row) for name in column.fields]
    present = [Decimal(v) for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def mapping_export(*, user: User, mapping: Mapping, region_code: str, year: int) -> IO[bytes]:
    """The workbook of ``mapping`` for the user's records under ``region_code``; a temporary file at 0."""
    import xlsxwriter

    rows: Iterator[Any] = (
        cooperative_rows(user=user, region_code=region_code, year=year)
        if mapping.subject == COOPERATIVE
        else business_rows(user=user, region_code=region_code)
    )
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the caller's response closes it
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(mapping.sheet)
    sheet.freeze_panes(1, 0)
    columns = mapping.columns
    for col, column in enumerate(columns):
        write_cell(sheet, 0, col, column.header, bold)
    count = 0
    for number, row in enumerate(rows, start=1):
        count = number
        for col, column in enumerate(columns):
            if column.mapped:
                write_cell(sheet, number, col, _value(column, row, mapping.subject))
    about = workbook.add_worksheet(_("About this file")[:31])
    lines: list[tuple[Any, Any]] = [
        (_("Mapping"), mapping.title),
        (_("Code and version"), f"{mapping.code} v{mapping.version}"),
        (_("Provisional"), mapping.provisional),
        (_("Source of the field list"), mapping.provenance),
        (_("Region"), region_code or _("All my regions")),
        (_("Year"), year),
        (_("Rows"), count),
    ]
    for i, (label, value) in enumerate(lines):
        write_cell(about, i, 0, label, bold)
        write_cell(about, i, 1, value)
    start = len(lines) + 1
    write_cell(about, start, 0, _("Columns left empty (unmapped)"), bold)
    for i, column in enumerate(mapping.unmapped, start=start + 1):
        write_cell(about, i, 0, column.header)
        write_cell(about, i, 1, column.unmapped)
    workbook.close()
    output.seek(0)
    return output
