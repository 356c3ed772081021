"""One spreadsheet row of an annual-report import → the cooperative it names and the report's values, or
every reason it cannot be read.

Cells are read as the business import reads them (sinergi.core.numbers, sinergi.core.dates, the
business import's cell_text and place lookup); what a value means for the report (balance, counts that
fit, RAT date in range) is left to the report service, so a row is judged by the same rules as a form.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.cooperatives.models import CooperativeKind, CooperativeTier
from sinergi.cooperatives.services.reports import COUNT_FIELDS, MONEY_FIELDS
from sinergi.core.dates import parse_date_id
from sinergi.core.numbers import parse_amount_text, parse_count
from sinergi.ingest.cells import cell_text, json_cell
from sinergi.ingest.places import PlaceResolver, place_key
from sinergi.ingest.reading import CellValue
from sinergi.regions.codes import is_valid_code, level_of, normalize_code
from sinergi.regions.models import Region, RegionLevel

RowError = tuple[str, str]  # (field key, message)
__all__ = ["RowError", "json_cell"]  # json_cell: the engine's, as the writes keep rejected cells

_YES = frozenset({"ya", "y", "iya", "sudah", "ada", "yes", "true", "1", "v", "x", "✓", "√", "dilaksanakan"})
_NO = frozenset({"tidak", "t", "tdk", "belum", "no", "n", "false", "0", "tidakada", "belumrat"})
_KINDS = {
    "ksp": CooperativeKind.SIMPAN_PINJAM,
    "simpanpinjam": CooperativeKind.SIMPAN_PINJAM,
    "kospin": CooperativeKind.SIMPAN_PINJAM,
    "kspps": CooperativeKind.SYARIAH,
    "syariah": CooperativeKind.SYARIAH,
    "simpanpinjamsyariah": CooperativeKind.SYARIAH,
    "simpanpinjamdanpembiayaansyariah": CooperativeKind.SYARIAH,
    "kjks": CooperativeKind.SYARIAH,
    "jasakeuangansyariah": CooperativeKind.SYARIAH,
    "bmt": CooperativeKind.SYARIAH,
    "produsen": CooperativeKind.PRODUSEN,
    "konsumen": CooperativeKind.KONSUMEN,
    "pemasaran": CooperativeKind.PEMASARAN,
    "jasa": CooperativeKind.JASA,
}
_TIERS = {"primer": CooperativeTier.PRIMER, "sekunder": CooperativeTier.SEKUNDER}
_KOPERASI = re.compile(r"^koperasi")
_NAME_NOISE = re.compile(r"[^0-9a-z]+")
_LIST_ALL = 15  # a kabupaten's districts are listed in full when a name is unknown; a province's are too many


def name_key(name: str) -> str:
    """A cooperative's name as compared: lower case, punctuation and repeated spaces dropped."""
    return " ".join(_NAME_NOISE.sub(" ", name.casefold()).split())


@dataclass(frozen=True, slots=True)
class ReportRow:
    """What one row says: the cooperative (as matched or to be added) and its report's cells as read."""

    name: str
    nik_koperasi: str
    region_code: str | None
    fiscal_year: int | None  # None only on a rejected row
    cooperative: dict[str, Any]  # kind, tier, address, legal_entity_number: used only to add a new cooperative
    report: dict[str, Any] = field(default_factory=dict)  # only the cells the row fills


