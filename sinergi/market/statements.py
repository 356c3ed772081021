"""A business's monthly showroom statement as an XLSX file (``consignment.monthly_statement``): one sheet with
the stock per product, the month's sales and payouts, and what the showroom owed at the start and the end."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from sinergi.core.formatting import format_date
from sinergi.core.tables import write_cell
from sinergi.market.consignment import Statement


def statement_xlsx(statement: Statement) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(statement.month.strftime("%Y-%m"))
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0"})
    row = 0
    write_cell(sheet, row, 0, _("Showroom statement"), bold)
    write_cell(sheet, row, 1, statement.business.name, bold)
    row += 1
    write_cell(sheet, row, 0, _("Month"))
    write_cell(sheet, row, 1, statement.month.strftime("%m-%Y"))
    row += 2
    header = [
        _("Product"),
        _("On hand at the start"),
        _("Delivered"),
        _("Sold"),
        _("Returned"),
        _("Damaged"),
        _("On hand at the end"),
        _("Sales value"),
    ]
    for col, title in enumerate(header):
        write_cell(sheet, row, col, title, bold)
    for line in statement.lines:
        row += 1
        values = [line.product, line.opening, line.delivered, line.sold, line.returned, line.damaged, line.closing]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value)
        write_cell(sheet, row, 7, line.sales_value, money)
    row += 2
    write_cell(sheet, row, 0, _("Payouts"), bold)
    for col, title in enumerate((_("Paid on"), _("Paid by"), _("Reference"), _("Amount")), start=1):
        write_cell(sheet, row, col, title, bold)
    for payout in statement.payouts:
        row += 1
        write_cell(sheet, row, 1, format_date(payout.paid_on))
        write_cell(sheet, row, 2, payout.paid_by)
        write_cell(sheet, row, 3, payout.reference)
        write_cell(sheet, row, 4, payout.amount, money)
    row += 2
    for label, value in (
        (_("Owed at the start of the month"), statement.owed_opening),
        (_("Sales this month"), statement.sales_value),
        (_("Paid this month"), statement.paid),
        (_("Owed at the end of the month"), statement.owed_closing),
        (_("Late today"), statement.overdue),
    ):
        write_cell(sheet, row, 0, label, bold)
        write_cell(sheet, row, 1, value, money)
        row += 1
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 7, 16)
    workbook.close()
    return output.getvalue()
