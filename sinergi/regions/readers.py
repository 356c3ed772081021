"""Read a region list (code, name) from a CSV or XLSX file an office provides."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.regions.services import RegionRow

CODE_HEADERS = {"kode", "code", "kode wilayah", "kode_wilayah", "kode kemendagri"}
NAME_HEADERS = {"nama", "name", "nama wilayah", "nama_wilayah"}


def _header_positions(cells: list[str]) -> tuple[int, int] | None:
    lowered = [" ".join(str(c or "").lower().split()) for c in cells]
    code = next((i for i, c in enumerate(lowered) if c in CODE_HEADERS), None)
    name = next((i for i, c in enumerate(lowered) if c in NAME_HEADERS), None)
    if code is None or name is None:
        return None
    return code, name


def _rows(table: Iterator[tuple[int, list[str]]]) -> Iterator[RegionRow]:
    """Skip title rows until a header with a code and a name column, then yield the data rows."""
    positions = None
    for line, cells in table:
        if positions is None:
            positions = _header_positions(cells)
            continue
        code_i, name_i = positions
        code = str(cells[code_i] if code_i < len(cells) and cells[code_i] is not None else "").strip()
        name = str(cells[name_i] if name_i < len(cells) and cells[name_i] is not None else "").strip()
        if not code and not name:
            continue
        yield RegionRow(line=line, code=code, name=name)
    if positions is None:
        raise ValidationError(
            _("No header row with a code column (kode/code) and a name column (nama/name) was found.")
        )


def read_region_file(path: Path) -> Iterator[RegionRow]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        # Title rows above the header confuse csv.Sniffer; the most frequent separator in the head decides.
        head = "\n".join(text.splitlines()[:20])
        delimiter = max(",;\t", key=head.count)
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return _rows((i, row) for i, row in enumerate(reader, start=1))
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return _rows(
            (i, ["" if c is None else str(c) for c in row])
            for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
    raise ValidationError(_("Only .csv and .xlsx files can be read; got “%(name)s”."), params={"name": path.name})