class RegionLookup:
    """Where a row's cooperative is, within the import's region: villages by PlaceResolver (the business
    import's lookup), and kecamatan or kabupaten by code or kecamatan by name, since a cooperative may be
    registered above village level. Loaded once per import."""

    def __init__(self, *, scope: Region) -> None:
        self.scope = scope
        self.places = PlaceResolver(scope=scope)
        rows = list(
            Region.objects.filter(
                code__startswith=scope.code, level__in=(RegionLevel.KABUPATEN_KOTA, RegionLevel.KECAMATAN)
            ).values_list("code", "name", "level")
        )
        self.codes = {code for code, _name, _level in rows}
        self.kecamatan: dict[str, list[tuple[str, str]]] = {}
        for code, name, level in rows:
            if level == RegionLevel.KECAMATAN:
                self.kecamatan.setdefault(place_key(name), []).append((code, name))

    def resolve(self, *, code: str, desa: str, kecamatan: str) -> tuple[str | None, RowError | None]:
        """(region code, None), (None, (field, message)), or (None, None) when the row names no place."""
        if code.strip():
            return self._by_code(code)
        if desa.strip():
            return self.places.resolve(desa=desa, kecamatan=kecamatan)
        if not kecamatan.strip():
            return None, None
        found = self.kecamatan.get(place_key(kecamatan), [])
        if len(found) == 1:
            return found[0][0], None
        if found:
            listed = "; ".join(f"{name} ({code})" for code, name in found)
            message = _("“%(name)s” matches several districts: %(list)s. Give the region code.")
            return None, ("kecamatan", message % {"name": kecamatan.strip(), "list": listed})
        names = sorted({name for entries in self.kecamatan.values() for _code, name in entries})
        params = {"name": kecamatan.strip(), "scope": self.scope.display_name}
        if len(names) <= _LIST_ALL:
            message = _("No district (kecamatan) “%(name)s” in %(scope)s; its districts are: %(names)s.")
            return None, ("kecamatan", message % {**params, "names": ", ".join(names)})
        message = _("No district (kecamatan) “%(name)s” in %(scope)s.") % params
        close = difflib.get_close_matches(kecamatan.strip().title(), names, n=3, cutoff=0.75)
        if close:
            message += " " + _("Did you mean: %(names)s?") % {"names": ", ".join(close)}
        return None, ("kecamatan", message)

    def _by_code(self, raw: str) -> tuple[str | None, RowError | None]:
        code = normalize_code(raw)
        if not is_valid_code(code) or level_of(code) not in (RegionLevel.KABUPATEN_KOTA, RegionLevel.KECAMATAN):
            return self.places.resolve(code=raw)  # villages, and the messages for anything else
        if code in self.codes:
            return code, None
        region = Region.objects.filter(pk=code).first()
        if region is None:
            return None, ("region_code", _("Unknown region code “%(code)s”.") % {"code": code})
        message = _("%(code)s (%(name)s) is outside %(scope)s, the region of this import.")
        return None, ("region_code", message % {"code": code, "name": region.name, "scope": self.scope.display_name})


