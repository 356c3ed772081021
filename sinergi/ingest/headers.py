"""Finding and naming a table's header: the row (or pair of rows) that heads it, and the field each column names.

Shared by every import target. Offices' sheets have title rows above the table and a parent header merged
over sub-columns ("Alamat" over "Kecamatan" | "Desa/Kel."); find_layout picks, among a sheet's first rows,
the row or pair of adjacent rows a target's scoring function likes best, and reads a year from the title
rows above it ("DATA UMKM … TAHUN 2024"). A target describes its fields with FieldSpec and matches column
labels to them with a HeaderMatcher built from their synonyms (see targets.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sinergi.ingest.cells import CellValue

_PARENT_SEPARATOR = " / "
_ADDRESS_PARENT = re.compile(r"^\s*alamat\s*/\s*(?=\S)", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_YEAR = re.compile(r"^(19|20)[0-9]{2}$")


@dataclass(frozen=True)
class SheetLayout:
    """Where the table is in one sheet: which rows form its header, the column labels, where data starts."""

    sheet: str | None  # None for CSV
    header_rows: tuple[int, ...]  # 1-based source row numbers that form the header (1 or 2 rows)
    columns: tuple[str, ...]  # the combined header label per column, e.g. "Alamat / Kecamatan", blanks as ""
    first_data_row: int  # 1-based
    score: float = 0.0  # what score_header gave the header
    title_year: int | None = None  # a year the title rows above the header name ("… TAHUN 2024")


def _label(value: CellValue) -> str:
    """A header cell as one line of text ("Nama\\nUsaha" -> "Nama Usaha", 2023.0 -> "2023")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return " ".join(str(value).split())


def _width(cells: Sequence[str]) -> int:
    return max((index + 1 for index, cell in enumerate(cells) if cell), default=0)


def _combine(parents: Sequence[str], children: Sequence[str]) -> tuple[str, ...]:
    """Two header rows as one: "Alamat" over "Kecamatan" | "Desa/Kel." -> "Alamat / Kecamatan", …

    A parent label is carried right over blank cells as long as the row below has a label there: that is
    the shape a merged parent cell leaves when merge information is unavailable.
    """
    width = max(_width(parents), _width(children))
    combined: list[str] = []
    carried = ""
    for index in range(width):
        parent = parents[index] if index < len(parents) else ""
        child = children[index] if index < len(children) else ""
        if parent:
            carried = parent
        elif carried and child:
            parent = carried
        else:
            carried = ""
        combined.append(f"{parent} / {child}" if parent and child else parent or child)
    return tuple(combined)


def _best_header(
    rows: Sequence[tuple[int, list[CellValue]]], *, score_header: Callable[[Sequence[str]], float]
) -> tuple[tuple[int, ...], tuple[str, ...], float] | None:
    """The best-scoring header among single rows and adjacent pairs; a pair must beat its top row alone."""
    labelled = [
        (number, [_label(cell) for cell in cells]) for number, cells in rows if any(c is not None for c in cells)
    ]
    best: tuple[tuple[int, ...], tuple[str, ...], float] | None = None
    for position, (number, labels) in enumerate(labelled):
        columns = tuple(labels[: _width(labels)])
        candidate: tuple[tuple[int, ...], tuple[str, ...], float] = ((number,), columns, score_header(columns))
        following = labelled[position + 1] if position + 1 < len(labelled) else None
        if following and following[0] == number + 1:
            pair = _combine(labels, following[1])
            pair_score = score_header(pair)
            if pair_score > candidate[2]:
                candidate = ((number, number + 1), pair, pair_score)
        # Strictly better only: on equal scores the earlier row stays.
        if best is None or candidate[2] > best[2]:
            best = candidate
    return best


def find_layout(
    rows: Sequence[tuple[int, list[CellValue]]],
    *,
    sheet: str | None,
    name: str,
    score_header: Callable[[Sequence[str]], float],
    min_score: float,
    max_columns: int,
) -> SheetLayout | None:
    """The sheet's header among ``rows`` (its first rows), or None when no candidate scores ``min_score``."""
    found = _best_header(rows, score_header=score_header)
    if found is None or found[2] < min_score:
        return None
    header_rows, columns, score = found
    if len(columns) > max_columns:
        raise ValidationError(
            _("The header of “%(name)s” has %(n)d columns; at most %(max)d are read."),
            code="too_many_columns",
            params={"name": name, "n": len(columns), "max": max_columns},
        )
    titles = [cells for number, cells in rows if number < header_rows[0]]
    return SheetLayout(sheet, header_rows, columns, header_rows[-1] + 1, score, title_year(titles))


