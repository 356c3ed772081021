"""Streaming readers for the CSV and XLSX files offices upload, with their header found wherever it is.

Offices' sheets have title rows above the table, a parent header merged over sub-columns ("Alamat" over
"Kecamatan" | "Desa/Kel."), blank rows and summary sheets. detect_layouts reads only the first
HEADER_SCAN_ROWS rows of each sheet and lets headers.find_layout pick the row, or pair of rows, that a
target's scoring function likes best; iter_rows then streams the data rows under it, one at a time, so a
file's size does not matter.

XLSX is read with openpyxl (read-only workbook, our own row loop; see _xlsx_rows). Peak RSS reading
every row of a 200,000-row, 10-column XLSX (10.9 MB, written by XlsxWriter), over the interpreter and
libraries loaded: python-calamine +165 MB (it loads the whole sheet before the first row comes out),
openpyxl's read-only iterator +16 MB (it keeps a husk of every parsed row), this module +0.5 MB; a
1,000,000-row CSV (63 MB) +0.1 MB. calamine is several times faster, but memory bounded by the row, not
the file, is what lets a small server take a large upload. A sheet without a recorded size (rare: Excel
always writes one) is scanned once by openpyxl when the workbook opens, briefly holding ~110 bytes a row.
Read-only mode does not report merged cells, so a two-level header is rebuilt by carrying a parent label
to the right over the blank cells under which the row below has labels.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from sinergi.ingest.cells import CellValue
from sinergi.ingest.headers import SheetLayout, find_layout, title_year
from sinergi.ingest.limits import RowCounter, check_archive

logger = logging.getLogger(__name__)

__all__ = ["CellValue", "SheetLayout", "detect_layouts", "iter_rows", "title_year"]

Kind = Literal["csv", "xlsx"]
HEADER_SCAN_ROWS = 30
# Our template has 21 columns; a header wider than this is not a business list but a matrix or a mistake,
# and a bound keeps a malicious "row" of a million cells from being aligned and copied for every row.
MAX_COLUMNS = 200
_SNIFF_BYTES = 64 * 1024
_DELIMITERS = (";", ",", "\t")
SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"


def _refuse(message: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _check_signature(path: Path, *, kind: Kind, name: str) -> bytes:
    """The file's first bytes, after refusing a file whose content is not what its extension claims."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    is_zip = head.startswith(b"PK\x03\x04")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            _("“%(name)s” is an old-format Excel file (.xls) or a password-protected one; save it as .xlsx."),
            "file_xls",
            name=name,
        )
    text_start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text_start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")):
        raise _refuse(
            _("“%(name)s” is a web page (HTML), not a spreadsheet; open it in Excel and save it as .xlsx."),
            "file_html",
            name=name,
        )
    if kind == "xlsx" and not is_zip:
        raise _refuse(
            _("“%(name)s” is not an .xlsx file; if it is a CSV, upload it as .csv."), "file_not_xlsx", name=name
        )
    if kind == "csv" and is_zip:
        raise _refuse(_("“%(name)s” is an Excel workbook, not a CSV; upload it as .xlsx."), "file_not_csv", name=name)
    if kind == "csv" and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\r\n\x0c")
        if b"\x00" in head or controls > len(head) // 100:
            raise _refuse(_("“%(name)s” has binary content; it is not a CSV text file."), "file_binary", name=name)
    return head


def _clean(value: Any) -> CellValue:
    """A cell as callers get it: text stripped, blank as None, time values as text."""
    if isinstance(value, str):
        value = value.replace("\xa0", " ").strip()
        return value or None
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


# --- CSV -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CsvFormat:
    encoding: str
    delimiter: str
    sep_line: bool  # a first line "sep=;" (written by Excel) names the delimiter and holds no data


