"""Tables as configuration: a list page declares its columns; the page, its cards on a phone and its XLSX
export are all drawn from the same declaration.

A column names a label and how to read a row's value (an attribute path such as ``"region.display_name"``,
or a function of the row). Values are shown the way an office reads them: choices by their label (a
``get_<field>_display`` method is used when the path ends on a choice field), dates as "7 Des 2026",
amounts with Indonesian thousands dots, booleans as yes/no, empty as a dash. The XLSX export writes every
cell as text or a number, never as a formula; the CSV export streams its lines and puts a quote before a
cell a spreadsheet would run as a formula. Both read the rows in chunks, so a large list never has to fit in
memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sinergi.core.numbers import format_rupiah
from sinergi.core.templatetags.sinergi import dotted

CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _read(row: Any, path: str) -> Any:
    """Follow an attribute path; a choice field at the end is read through its display method."""
    value: Any = row
    parts = path.split(".")
    for i, part in enumerate(parts):
        if value is None:
            return None
        if i == len(parts) - 1 and isinstance(value, Model):
            display = getattr(value, f"get_{part}_display", None)
            if callable(display):
                return display()
        value = getattr(value, part)
    return value() if callable(value) and not isinstance(value, Model) else value


def display(value: Any, *, money: bool = False) -> str:
    """One value as a page shows it (Indonesian formats, whatever the page language for numbers)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if money:
        return format_rupiah(Decimal(value), decimals=0)
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j M Y H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, int):
        return dotted(value)
    if isinstance(value, Decimal):
        text = f"{value:,.2f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text[:-3] if text.endswith(",00") else text
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column: its label, how to read its value from a row, and an optional link for the cell."""

    label: str | Promise
    value: str | Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    money: bool = False
    css: str = ""
    field: str = ""  # data-field of the value, for scripts and tests
    badge: Callable[[Any], str] | None = None  # the value drawn as a badge of this css class
    badges: Callable[[Any], Sequence[tuple[Any, str]]] | None = None  # several badges: (text, css class)
    template: str = ""  # a cell drawn by a template of its own (a button), given the row as ``obj``
    note: Callable[[Any], Any] | None = None  # a small muted text after the value (a code, a year)

    def raw(self, row: Any) -> Any:
        return self.value(row) if callable(self.value) else _read(row, self.value)

    def text(self, row: Any) -> str:
        return display(self.raw(row), money=self.money)


@dataclass(frozen=True)
class Cell:
    label: str
    text: str
    href: str
    css: str
    field: str
    badge: str
    note: str
    badges: Sequence[tuple[str, str]] = ()
    template: str = ""
    obj: Any = None


@dataclass(frozen=True)
class Table:
    """A list's columns; ``row_attrs`` adds data attributes to each row (for tests and scripts)."""

    columns: Sequence[Column]
    css: str = "table cards"
    row_attrs: Callable[[Any], dict[str, Any]] | None = None
    sheet_title: str | Promise = field(default="")
    # A first "No." column: the row's place in the list (1, 2, … on from page to page), never a database id.
    numbered: bool = False

    def header(self) -> list[str]:
        return ([str(_("No."))] if self.numbered else []) + [str(c.label) for c in self.columns]

    def rows(self, objects: Iterable[Any], *, start: int = 1) -> list[dict[str, Any]]:
        """The cells of each row; ``start`` is the place of the first row in the whole list (numbered tables)."""
        return [
            {
                "attrs": self.row_attrs(obj) if self.row_attrs else {},
                "cells": ([self._number(start + i)] if self.numbered else [])
                + [self._cell(c, obj) for c in self.columns],
            }
            for i, obj in enumerate(objects)
        ]

    @staticmethod
    def _number(n: int) -> Cell:
        return Cell(label=str(_("No.")), text=str(n), href="", css="num", field="row-number", badge="", note="")

    @staticmethod
    def _cell(column: Column, obj: Any) -> Cell:
        note = column.note(obj) if column.note else None
        return Cell(
            label=str(column.label),
            text=column.text(obj),
            href=column.link(obj) if column.link else "",
            css=column.css,
            field=column.field,
            badge=column.badge(obj) if column.badge else "",
            note="" if note in (None, "") else str(note),
            badges=[(str(text), css) for text, css in column.badges(obj)] if column.badges else (),
            template=column.template,
            obj=obj if column.template else None,
        )

    def csv_response(self, *, objects: Iterable[Any], filename: str) -> StreamingHttpResponse:
        """The rows as CSV, streamed line by line; a cell that would start a formula is quoted with '."""
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            # The byte-order mark makes Excel read the file as UTF-8 (names with diacritics, "—").
            yield "\ufeff" + writer.writerow([_csv_text(title) for title in self.header()])
            for obj in objects:
                yield writer.writerow([_csv_text(column.raw(obj)) for column in self.columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{_stamp()}.csv"'
        return response

    def xlsx_response(self, *, objects: Iterable[Any], filename: str) -> FileResponse:
        """The rows as an XLSX file written as it goes (constant memory); every cell is text or a number."""
        import xlsxwriter

        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
        sheet = workbook.add_worksheet(str(self.sheet_title or filename)[:31])
        bold = workbook.add_format({"bold": True})
        sheet.freeze_panes(1, 0)
        for col, title in enumerate(self.header()):
            write_cell(sheet, 0, col, title, bold)
        for number, obj in enumerate(objects, start=1):
            for col, column in enumerate(self.columns):
                value = column.raw(obj)
                write_cell(sheet, number, col, Decimal(value) if column.money and value is not None else value)
        workbook.close()
        output.seek(0)
        return FileResponse(output, as_attachment=True, filename=f"{filename}-{_stamp()}.xlsx", content_type=XLSX_TYPE)


def write_cell(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """One XLSX cell, as every workbook of Sinergi writes it: numbers as numbers, yes/no, empty for none,
    anything else as text — written with write_string, which never turns text into a formula, so a name such
    as "=HYPERLINK(…)" stays text."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, display(value), fmt)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, display(value), fmt)


def _stamp() -> str:
    return f"{timezone.localtime():%Y%m%d-%H%M}"


class _Echo:
    """The file-like object csv.writer needs; each written line is handed straight to the response."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value: Any) -> str:
    """A CSV cell: numbers as they are (no thousands dots), yes/no, empty for none; never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