_TAHUN = re.compile(r"\btahun\s+(?:anggaran\s+|data\s+)?((?:19|20)[0-9]{2})\b", re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?<![0-9./-])((?:19|20)[0-9]{2})(?![0-9./-])")


def title_year(rows: Iterable[Sequence[CellValue]]) -> int | None:
    """The year the title rows give: "TAHUN 2024" first, else the only year written in them, else None."""
    texts = [str(cell) for cells in rows for cell in cells if isinstance(cell, str)]
    for text in texts:
        if found := _TAHUN.search(text):
            return int(found.group(1))
    years = {int(y) for text in texts for y in _BARE_YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


# --- Fields and header matching ------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One import field: its page label, whether a file must have it, and the header words that name it."""

    key: str
    label: Promise | str
    required: bool
    synonyms: tuple[str, ...]  # the first is the header written in the template
    hint: str = ""  # Bahasa Indonesia, for the template's "Petunjuk" sheet
    example: str = ""


def normalise_header(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces, without an "Alamat / " parent prefix."""
    text = _ADDRESS_PARENT.sub("", str(text).replace("\xa0", " "))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


@dataclass(frozen=True, slots=True)
class HeaderMatcher:
    """Finds the field each column header names. ``synonyms`` maps a normalised header to its field key;
    ``prefixes`` (longest first) are the synonyms that may also start a longer header. Shared by every
    import that reads office spreadsheets, each with its own fields and normaliser."""

    synonyms: Mapping[str, str]
    prefixes: Sequence[str]
    normalise: Callable[[str], str]

    def match(self, label: str) -> tuple[str, float] | None:
        """The field a column header names and how sure that is (1 exact … 0.5 a loose prefix), or None."""
        whole = self.normalise(label)
        if not whole:
            return None
        if whole in self.synonyms:
            return self.synonyms[whole], 1.0
        if _PARENT_SEPARATOR in label:
            parent, _sep, child = label.rpartition(_PARENT_SEPARATOR)
            if (child_key := self.synonyms.get(self.normalise(child))) is not None:
                return child_key, 0.95
            if (parent_key := self.synonyms.get(self.normalise(parent))) is not None:
                # "Omzet / 2023": the parent names the field; a later year is a slightly better match.
                year = self.normalise(child)
                return parent_key, 0.8 + (int(year) / 100_000 if _YEAR.match(year) else 0.0)
        for synonym in self.prefixes:
            if whole.startswith(synonym + " "):
                return self.synonyms[synonym], 0.5 + 0.4 * len(synonym) / len(whole)
        return None

    def assign(self, columns: Sequence[str]) -> dict[int, tuple[str, float]]:
        """Column index → (field key, quality); each field goes to its best-matching column only."""
        candidates = [
            (match[1], -index, index, match[0]) for index, label in enumerate(columns) if (match := self.match(label))
        ]
        assigned: dict[int, tuple[str, float]] = {}
        taken: set[str] = set()
        for quality, _order, index, key in sorted(candidates, reverse=True):
            if key not in taken:
                taken.add(key)
                assigned[index] = (key, quality)
        return assigned


_NOISE = re.compile(r"[^0-9a-z]+")


def plain_header(label: str) -> str:
    """A header as the exact-word matcher compares it: lower case, punctuation as single spaces."""
    return " ".join(_NOISE.sub(" ", label.lower()).split())


def exact_matcher(fields: Iterable[FieldSpec]) -> Callable[[str], str | None]:
    """A function from a header label to the key of the field one of whose synonyms it is (compared by
    plain_header); of a label with a "/" ("Alamat / Desa", "NIK/No KTP") the last part counts too. For
    targets whose few columns have fixed names (the programs' imports); HeaderMatcher also weighs loose
    and two-level matches, for the wide sheets of the business and annual-report imports."""
    known = {plain_header(synonym): spec.key for spec in fields for synonym in spec.synonyms}

    def match(label: str) -> str | None:
        text = plain_header(label)
        if text in known:
            return known[text]
        last = plain_header(label.split("/")[-1]) if "/" in label else ""
        return known.get(last)

    return match


def count_score(match: Callable[[str], str | None]) -> Callable[[Sequence[str]], float]:
    """A header score for an exact matcher: how many distinct fields the row's cells name."""

    def score(cells: Sequence[str]) -> float:
        return float(len({match(c) for c in cells if c} - {None}))

    return score
