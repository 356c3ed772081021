"""The beneficiaries report (reports.beneficiaries_report) as an XLSX workbook, for the API and the page; its
cells are written by core's writer (sinergi.core.tables.write_cell: a label is never run as a formula)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter
from django.utils.translation import gettext as _

from sinergi.core.tables import write_cell
from sinergi.programs.reports import ReportRow


def beneficiaries_xlsx(*, group_by: Sequence[str], rows: Sequence[ReportRow], total: ReportRow) -> bytes:
    """One sheet: a column per grouping (headed by its name, each cell its label), then the distinct
    beneficiaries, the enrollments and the aid; the last row is the total, each beneficiary counted once."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(_("Beneficiaries")[:31])
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    n = len(group_by)
    for col, title in enumerate([*group_by, _("beneficiaries"), _("enrollments"), _("aid (Rp)")]):
        write_cell(sheet, 0, col, title, bold)
    for i, row in enumerate([*rows, total], start=1):
        is_total = row is total
        labels = [_("Total"), *([""] * (n - 1))] if is_total else [row.labels.get(d, "") for d in group_by]
        for col, label in enumerate(labels[:n]):
            write_cell(sheet, i, col, label)
        write_cell(sheet, i, n, row.beneficiaries, bold if is_total else None)
        write_cell(sheet, i, n + 1, row.enrollments)
        write_cell(sheet, i, n + 2, float(row.aid), money)
    sheet.set_column(0, max(n - 1, 0), 28)
    book.close()
    return output.getvalue()