class RowReader:
    """Reads the rows of one sheet; ``mapping`` is column index → field key (columns.detect_mapping)."""

    def __init__(self, *, mapping: Mapping[int, str], regions: RegionLookup, default_year: int | None) -> None:
        self.columns = {key: index for index, key in mapping.items()}
        self.regions = regions
        self.default_year = default_year
        self.today = timezone.localdate()

    def _raw(self, cells: Sequence[CellValue], key: str) -> CellValue:
        index = self.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def text(self, cells: Sequence[CellValue], key: str) -> str:
        text = cell_text(self._raw(cells, key))
        return "" if text == "-" else text

    def parse(self, cells: Sequence[CellValue]) -> tuple[ReportRow, list[RowError]]:
        """What the row says, and every cell that cannot be read; the row is accepted only without errors."""
        errors: list[RowError] = []
        name = self.text(cells, "name")
        if not name:
            errors.append(("name", _("The cooperative's name is missing.")))
        nik = self._nik(cells, errors)
        region, region_error = self.regions.resolve(
            code=self.text(cells, "region_code"), desa=self.text(cells, "desa"), kecamatan=self.text(cells, "kecamatan")
        )
        if region_error:
            errors.append(region_error)
        year = self._year(cells, errors)
        report: dict[str, Any] = {}
        for key in MONEY_FIELDS:
            self._value(cells, key, parse_amount_text, report, errors)
        for key in COUNT_FIELDS:
            self._value(cells, key, parse_count, report, errors)
        self._rat(cells, report, errors)
        cooperative = self._cooperative(cells, errors)
        return ReportRow(name, nik, region, year, cooperative, report), errors

    def _nik(self, cells: Sequence[CellValue], errors: list[RowError]) -> str:
        raw = self._raw(cells, "nik_koperasi")
        if isinstance(raw, float) and raw >= 1e15:
            # Excel keeps 15 significant digits: a 16-digit number cell has already lost its last digit.
            errors.append(
                (
                    "nik_koperasi",
                    _("The NIK koperasi was stored as a number, which loses digits; format the column as Text."),
                )
            )
            return ""
        return self.text(cells, "nik_koperasi")  # checked and normalised by the cooperative service

    def _year(self, cells: Sequence[CellValue], errors: list[RowError]) -> int | None:
        raw = self._raw(cells, "fiscal_year")
        if raw is None or self.text(cells, "fiscal_year") == "":
            if self.default_year is None:
                errors.append(
                    (
                        "fiscal_year",
                        _("The fiscal year is missing; add a Tahun Buku column or choose the year on the import page."),
                    )
                )
            return self.default_year
        try:
            year = parse_count(raw)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors.append(("fiscal_year", exc.messages[0]))
            return None
        if not 1945 <= year <= self.today.year:
            errors.append(
                ("fiscal_year", _("The fiscal year must be between 1945 and %(y)d.") % {"y": self.today.year})
            )
            return None
        return year

    def _value(
        self,
        cells: Sequence[CellValue],
        key: str,
        parse: Callable[[Any], Any],
        report: dict[str, Any],
        errors: list[RowError],
    ) -> None:
        raw = self._raw(cells, key)
        if raw is None or self.text(cells, key) == "":
            return
        if isinstance(raw, bool):
            errors.append((key, _("“%(value)s” is not a number.") % {"value": cell_text(raw)}))
            return
        try:
            report[key] = parse(raw)
        except ValidationError as exc:
            errors.append((key, exc.messages[0]))

    def _rat(self, cells: Sequence[CellValue], report: dict[str, Any], errors: list[RowError]) -> None:
        raw_date = self._raw(cells, "rat_date")
        if raw_date is not None and self.text(cells, "rat_date"):
            try:
                report["rat_date"] = parse_date_id(raw_date, today=self.today)  # type: ignore[arg-type]
            except ValidationError as exc:
                errors.append(("rat_date", exc.messages[0]))
        held = self.text(cells, "rat_held")
        if held:
            key = place_key(held) or held.strip()
            if key in _YES:
                report["rat_held"] = True
            elif key in _NO:
                report["rat_held"] = False
            else:
                errors.append(("rat_held", _("“%(value)s”: write Ya or Tidak.") % {"value": held}))
        elif "rat_date" in report:
            report["rat_held"] = True  # a RAT date says the RAT was held

    def _cooperative(self, cells: Sequence[CellValue], errors: list[RowError]) -> dict[str, Any]:
        values: dict[str, Any] = {
            "address": self.text(cells, "address"),
            "legal_entity_number": self.text(cells, "legal_entity_number"),
        }
        kind = self.text(cells, "kind")
        if kind:
            values["kind"] = _choice(kind, _KINDS)
            if values["kind"] is None:
                errors.append(
                    (
                        "kind",
                        _("Unknown type “%(value)s”; write KSP, KSPPS, Produsen, Konsumen, Pemasaran or Jasa.")
                        % {"value": kind},
                    )
                )
        tier = self.text(cells, "tier")
        if tier:
            values["tier"] = _choice(tier, _TIERS)
            if values["tier"] is None:
                errors.append(("tier", _("Unknown tier “%(value)s”; write Primer or Sekunder.") % {"value": tier}))
        return values


def _choice(text: str, choices: Mapping[str, str]) -> str | None:
    """The choice a cell names: "Koperasi Simpan Pinjam", "KSP", "Simpan Pinjam (KSP)" → "ksp"."""
    before, _sep, inside = text.partition("(")
    for part in (text, before, inside.rstrip(")")):
        key = place_key(part)
        found = choices.get(_KOPERASI.sub("", key) or key)
        if found is not None:
            return found
    return None
