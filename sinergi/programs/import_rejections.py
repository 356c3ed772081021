"""The rows an applicant import rejected, as an XLSX to fix and import again: the columns the import read
(under headers it reads back), the source row in front and the reasons behind (neither is read on
re-import)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _

# Column key → the header written for it; each is one of the labels imports.APPLICANT_COLUMNS reads.
HEADERS: dict[str, str] = {
    "ref": "No. Pendaftaran",
    "nib": "NIB",
    "nik": "NIK",
    "business": "Nama Usaha",
    "village": "Desa",
    "nik_koperasi": "NIK Koperasi",
    "cooperative": "Nama Koperasi",
    "needs": "Kebutuhan",
    "note": "Catatan",
}
ROW_HEADER = "Baris asal"
REASON_HEADER = "Alasan ditolak"


def rejected_columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The column keys that hold a value in any of the rows, in the order of HEADERS."""
    used = {key for row in rows for key in row.get("values", {})}
    return [key for key in HEADERS if key in used]


def rejections_xlsx(*, rows: Sequence[Mapping[str, Any]], stream: IO[bytes]) -> int:
    """Write ``rows`` (each {"row", "reasons", "values"}) to ``stream``; returns how many were written."""
    keys = rejected_columns(rows)
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "valign": "top"})
    text = book.add_format({"num_format": "@"})  # NIB and NIK stay text, never numbers in E notation
    sheet = book.add_worksheet(_("Rejected rows")[:31])
    sheet.write_row(0, 0, [ROW_HEADER, *(HEADERS[k] for k in keys), REASON_HEADER], bold)
    sheet.set_column(1, max(1, len(keys)), 20, text)
    sheet.set_column(len(keys) + 1, len(keys) + 1, 70)
    for line, row in enumerate(rows, start=1):
        sheet.write_number(line, 0, int(row["row"]))
        for col, key in enumerate(keys, start=1):
            value = row.get("values", {}).get(key, "")
            if value:
                sheet.write_string(line, col, str(value))
        sheet.write_string(line, len(keys) + 1, "; ".join(row.get("reasons", [])))
    sheet.freeze_panes(1, 1)
    book.close()
    return len(rows)
