"""One spreadsheet row → a business to write, or every reason it cannot be one.

Each field is read on its own and every failure is kept (field key, message), so a rejected row tells
the officer everything to fix in one pass rather than one error per re-import.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.dates import parse_date_id
from sinergi.core.numbers import parse_amount_text, parse_count
from sinergi.core.validators import (
    check_nik_agrees,
    normalize_kbli,
    normalize_nib,
    normalize_phone_id,
    parse_nik_strict,
)
from sinergi.ingest.cells import CellValue, cell_text, is_totals_row
from sinergi.ingest.columns import EXTRA
from sinergi.ingest.places import PlaceResolver, place_key
from sinergi.registry.models import Cluster
from sinergi.registry.services.imports import BusinessIn, FiguresIn, OwnerIn

RowError = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that is not a business (a totals row): counted and noted, neither written nor rejected."""

    reason: str


_BARE_YEAR = re.compile(r"^(1[89]|20)[0-9]{2}$")


_SEX = {
    "l": "L",
    "lk": "L",
    "laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "f": "P",
    "female": "P",
}
_NUMBER_CACHE_SIZE = 50_000
_MAX = {"business_name": 200, "address": 255, "owner_name": 150, "halal": 80}


class RowParser:
    """Reads rows of one import: ``mapping`` is column index → field key, as confirmed by the officer."""

    def __init__(
        self,
        *,
        source: str,
        mapping: Mapping[int, str],
        places: PlaceResolver,
        default_year: int | None,
        headers: Sequence[str] = (),
    ) -> None:
        self.source = source
        self.columns = {field: index for index, field in mapping.items() if field and field != EXTRA}
        # Columns kept as extra data, by the header the file gives them ("Tgl Berdiri", "Alamat / RT").
        self.extra = [
            (index, headers[index] if index < len(headers) and headers[index] else f"#{index + 1}")
            for index, field in sorted(mapping.items())
            if field == EXTRA
        ]
        self.places = places
        self.default_year = default_year
        self.today = timezone.localdate()
        self._texts: dict[str, str] = {}
        self._numbers: dict[tuple[str, str, CellValue], tuple[Any, str | None]] = {}
        self.clusters: dict[str, int] = {}
        self.cluster_names: list[str] = []
        for pk, slug, name in Cluster.objects.filter(is_active=True).values_list("pk", "slug", "name"):
            self.cluster_names.append(name)
            for alias in (slug, name, *name.replace("(", "/").replace("&", "/").split("/")):
                if place_key(alias):
                    self.clusters.setdefault(place_key(alias), pk)

    def _raw(self, cells: Sequence[CellValue], field: str) -> CellValue:
        index = self.columns.get(field)
        return None if index is None else self._cell(cells, index)

    @staticmethod
    def _cell(cells: Sequence[CellValue], index: int) -> CellValue:
        return cells[index] if index < len(cells) else None

    def _text(self, cells: Sequence[CellValue], field: str) -> str:
        # Several checks read the same cell; its text is worked out once per row (reset in parse()).
        text = self._texts.get(field)
        if text is None:
            text = self._texts[field] = cell_text(self._raw(cells, field))
        return text

    def parse(
        self, *, row_number: int, cells: Sequence[CellValue], offline: bool = False
    ) -> BusinessIn | list[RowError] | Skipped:
        """The row as a business to write, every reason it is not one, or Skipped for a totals row.
        ``offline``: never read the database (PlaceResolver raises NeedsDatabase instead)."""
        self._texts = {}
        if is_totals_row(cells):
            return Skipped(_("A totals row, not a business."))
        errors: list[RowError] = []
        warnings: list[RowError] = []
        name = self._text(cells, "business_name")
        if not name:
            errors.append(("business_name", _("The business name is missing.")))
        for field in ("business_name", "address", "owner_name", "halal"):
            text = self._text(cells, field)
            if len(text) > _MAX[field]:
                errors.append(
                    (field, _("At most %(max)d characters (this has %(n)d).") % {"max": _MAX[field], "n": len(text)})
                )
        desa_id, place_error = self.places.resolve(
            code=self._text(cells, "region_code"),
            desa=self._text(cells, "desa"),
            kecamatan=self._text(cells, "kecamatan"),
            kabupaten=self._text(cells, "kabupaten"),
            offline=offline,
        )
        if place_error:
            errors.append(place_error)
        owner = self._owner(cells, errors)
        nib = self._normalised(cells, "nib", normalize_nib, errors)
        kbli = self._normalised(cells, "kbli", normalize_kbli, errors)
        cluster_id = self._cluster(cells, warnings)
        workforce = self._number(cells, "workforce", parse_count, errors)
        figures = self._figures(cells, workforce, errors)
        founded_on = self._founded_on(cells, errors, warnings)
        if errors:
            return errors
        assert desa_id is not None
        external_ref, natural_ref, legacy_ref = self._refs(cells, name=name, nib=nib, owner=owner, desa_id=desa_id)
        return BusinessIn(
            key=row_number,
            external_ref=external_ref,
            natural_ref=natural_ref,
            legacy_refs=(legacy_ref,),
            founded_on=founded_on,
            extra={label: text for index, label in self.extra if (text := cell_text(self._cell(cells, index)))},
            warnings=tuple(warnings),
            name=name,
            desa_id=desa_id,
            address=self._text(cells, "address"),
            kbli=kbli,
            cluster_id=cluster_id,
            workforce=workforce if isinstance(workforce, int) else None,
            owner=owner,
            nib=nib,
            halal=self._text(cells, "halal"),
            figures=figures,
        )

    def _normalised(
        self, cells: Sequence[CellValue], field: str, normalise: Callable[[str], str], errors: list[RowError]
    ) -> str:
        text = self._text(cells, field)
        if not text:
            return ""
        try:
            return normalise(text)
        except ValidationError as exc:
            errors.append((field, exc.messages[0]))
            return ""

    def _number(
        self, cells: Sequence[CellValue], field: str, parse: Callable[[Any], Any], errors: list[RowError]
    ) -> Any:
        raw = self._raw(cells, field)
        text = self._text(cells, field)
        if raw is None or text in ("", "-"):
            return None
        # Offices repeat round figures ("Rp 5.000.000", "2024") down a column: each distinct cell value of
        # a field is parsed once per import. Booleans stay out of the key, since True == 1.
        key = (field, type(raw).__name__, raw)
        cached = self._numbers.get(key)
        if cached is None:
            try:
                cached = (parse(raw), None)
            except ValidationError as exc:
                cached = (None, exc.messages[0])
            if len(self._numbers) >= _NUMBER_CACHE_SIZE:
                self._numbers.clear()
            self._numbers[key] = cached
        value, message = cached
        if message is not None:
            errors.append((field, message))
        return value

    def _owner(self, cells: Sequence[CellValue], errors: list[RowError]) -> OwnerIn | None:
        name = self._text(cells, "owner_name")
        raw_nik = self._raw(cells, "owner_nik")
        nik_text = cell_text(raw_nik).replace(" ", "").replace(".", "")
        sex = ""
        sex_text = self._text(cells, "owner_sex")
        if sex_text:
            sex = _SEX.get(place_key(sex_text), "")
            if not sex:
                errors.append(("owner_sex", _("“%(value)s” is not a sex; write L or P.") % {"value": sex_text}))
        birth = None
        birth_raw = self._raw(cells, "owner_birth_date")
        if birth_raw not in (None, ""):
            try:
                birth = parse_date_id(birth_raw, today=self.today)  # type: ignore[arg-type]
            except ValidationError as exc:
                errors.append(("owner_birth_date", exc.messages[0]))
        nik: str | None = None
        if isinstance(raw_nik, (int, float, Decimal)) and not isinstance(raw_nik, bool):
            # Excel keeps 15 significant digits: a NIK typed as a number has already lost its last digit.
            errors.append(
                ("owner_nik", _("The NIK was stored as a number, which loses digits; format the column as Text."))
            )
        elif nik_text:
            try:
                parsed = parse_nik_strict(nik_text, today=self.today)
            except ValidationError as exc:
                errors.append(("owner_nik", exc.messages[0]))
            else:
                nik = parsed.number
                errors.extend(
                    (f"owner_{k}" if not k.startswith("owner") else k, v)
                    for k, v in check_nik_agrees(nik=parsed, birth_date=birth, sex=sex or None).items()
                )
                birth = birth or parsed.birth_date
                sex = sex or parsed.sex
        phone = self._normalised(cells, "phone", normalize_phone_id, errors)
        if not name:
            if nik or phone:
                errors.append(("owner_name", _("The owner's name is missing (the row gives their NIK or phone).")))
            return None
        return OwnerIn(name=name, nik=nik, sex=sex, birth_date=birth, phone=phone)

    def _cluster(self, cells: Sequence[CellValue], warnings: list[RowError]) -> int | None:
        """The cluster the row names; an unknown one leaves the field blank with a warning, never a
        refusal: the office's cluster list may be empty or differently worded."""
        text = self._text(cells, "cluster")
        if not text:
            return None
        pk = self.clusters.get(place_key(text))
        if pk is None and self.cluster_names:
            warnings.append(
                (
                    "cluster",
                    _("Unknown cluster “%(value)s”, left blank; known clusters: %(names)s.")
                    % {"value": text, "names": ", ".join(sorted(self.cluster_names))},
                )
            )
        elif pk is None:
            warnings.append(
                ("cluster", _("Cluster “%(value)s” left blank: no clusters are defined yet.") % {"value": text})
            )
        return pk

    def _founded_on(self, cells: Sequence[CellValue], errors: list[RowError], warnings: list[RowError]) -> date | None:
        raw = self._raw(cells, "founded_on")
        text = self._text(cells, "founded_on")
        if raw is None or text in ("", "-"):
            return None
        if _BARE_YEAR.match(text):
            year = int(text)
            if year > self.today.year:
                errors.append(("founded_on", _("The founding year %(year)d is in the future.") % {"year": year}))
                return None
            warnings.append(
                (
                    "founded_on",
                    _("Only the year is given: the founding date is recorded as 1 January %(year)d.") % {"year": year},
                )
            )
            return date(year, 1, 1)
        try:
            founded = parse_date_id(raw, today=self.today)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors.append(("founded_on", exc.messages[0]))
            return None
        if founded > self.today:
            errors.append(("founded_on", _("The founding date is in the future.")))
            return None
        return founded

    def _figures(self, cells: Sequence[CellValue], workforce: object, errors: list[RowError]) -> FiguresIn | None:
        sales = self._number(cells, "annual_sales", parse_amount_text, errors)
        capital = self._number(cells, "modal_usaha", parse_amount_text, errors)
        for field, value in (("annual_sales", sales), ("modal_usaha", capital)):
            if isinstance(value, Decimal) and value < 0:
                errors.append((field, _("An amount cannot be negative.")))
        if sales is None and capital is None:
            return None
        year = self._number(cells, "year", parse_count, errors)
        if year is None:
            year = self.default_year
        if year is None:
            errors.append(("year", _("The year of the figures is missing; add a Tahun column or choose the year.")))
            return None
        if not isinstance(year, int) or not 1945 <= year <= self.today.year:
            errors.append(("year", _("The year must be between 1945 and %(y)d.") % {"y": self.today.year}))
            return None
        return FiguresIn(
            year=year,
            modal_usaha=capital if isinstance(capital, Decimal) else None,
            annual_sales=sales if isinstance(sales, Decimal) else None,
            workforce=workforce if isinstance(workforce, int) else None,
        )

    def _refs(
        self, cells: Sequence[CellValue], *, name: str, nib: str, owner: OwnerIn | None, desa_id: str
    ) -> tuple[str, str, str]:
        """(external ref for a new record, natural ref, the ref earlier versions wrote).

        The external ref is the source's own ID (``<source>:id:<id>``) when the file has one, else the natural
        ref: owner (NIK, else name) + normalised business name + village, whatever the file or source is called."""
        own = self._text(cells, "external_id")
        who = (owner.nik or place_key(owner.name)) if owner else ""
        digest = hashlib.sha1(f"{place_key(name)}|{who}|{desa_id}".encode(), usedforsecurity=False).hexdigest()
        natural = f"nk:{digest[:24]}"
        legacy_key = f"id:{own}" if own else (f"nib:{nib}" if nib else f"h:{digest[:24]}")
        external = self._clamp(f"id:{own}") if own else natural
        return external, natural, self._clamp(legacy_key)

    def _clamp(self, key: str) -> str:
        """``<source>:<key>``, hashed when it would not fit the column."""
        ref = f"{self.source}:{key}"
        if len(ref) > 100:
            ref = f"{self.source}:h:{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:24]}"
        return ref
