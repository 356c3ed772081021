"""The cooperative indicator table as an XLSX workbook (cells by core's writer, sinergi.core.tables): a title, the
rules applied, one row per region and the total, numbers as numbers so the office can sum and chart them."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sinergi.cooperatives.indicators import IndicatorRow, Indicators
from sinergi.core.tables import write_cell


def indicator_columns(indicators: Indicators) -> list[str]:
    count = _("count")
    health = [f"{label} ({count})" for _code, label in indicators.predicates]
    return [
        _("Region code"),
        _("Region"),
        _("Cooperatives"),
        _("Active"),
        _("Active %"),
        _("Assessed"),
        *health,
        _("Members at year end"),
        _("Savings participation %"),
        _("Outside capital / assets %"),
    ]


def indicator_cells(row: IndicatorRow) -> list[Any]:
    return [
        row.code,
        row.name,
        row.cooperatives,
        row.active,
        row.active_pct,
        row.assessed,
        *(p.count for p in row.health),
        row.members_end,
        row.savings_participation_pct,
        row.outside_capital_pct,
    ]


def indicators_xlsx(indicators: Indicators) -> bytes:
    """The table as a workbook: a title, the rule applied, one row per region and the total, numbers as numbers
    (percentages with 2 decimals) so the office can sum and chart them."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(_("Indicators")[:31])
    bold = workbook.add_format({"bold": True})
    pct = workbook.add_format({"num_format": "0.00"})
    pct_bold = workbook.add_format({"num_format": "0.00", "bold": True})
    title = _("Cooperative indicators, fiscal year %(year)d: %(region)s") % {
        "year": indicators.year,
        "region": indicators.region_name,
    }
    write_cell(sheet, 0, 0, title, bold)
    write_cell(sheet, 1, 0, _("Active: %(rule)s") % {"rule": indicators.rule_text})
    write_cell(sheet, 2, 0, _("Health: rule set %(version)s") % {"version": indicators.rule_set_version})
    columns = indicator_columns(indicators)
    percent_columns = {i for i, c in enumerate(columns) if c.endswith("%")}
    for col, text in enumerate(columns):
        write_cell(sheet, 4, col, text, bold)
    sheet.freeze_panes(5, 2)
    rows = [*indicators.rows, indicators.total]
    for offset, row in enumerate(rows):
        last = offset == len(rows) - 1
        cells = indicator_cells(row)
        if last:
            cells[0], cells[1] = row.code, _("Total")
        for col, value in enumerate(cells):
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                fmt = (pct_bold if last else pct) if col in percent_columns else (bold if last else None)
                write_cell(sheet, 5 + offset, col, float(value), fmt)
            else:
                write_cell(sheet, 5 + offset, col, value, None if value is None else (bold if last else None))
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, len(columns) - 1, 14)
    workbook.close()
    return output.getvalue()
