"""The workbooks the engine writes for every import target: the template an office fills, and the rejected
rows as an XLSX to fix and import again.

The template has the target's fields as its header row (each field's first synonym), an example row, and a
"Petunjuk" sheet explaining each column; it is an Indonesian document by design (offices pass it around, and
its header must be recognised whatever language the downloader's page was in), so its texts are data.

Each rejected-rows sheet repeats the file's own headers (so the fixed file maps to the same fields when re-imported),
with the source row in front and the reasons behind; every target recognises those two headers and skips
them on re-import. Written in xlsxwriter's constant-memory mode: a rejected-rows file of a large import
costs a row's memory, not the file's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, BinaryIO

import xlsxwriter

from sinergi.core.tables import write_cell
from sinergi.ingest.headers import FieldSpec

_SHEET_NAME_UNSAFE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))  # characters Excel refuses in a sheet name


@dataclass(frozen=True)
class RejectionSheet:
    """One sheet of the download: its title, the file's headers, and (source row, cells, reasons) per row."""

    title: str
    columns: Sequence[str]
    rows: Iterable[tuple[int, Sequence[object], str]]


def write_rejections(
    stream: IO[bytes],
    *,
    sheets: Sequence[RejectionSheet],
    row_header: str,
    reason_header: str,
    empty_title: str,
) -> int:
    """Write ``sheets`` to ``stream`` (a workbook with one empty sheet, ``empty_title``, when there is none);
    numbers stay numbers, blank cells stay blank, everything else is written as text (core's write_cell: a header or
    cell reading "=HYPERLINK(…)" stays text). Returns the row count."""
    book = xlsxwriter.Workbook(stream, {"constant_memory": True, "in_memory": False})
    bold = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})  # NIK, NIB and region codes stay text, never numbers in E notation
    count = 0
    for number, sheet in enumerate(sheets, start=1):
        title = (sheet.title or empty_title)[:28].translate(_SHEET_NAME_UNSAFE)
        out = book.add_worksheet(f"{title} {number}" if title in book.sheetnames else title)
        columns = list(sheet.columns)
        for col, title in enumerate([row_header, *columns, reason_header]):
            write_cell(out, 0, col, title, bold)  # a header is the uploader's text: never a formula
        out.set_column(1, max(1, len(columns)), 18, text)
        out.set_column(len(columns) + 1, len(columns) + 1, 70)
        out.freeze_panes(1, 1)
        line = 0
        for line, (source_row, values, reasons) in enumerate(sheet.rows, start=1):
            out.write_number(line, 0, source_row)
            for col, value in enumerate(values, start=1):
                if value is not None and value != "":
                    write_cell(out, line, col, value if isinstance(value, int | float) else str(value))
            write_cell(out, line, len(columns) + 1, reasons)
        count += line
    if not sheets:
        book.add_worksheet(empty_title[:31].translate(_SHEET_NAME_UNSAFE))
    book.close()
    return count


def guide_text(spec: FieldSpec) -> str:
    """A field's line in the "Petunjuk" sheet: its hint, then the other headers it is recognised by."""
    also = ", ".join(spec.synonyms[1:])
    return spec.hint + (f" Judul lain yang dikenali: {also}." if also else "")


def write_template(
    stream: BinaryIO,
    *,
    specs: Sequence[FieldSpec],
    sheet: str,
    notes: Sequence[str],
    colour: str,
    freeze_columns: int = 0,
    guide_width: int = 24,
    guide: Callable[[FieldSpec], str] = guide_text,
) -> None:
    """The XLSX template of ``specs``: a ``sheet`` with the header row and an example row (all cells text, so
    NIK, NIB and region codes keep their digits), and a "Petunjuk" sheet with ``guide(spec)`` per column and
    the ``notes`` below."""
    book = xlsxwriter.Workbook(stream, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": colour, "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    data = book.add_worksheet(sheet)
    data.freeze_panes(1, freeze_columns)
    for column, spec in enumerate(specs):
        header = spec.synonyms[0]
        data.write_string(0, column, header, bold)
        data.write_string(1, column, spec.example)
        data.set_column(column, column, max(12, len(header) + 2, len(spec.example) + 2), text)
    sheet_guide = book.add_worksheet("Petunjuk")
    sheet_guide.set_column(0, 0, guide_width)
    sheet_guide.set_column(1, 1, 90, wrap)
    sheet_guide.write_row(0, 0, ["Kolom", "Keterangan dan format yang diterima"], bold)
    for row, spec in enumerate(specs, start=1):
        sheet_guide.write_string(row, 0, spec.synonyms[0])
        sheet_guide.write_string(row, 1, guide(spec))
    for offset, note in enumerate(notes, start=len(specs) + 2):
        sheet_guide.write_string(offset, 1, note)
    book.close()
