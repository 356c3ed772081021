"""What any import reads of one file, so that a small upload cannot take the server's memory or hours of work.

An XLSX is a zip: before openpyxl opens it, ``check_archive`` reads the zip's directory (nothing is unpacked)
and refuses a file whose parts unpack to more than ``SINERGI_IMPORT_MAX_UNPACKED_BYTES`` in all or
``SINERGI_IMPORT_MAX_PART_BYTES`` in one part, or whose large parts compress better than
``SINERGI_IMPORT_MAX_RATIO`` to one (a zip bomb: a megabyte that unpacks to a gigabyte). The sizes a zip
declares cannot be exceeded when it is read: Python's zipfile stops at the declared size and the checksum then
fails. While rows are read (reading.py), ``RowCounter`` refuses the row after ``SINERGI_IMPORT_MAX_ROWS`` and
any cell longer than ``SINERGI_IMPORT_MAX_CELL_CHARS`` (Excel itself holds at most 32,767 characters in a cell).

Every refusal is a ValidationError naming the limit and what the file has, raised before anything is
written: the upload checks run when the file is first read, and an import that writes as it reads (the
business job) reads the whole file once through these checks before its first batch (``check_table``).
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

logger = logging.getLogger("sinergi.ingest")

# A part smaller than this is harmless however well it compresses (styles, an empty sheet's XML).
RATIO_MIN_PART_BYTES = 1024 * 1024
MAX_PARTS = 10_000  # an XLSX has a few dozen parts; the zip's directory is read whole, so bound it too
_MB = 1024 * 1024
_SCAN_BYTES = 64 * 1024
# A row's start tag in a sheet's XML, with or without a namespace prefix (not <rowBreaks>, not </row>).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


@dataclass(frozen=True)
class Limits:
    unpacked_bytes: int
    part_bytes: int
    ratio: int
    rows: int
    cell_chars: int


def limits() -> Limits:
    """The limits as configured now (read at each file, so a settings override applies)."""
    return Limits(
        unpacked_bytes=int(settings.SINERGI_IMPORT_MAX_UNPACKED_BYTES),
        part_bytes=int(settings.SINERGI_IMPORT_MAX_PART_BYTES),
        ratio=int(settings.SINERGI_IMPORT_MAX_RATIO),
        rows=int(settings.SINERGI_IMPORT_MAX_ROWS),
        cell_chars=int(settings.SINERGI_IMPORT_MAX_CELL_CHARS),
    )


def _mb(size: int) -> str:
    return number_format(size / _MB, decimal_pos=1, use_l10n=True, force_grouping=True)


def _count(n: int) -> str:
    return number_format(n, force_grouping=True, use_l10n=True)


def check_archive(path: Path, *, name: str) -> None:
    """Refuse an XLSX whose zip directory promises more than the limits allow (see the module)."""
    limit = limits()
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        logger.info("workbook %s cannot be opened: %r", name, error)  # the technical reason, for the operator
        raise ValidationError(
            _(
                "“%(name)s” cannot be opened as an Excel workbook: it may be damaged or protected by a password. "
                "Open it in Excel and save it again as .xlsx."
            ),
            code="file_unreadable",
            params={"name": name},
        ) from None
    if len(parts) > MAX_PARTS:
        raise ValidationError(
            _("“%(name)s” holds %(found)s parts; an Excel workbook has a few dozen (at most %(max)s are read)."),
            code="file_too_many_parts",
            params={"name": name, "found": _count(len(parts)), "max": _count(MAX_PARTS)},
        )
    total = sum(part.file_size for part in parts)
    if total > limit.unpacked_bytes:
        raise ValidationError(
            _(
                "“%(name)s” unpacks to %(found)s MB; at most %(max)s MB of a workbook is read. "
                "Split it into several files."
            ),
            code="file_unpacked_too_large",
            params={"name": name, "found": _mb(total), "max": _mb(limit.unpacked_bytes)},
        )
    for part in parts:
        if part.file_size > limit.part_bytes:
            raise ValidationError(
                _(
                    "The part “%(part)s” of “%(name)s” unpacks to %(found)s MB; at most %(max)s MB is read "
                    "from one part. Split the sheet into several files."
                ),
                code="file_part_too_large",
                params={
                    "name": name,
                    "part": part.filename,
                    "found": _mb(part.file_size),
                    "max": _mb(limit.part_bytes),
                },
            )
        if part.file_size >= RATIO_MIN_PART_BYTES and part.file_size > limit.ratio * max(part.compress_size, 1):
            raise ValidationError(
                _(
                    "The part “%(part)s” of “%(name)s” unpacks to %(found)s times its packed size; at most "
                    "%(max)s times is accepted. A spreadsheet does not compress this well: save the file "
                    "again from Excel."
                ),
                code="file_ratio_too_high",
                params={
                    "name": name,
                    "part": part.filename,
                    "found": _count(part.file_size // max(part.compress_size, 1)),
                    "max": _count(limit.ratio),
                },
            )
        if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
            _check_sheet_rows(path, part=part, name=name, limit=limit.rows)


def _check_sheet_rows(path: Path, *, part: zipfile.ZipInfo, name: str, limit: int) -> None:
    """Count a sheet's rows in its raw XML, 64 KiB at a time, before openpyxl parses it: openpyxl scans a
    sheet that records no size whole when it opens it, and a sheet of ten million rows must be refused first."""
    rows = 0
    carry = b""
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        for chunk in iter(lambda: stream.read(_SCAN_BYTES), b""):
            data = carry + chunk
            cut = data.rfind(b"<")  # a tag cut by the chunk's end is counted with the next chunk
            cut = len(data) if cut < 0 or len(data) - cut > 64 else cut
            rows += sum(1 for _match in _ROW_TAG.finditer(data, 0, cut))
            carry = data[cut:]
            if rows > limit:
                sheet = part.filename.rsplit("/", 1)[-1].removesuffix(".xml")
                raise ValidationError(
                    _(
                        "“%(name)s” has more than %(max)s rows in %(sheet)s; at most %(max)s rows are read from "
                        "one file. Split it into several files."
                    ),
                    code="file_too_many_rows",
                    params={"name": name, "max": _count(limit), "sheet": sheet},
                )
        rows += sum(1 for _match in _ROW_TAG.finditer(carry))


class RowCounter:
    """Counts a sheet's rows as they are read and measures their cells; refuses at the first one over the limits."""

    def __init__(self, *, name: str) -> None:
        self.name = name
        self.limit = limits()
        self.rows = 0

    def row(self, number: int, cells: Sequence[object]) -> None:
        self.rows += 1
        if self.rows > self.limit.rows:
            raise ValidationError(
                _(
                    "“%(name)s” has more than %(max)s rows (row %(row)s reached); at most %(max)s rows are read "
                    "from one file. Split it into several files."
                ),
                code="file_too_many_rows",
                params={"name": self.name, "max": _count(self.limit.rows), "row": _count(number)},
            )
        for column, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and len(cell) > self.limit.cell_chars:
                raise ValidationError(
                    _(
                        "Row %(row)s, column %(column)s of “%(name)s” holds %(found)s characters; a cell may hold "
                        "at most %(max)s."
                    ),
                    code="file_cell_too_long",
                    params={
                        "name": self.name,
                        "row": _count(number),
                        "column": column,
                        "found": _count(len(cell)),
                        "max": _count(self.limit.cell_chars),
                    },
                )
