"""Business list exports (CSV and XLSX) for the current filter. Both stream rows from the database in chunks
so a large kabupaten does not have to fit in memory."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.registry.models import Business, Scale

CHUNK = 2000
# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _columns() -> list[str]:
    return [
        _("Number"),
        _("Business name"),
        _("Owner"),
        _("Village code"),
        _("Village"),
        _("Address"),
        _("KBLI"),
        _("Cluster"),
        _("Scale"),
        _("Has NIB"),
        _("Halal"),
        _("Workforce"),
    ]


def _row(business: Business) -> list[Any]:
    return [
        business.pk,
        business.name,
        business.owner.name if business.owner else "",
        business.desa_id,
        business.desa.name,
        business.address,
        business.kbli,
        business.cluster.name if business.cluster else "",
        Scale(business.scale).label if business.scale else "",
        business.has_nib,
        business.has_halal,
        business.workforce,
    ]


def _safe_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_filename(*, extension: str) -> str:
    return f"usaha-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


class _Echo:
    """The file-like object csv.writer needs; each written line is handed straight to the response."""

    def write(self, value: str) -> str:
        return value


def business_csv_response(*, queryset: QuerySet[Business]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # The byte-order mark makes Excel read the file as UTF-8 (names with diacritics, "—").
        yield "\ufeff" + writer.writerow(_columns())
        for business in queryset.iterator(chunk_size=CHUNK):
            yield writer.writerow([_safe_text(v) for v in _row(business)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(extension="csv")}"'
    return response


def business_xlsx_response(*, queryset: QuerySet[Business]) -> FileResponse:
    import xlsxwriter

    # constant_memory writes each row to disk as it goes; the workbook is assembled in a temporary file
    # that the response closes (and so deletes) when it has been sent.
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("Businesses")[:31])
    bold = workbook.add_format({"bold": True})
    sheet.freeze_panes(1, 0)
    for col, title in enumerate(_columns()):
        sheet.write_string(0, col, title, bold)
    for row_number, business in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        for col, value in enumerate(_row(business)):
            if isinstance(value, bool):
                sheet.write_boolean(row_number, col, value)
            elif isinstance(value, int):
                sheet.write_number(row_number, col, value)
            elif value is None:
                sheet.write_blank(row_number, col, None)
            else:
                # write_string never turns text into a formula, so no escaping is needed here.
                sheet.write_string(row_number, col, str(value))
    workbook.close()
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=export_filename(extension="xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
