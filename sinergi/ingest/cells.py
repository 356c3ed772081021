"""Cells as every import target sees them: the value types a reader yields, a cell as the officer reads it,
a cell as kept with a rejected row, and the totals rows ("JUMLAH", "TOTAL") under a table.

Numbers and dates inside cells are parsed by sinergi.core.numbers and sinergi.core.dates (Indonesian
writing: 1.250.000,00, "Rp 5 jt", 17-08-2023, "17 Agustus 2023"); a target's row reader calls them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | None
JsonCell = str | int | float | bool | None

# "JUMLAH", "TOTAL", "Jumlah Total", "Grand Total", "Sub Total", "Total Keseluruhan" …
_TOTALS = re.compile(r"^(sub ?)?(jumlah|total|grand ?total)( (total|keseluruhan|seluruhnya|akhir|umkm|usaha))?$")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NUMERIC = re.compile(r"^(rp\.?\s*)?[-+]?[0-9][0-9., ]*(,-)?$|^-$", re.IGNORECASE)


def cell_text(value: CellValue) -> str:
    """A cell as the officer sees it: whole numbers without ".0", dates as dd-mm-yyyy, text trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d-%m-%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def json_cell(value: CellValue) -> JsonCell:
    """A cell as kept with a rejected row: numbers and text as they are, dates as the officer reads them."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return cell_text(value)


def is_totals_row(cells: Sequence[CellValue]) -> bool:
    """A row holding a totals word ("JUMLAH", "Grand Total") and otherwise only numbers."""
    label = False
    for cell in cells:
        if cell is None or isinstance(cell, (bool, int, float, Decimal)):
            continue
        if isinstance(cell, (dt.date, dt.datetime)):
            return False
        text = str(cell).strip()
        if not text or _NUMERIC.match(text):
            continue
        if _TOTALS.match(" ".join(_NOT_WORD.sub(" ", text.lower()).split())):
            label = True
            continue
        return False
    return label
