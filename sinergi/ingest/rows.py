"""One spreadsheet row → a business to write, or every reason it cannot be one.

Each field is read on its own and every failure is kept (field key, message), so a rejected row tells
the officer everything to fix in one pass rather than one error per re-import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
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
from sinergi.ingest.places import PlaceResolver, place_key
from sinergi.ingest.reading import CellValue
from sinergi.registry.models import Cluster
from sinergi.registry.services.imports import BusinessIn, FiguresIn, OwnerIn

RowError = tuple[str, str]

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


def cell_text(value: CellValue) -> str:
    """A cell as the officer sees it: whole numbers without ".0", dates as dd-mm-yyyy, text trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d-%m-%Y")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


class RowParser:
    """Reads rows of one import: ``mapping`` is column index → field key, as confirmed by the officer."""

    def __init__(
        self, *, source: str, mapping: Mapping[int, str], places: PlaceResolver, default_year: int | None
    ) -> None:
        self.source = source
        self.columns = {field: index for index, field in mapping.items() if field}
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
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def _text(self, cells: Sequence[CellValue], field: str) -> str:
        # Several checks read the same cell; its text is worked out once per row (reset in parse()).
        text = self._texts.get(field)
        if text is None:
            text = self._texts[field] = cell_text(self._raw(cells, field))
        return text

    def parse(
        self, *, row_number: int, cells: Sequence[CellValue], offline: bool = False
    ) -> BusinessIn | list[RowError]:
        """The row as a business to write, or every reason it is not one. ``offline``: never read the
        database (PlaceResolver raises NeedsDatabase instead)."""
        self._texts = {}
        errors: list[RowError] = []
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
        cluster_id = self._cluster(cells, errors)
        workforce = self._number(cells, "workforce", parse_count, errors)
        figures = self._figures(cells, workforce, errors)
        if errors:
            return errors
        assert desa_id is not None
        return BusinessIn(
            key=row_number,
            external_ref=self._external_ref(cells, name=name, nib=nib, owner=owner, desa_id=desa_id),
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

    def _cluster(self, cells: Sequence[CellValue], errors: list[RowError]) -> int | None:
        text = self._text(cells, "cluster")
        if not text:
            return None
        pk = self.clusters.get(place_key(text))
        if pk is None:
            errors.append(
                (
                    "cluster",
                    _("Unknown cluster “%(value)s”; known clusters: %(names)s.")
                    % {"value": text, "names": ", ".join(sorted(self.cluster_names))},
                )
            )
        return pk

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

    def _external_ref(
        self, cells: Sequence[CellValue], *, name: str, nib: str, owner: OwnerIn | None, desa_id: str
    ) -> str:
        """The row's stable key: the file's own id column, else the NIB, else name + owner + village."""
        own = self._text(cells, "external_id")
        if own:
            key = f"id:{own}"
        elif nib:
            key = f"nib:{nib}"
        else:
            who = (owner.nik or place_key(owner.name)) if owner else ""
            digest = hashlib.sha1(f"{place_key(name)}|{who}|{desa_id}".encode(), usedforsecurity=False).hexdigest()
            key = f"h:{digest[:24]}"
        ref = f"{self.source}:{key}"
        if len(ref) > 100:
            ref = f"{self.source}:h:{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:24]}"
        return ref