def _csv_format(path: Path, head: bytes) -> _CsvFormat:
    """The encoding and delimiter of a CSV, judged from its first 64 KiB.

    Encoding: UTF-16 when the file starts with its byte-order mark (Excel's "Unicode text"); UTF-8, with
    or without a BOM, when the sample decodes as UTF-8; otherwise cp1252, the "ANSI" of Indonesian
    Windows. A later line that is not valid UTF-8 is read as cp1252 on its own (see _lines).
    Delimiter: ";" (Indonesian Excel's list separator), "," or tab, whichever splits the most sample
    lines into the same number of cells; a tie goes to the one giving more cells, because amounts such
    as 1.250.000,00 put a comma into every row of a ";" file.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        sample = head.decode("utf-16", errors="ignore")
    else:
        try:
            sample = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            encoding = "cp1252"
            sample = head.decode("cp1252", errors="replace")
    lines = sample.splitlines()[:HEADER_SCAN_ROWS]
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) == 5:
        return _CsvFormat(encoding, lines[0][4], sep_line=True)
    best: tuple[int, int, str] = (0, 0, ",")
    for delimiter in _DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1]
        if widths:
            common = max(set(widths), key=widths.count)
            best = max(best, (widths.count(common), common, delimiter))
    return _CsvFormat(encoding, best[2], sep_line=False)


def _byte_lines(handle: Any, *, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """Lines of a byte stream ending in "\n", "\r\n" or a lone "\r" (old Mac and some exporters), each given back
    ending in "\n". Python's csv module refuses a lone "\r" inside a line it was handed."""
    pending = b""
    while chunk := handle.read(chunk_size):
        data = pending + chunk
        held_cr = data.endswith(b"\r")  # perhaps the first half of a "\r\n" cut by the chunk
        if held_cr:
            data = data[:-1]
        parts = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        pending = parts.pop() + (b"\r" if held_cr else b"")
        for part in parts:
            yield part + b"\n"
    if pending:
        yield pending[:-1] + b"\n" if pending.endswith(b"\r") else pending


def _lines(path: Path, fmt: _CsvFormat) -> Iterator[str]:
    """The file's lines as text, one at a time, each decoded on its own so one bad byte spoils one line."""
    if fmt.encoding == "utf-16":
        with path.open(encoding="utf-16", newline="", errors="replace") as text:
            yield from text
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(_byte_lines(handle)):
            # "\n" is one byte in both UTF-8 and cp1252, so splitting the bytes first is safe.
            try:
                yield raw.decode("utf-8-sig" if number == 0 else fmt.encoding)
            except UnicodeDecodeError:
                yield raw.decode("cp1252", errors="replace")


def _csv_reason(error: csv.Error) -> str:
    """Why the csv module gave up on a row, in words for the person who made the file (not Python's text)."""
    text = str(error)
    if "field limit" in text:
        return _("one cell is longer than %(limit)s characters") % {"limit": csv.field_size_limit()}
    if "new-line" in text or "newline" in text:
        return _("a line break is inside a cell that is not between quotation marks")
    return _("a quotation mark is not closed, or a character is out of place; check the quotation marks")


def _csv_rows(path: Path, *, head: bytes, name: str) -> Iterator[tuple[int, list[CellValue]]]:
    fmt = _csv_format(path, head)
    lines: Iterable[str] = _lines(path, fmt)
    reader = csv.reader(lines, delimiter=fmt.delimiter)
    counter = RowCounter(name=name)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if number == 1 and fmt.sep_line:
                continue
            cells = [_clean(cell) for cell in row[: MAX_COLUMNS + 1]]
            counter.row(number, cells)
            yield number, cells
    except csv.Error as error:
        raise _refuse(
            _("Row %(row)d of “%(name)s” cannot be read as CSV: %(reason)s."),
            "file_csv_malformed",
            row=number + 1,
            name=name,
            reason=_csv_reason(error),
        ) from None


# --- XLSX ----------------------------------------------------------------------------------------------


def _open_xlsx(path: Path, *, name: str) -> Any:
    check_archive(path, name=name)  # before openpyxl unpacks anything (limits.py)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        logger.info("workbook %s cannot be opened: %r", name, error)  # the technical reason, for the operator
        raise _refuse(
            _(
                "“%(name)s” cannot be opened as an Excel workbook: it may be damaged or protected by a password. "
                "Open it in Excel and save it again as .xlsx."
            ),
            "file_unreadable",
            name=name,
        ) from None


def _xlsx_rows(book: Any, sheet: str, *, name: str, min_row: int = 1) -> Iterator[tuple[int, list[CellValue]]]:
    """The sheet's rows as (row number, values), parsing the XML as it streams.

    openpyxl's own read-only iterator clears each parsed row but leaves it attached to the document
    (about 80 bytes a row, 80 MB for a million rows) and keeps every row's height; this loop detaches
    each row once read, so memory stays flat. It reuses openpyxl's cell parser (shared strings, date
    formats, the 1900/1904 epochs), whose internals are pinned with openpyxl 3.1.5 and covered by tests.
    Every row is counted and its cells measured (limits.RowCounter), skipped ones too.
    """
    worksheet = book[sheet]
    counter = RowCounter(name=f"{name} / {sheet}")
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        rows_parent = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == SHEET_DATA_TAG:
                    rows_parent = element
                continue
            if element.tag != ROW_TAG:
                continue
            number, cells = parser.parse_row(element)
            parser.row_dimensions.clear()
            if rows_parent is not None:
                rows_parent.remove(element)
            values: list[CellValue] = []
            for cell in cells:
                column = cell["column"]
                if column > MAX_COLUMNS + 1:
                    break
                values.extend([None] * (column - 1 - len(values)))
                values.append(_clean(cell["value"]))
            counter.row(number, values)
            if number >= min_row:
                yield number, values


def _visible_sheets(book: Any) -> list[str]:
    """Worksheets a person sees; hidden ones usually hold lookup lists."""
    return [ws.title for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]


def detect_layouts(
    path: Path,
    *,
    kind: Kind,
    score_header: Callable[[Sequence[str]], float],
    min_score: float = 2.0,
    name: str = "",
) -> list[SheetLayout]:
    """One layout per sheet whose best header scores at least ``min_score``, in workbook order.

    ``score_header`` (columns.score_header) rates a candidate header row; the default ``min_score`` is
    columns.PLAUSIBLE_HEADER_SCORE, a business name and one more known column.

    Reads the first HEADER_SCAN_ROWS rows of each visible sheet only. Raises ValidationError when the
    file is not what ``kind`` says, or when no sheet has a plausible header. ``name``: the file's name as
    its user knows it, for the messages (default: the path's, which for an upload is the stored one).
    """
    name = name or path.name
    head = _check_signature(path, kind=kind, name=name)
    layouts: list[SheetLayout] = []
    if kind == "csv":
        rows = _first_rows(_csv_rows(path, head=head, name=name))
        layout = find_layout(
            rows, sheet=None, name=name, score_header=score_header, min_score=min_score, max_columns=MAX_COLUMNS
        )
        layouts += [layout] if layout else []
        sheets = [name]
    else:
        book = _open_xlsx(path, name=name)
        try:
            sheets = _visible_sheets(book)
            for sheet in sheets:
                label = f"{name} / {sheet}"
                rows = _first_rows(_xlsx_rows(book, sheet, name=name))
                layout = find_layout(
                    rows,
                    sheet=sheet,
                    name=label,
                    score_header=score_header,
                    min_score=min_score,
                    max_columns=MAX_COLUMNS,
                )
                layouts += [layout] if layout else []
        finally:
            book.close()
    if not layouts:
        raise _refuse(
            _(
                "No header row found in %(sheets)s: the first %(n)d rows should include one naming the columns, "
                "e.g. “Nama Usaha”, “Nama Pemilik”, “Desa/Kel.”."
            ),
            "no_header",
            sheets=", ".join(f"“{sheet}”" for sheet in sheets),
            n=HEADER_SCAN_ROWS,
        )
    return layouts


def _first_rows(rows: Iterator[tuple[int, list[CellValue]]]) -> list[tuple[int, list[CellValue]]]:
    first: list[tuple[int, list[CellValue]]] = []
    for number, cells in rows:
        if number > HEADER_SCAN_ROWS:
            break
        first.append((number, cells))
    close = getattr(rows, "close", None)
    if close is not None:
        close()  # releases the file now rather than when the generator is collected
    return first


def iter_rows(
    path: Path, *, kind: Kind, layout: SheetLayout, start_after: int = 0, name: str = ""
) -> Iterator[tuple[int, tuple[CellValue, ...]]]:
    """(1-based source row number, cells aligned to layout.columns) for each non-blank data row.

    Only rows numbered above both the header and ``start_after`` are yielded (a resumed import passes the
    last row it finished). Cells beyond the header's width are dropped; short rows are padded with None.
    CSV cells are str (None where blank); XLSX cells keep their type: int/float, datetime, bool, str.
    One row is held at a time. ``name``: as for detect_layouts.
    """
    name = name or path.name
    head = _check_signature(path, kind=kind, name=name)
    width = len(layout.columns)
    first = max(layout.first_data_row, start_after + 1)
    if kind == "csv":
        rows = _csv_rows(path, head=head, name=name)
        book = None
    else:
        book = _open_xlsx(path, name=name)
        if layout.sheet not in book.sheetnames:
            book.close()
            raise _refuse(_("“%(name)s” has no sheet “%(sheet)s”."), "sheet_missing", name=name, sheet=layout.sheet)
        rows = _xlsx_rows(book, str(layout.sheet), name=name, min_row=first)
    try:
        for number, cells in rows:
            if number < first or all(cell is None for cell in cells[:width]):
                continue
            yield number, tuple(cells[:width]) + (None,) * (width - len(cells))
    finally:
        if book is not None:
            book.close()


def check_table(path: Path, *, kind: Kind, layout: SheetLayout, name: str = "") -> int:
    """Read every row of the layout's sheet through the limits (limits.py) without keeping any; returns the
    number of data rows. An import that writes as it reads calls this first, so that a file refused at its
    millionth row or its one overlong cell is refused before anything is written."""
    count = 0
    for _row in iter_rows(path, kind=kind, layout=layout, name=name):
        count += 1
    return count
