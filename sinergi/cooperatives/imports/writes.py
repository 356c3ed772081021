"""The writes of an annual-report import, row by row: find the row's cooperative (by NIK koperasi, else by
normalised name in its region) or add it, then save its report through the report service.

Every write goes through ``services`` (cooperative_create / cooperative_update / annual_report_save), so
a row is checked, scored and logged exactly as a form entry would be; each row runs in a savepoint, so
a rejected row leaves nothing behind (not even the cooperative it would have added).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.cooperatives import selectors, services
from sinergi.cooperatives.imports.rows import RegionLookup, ReportRow, RowError, RowReader, json_cell, name_key
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.services import REPORT_FIELDS
from sinergi.core.models import ChangeSource
from sinergi.ingest.reading import CellValue
from sinergi.regions.models import Region

# Imported writes are logged as the work of a recorded run (the import's core.Job), not as typed edits.
SOURCE = ChangeSource.JOB
_TOTAL_WORDS = frozenset({"jumlah", "total", "jml", "jumlah total", "grand total", "total keseluruhan"})
Outcome = Literal["created", "updated", "unchanged"]
_REPORT_CELLS = frozenset(REPORT_FIELDS)
_COUNTS = ("rows", "accepted", "rejected", "skipped", "created", "updated", "unchanged", "cooperatives_created")


@dataclass
class _Known:
    pk: int
    name: str
    nik: str | None
    region: str


def _related(a: str, b: str) -> bool:
    """Whether two region codes are the same place or one lies inside the other."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _row_errors(exc: ValidationError | PermissionDenied) -> list[RowError]:
    if isinstance(exc, PermissionDenied):
        return [("region_code", str(exc))]
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    renamed = {"region_id": "region_code", "__all__": ""}
    return [(renamed.get(key, key), message) for key, messages in exc.message_dict.items() for message in messages]


@dataclass
class _Written:
    """What a row changed, applied to the importer's memory only once the row's savepoint has committed."""

    pk: int
    outcome: Outcome
    new: _Known | None = None  # a cooperative the row added
    nik_for: _Known | None = None  # a registered cooperative whose missing NIK the row supplied
    nik: str = ""
    report: dict[str, Any] | None = None  # the report's stored values after the row


class ReportImporter:
    """The writes of one import: matches each row's cooperative, saves its report, counts the outcome.

    The region's cooperatives are loaded once, and its stored reports once per fiscal year met, so a row
    whose values are already stored costs no query; a row that changes something goes through the services.
    """

    def __init__(self, *, actor: User, scope: Region) -> None:
        self.actor, self.scope = actor, scope
        self.regions = RegionLookup(scope=scope)
        self.by_nik: dict[str, _Known] = {}
        self.by_name: dict[str, list[_Known]] = {}
        for pk, name, nik, region in self._visible().values_list("pk", "name", "nik_koperasi", "region_id"):
            self._remember(_Known(pk, name, nik, region))
        self.reports: dict[int, dict[int, dict[str, Any]]] = {}  # fiscal year → cooperative → stored values
        self.seen: dict[tuple[int, int], str] = {}
        self.counts = dict.fromkeys(_COUNTS, 0)
        self.rejected: list[dict[str, Any]] = []
        self.skipped: list[dict[str, Any]] = []

    @staticmethod
    def empty_state() -> dict[str, Any]:
        """The state() of an import that has read nothing yet."""
        return {"counts": dict.fromkeys(_COUNTS, 0), "rejected": [], "skipped": [], "seen": []}

    def state(self) -> dict[str, Any]:
        """What the import has done so far, as JSON for the job's checkpoint; ``restore`` takes it back."""
        return {
            "counts": dict(self.counts),
            "rejected": list(self.rejected),
            "skipped": list(self.skipped),
            "seen": [[pk, year, label] for (pk, year), label in self.seen.items()],
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from a checkpoint's ``state()``: a resumed job counts on, and still knows which reports
        the rows before the checkpoint gave (so a later row giving one again is refused as before)."""
        self.counts.update(state.get("counts", {}))
        self.rejected = list(state.get("rejected", []))
        self.skipped = list(state.get("skipped", []))
        self.seen = {(int(pk), int(year)): str(label) for pk, year, label in state.get("seen", [])}

    def _visible(self) -> QuerySet[Cooperative]:
        return selectors.cooperatives_visible(user=self.actor).filter(region__code__startswith=self.scope.code)

    def _remember(self, known: _Known) -> None:
        if known.nik:
            self.by_nik[known.nik] = known
        self.by_name.setdefault(name_key(known.name), []).append(known)

    def _stored(self, pk: int, year: int) -> dict[str, Any] | None:
        if year not in self.reports:
            rows = selectors.reports_visible(user=self.actor).filter(fiscal_year=year, cooperative__in=self._visible())
            self.reports[year] = {r.pop("cooperative_id"): r for r in rows.values("cooperative_id", *REPORT_FIELDS)}
        return self.reports[year].get(pk)

    def row(self, *, sheet: str, reader: RowReader, number: int, cells: tuple[CellValue, ...]) -> None:
        """Read, match and save one row; it ends counted accepted, rejected (with its reasons) or skipped."""
        self.counts["rows"] += 1
        if _is_total_row(reader, cells):
            self.counts["skipped"] += 1
            self.skipped.append({"sheet": sheet, "row": number})
            return
        parsed, errors = reader.parse(cells)
        label = f"{sheet} {number}".strip()
        if errors:
            self._reject(sheet, number, cells, errors + self._more_reasons(parsed, errors))
            return
        try:
            with transaction.atomic():
                written = self._write(parsed)
        except (ValidationError, PermissionDenied) as exc:
            self._reject(sheet, number, cells, _row_errors(exc))
            return
        if written.new is not None:
            self._remember(written.new)
            self.counts["cooperatives_created"] += 1
        if written.nik_for is not None:
            written.nik_for.nik = written.nik
            self.by_nik[written.nik] = written.nik_for
        assert parsed.fiscal_year is not None
        if written.report is not None:
            self.reports[parsed.fiscal_year][written.pk] = written.report
        self.seen[(written.pk, parsed.fiscal_year)] = label
        self.counts["accepted"] += 1
        self.counts[written.outcome] += 1

    def _reject(self, sheet: str, number: int, cells: tuple[CellValue, ...], errors: list[RowError]) -> None:
        self.counts["rejected"] += 1
        self.rejected.append(
            {
                "sheet": sheet,
                "row": number,
                "values": [json_cell(c) for c in cells],
                "errors": [{"field": f, "message": m} for f, m in errors],
            }
        )

    def _more_reasons(self, row: ReportRow, errors: list[RowError]) -> list[RowError]:
        """The reasons a row with unreadable cells would also meet once they are fixed (the cooperative's
        match, what a new one lacks, the report's checks on the cells that were read), so the officer fixes
        everything in one pass. Writes nothing."""
        have = {field for field, _message in errors}
        if row.fiscal_year is None or not row.name:
            return []
        try:
            known = self._match(row, nik="" if "nik_koperasi" in have else self._nik(row))
        except ValidationError as exc:
            return [e for e in _row_errors(exc) if e[0] not in have]
        more: list[RowError] = []
        if known is None:
            missing = self._missing_for_new(row)
            if have & {"region_code", "desa", "kecamatan"}:
                missing.pop("region_code", None)  # the place is already named as wrong
            more += [e for e in missing.items() if e[0] not in have]
        if have & _REPORT_CELLS:
            return more  # the report's cross-checks mean nothing while one of its figures is unread
        current = self._stored(known.pk, row.fiscal_year) if known is not None else None
        try:
            services.clean_report({**(current or {}), **row.report}, fiscal_year=row.fiscal_year)
        except ValidationError as exc:
            more += [e for e in _row_errors(exc) if e[0] not in have]
        return more

    def _write(self, row: ReportRow) -> _Written:
        assert row.fiscal_year is not None
        nik = self._nik(row)
        known = self._match(row, nik=nik)
        cooperative: Cooperative | None = None
        if known is None:
            cooperative = self._create(row, nik=nik)
            written = _Written(cooperative.pk, "created")
            written.new = _Known(cooperative.pk, cooperative.name, cooperative.nik_koperasi, cooperative.region_id)
        else:
            written = _Written(known.pk, "unchanged")
        earlier = self.seen.get((written.pk, row.fiscal_year))
        if earlier is not None:
            message = _("Row %(row)s of this file already gives the %(year)d report of “%(name)s”.")
            raise ValidationError(
                {"fiscal_year": message % {"row": earlier, "year": row.fiscal_year, "name": row.name}}
            )
        if known is not None and nik and not known.nik:  # the register lacked the NIK: the file supplies it
            cooperative = services.cooperative_update(
                actor=self.actor,
                cooperative=Cooperative.objects.get(pk=known.pk),
                data={"nik_koperasi": nik},
                source=SOURCE,
            )
            written.nik_for, written.nik = known, nik
        current = self._stored(written.pk, row.fiscal_year)
        if current is not None:
            values = services.clean_report({**current, **row.report}, fiscal_year=row.fiscal_year)
            if all(values[f] == current[f] for f in values):
                return written
        report = services.annual_report_save(
            actor=self.actor,
            cooperative=cooperative or Cooperative.objects.get(pk=written.pk),
            fiscal_year=row.fiscal_year,
            data=row.report,
            source=SOURCE,
        )
        written.outcome = "created" if current is None else "updated"
        written.report = {f: getattr(report, f) for f in REPORT_FIELDS}
        return written

    def _nik(self, row: ReportRow) -> str:
        if not row.nik_koperasi:
            return ""
        try:
            return services.normalize_nik_koperasi(row.nik_koperasi)
        except ValidationError as exc:
            raise ValidationError({"nik_koperasi": exc.messages}) from None

    def _match(self, row: ReportRow, *, nik: str) -> _Known | None:
        """The registered cooperative the row names: by NIK koperasi, else by name in the row's region."""
        if nik in self.by_nik:
            return self.by_nik[nik]
        if nik and Cooperative.objects.filter(nik_koperasi=nik).exists():
            message = _("NIK koperasi %(nik)s belongs to a cooperative registered outside %(scope)s.")
            raise ValidationError({"nik_koperasi": message % {"nik": nik, "scope": self.scope.display_name}})
        found = [
            k
            for k in self.by_name.get(name_key(row.name), [])
            if row.region_code is None or _related(k.region, row.region_code)
        ]
        if len(found) > 1:
            listed = "; ".join(f"{k.name} ({k.region}{', NIK ' + k.nik if k.nik else ''})" for k in found[:6])
            message = _(
                "“%(name)s” matches %(n)d registered cooperatives: %(list)s. Add the NIK koperasi or the village."
            )
            raise ValidationError({"name": message % {"name": row.name, "n": len(found), "list": listed}})
        if found and nik and found[0].nik and found[0].nik != nik:
            message = _("“%(name)s” is registered with NIK koperasi %(known)s; the row gives %(nik)s.")
            raise ValidationError(
                {"nik_koperasi": message % {"name": found[0].name, "known": found[0].nik, "nik": nik}}
            )
        return found[0] if found else None

    def _missing_for_new(self, row: ReportRow) -> dict[str, str]:
        """What a row naming an unregistered cooperative lacks to add it."""
        missing: dict[str, str] = {}
        params = {"name": row.name, "scope": self.scope.display_name}
        if row.region_code is None:
            missing["region_code"] = (
                _(
                    "“%(name)s” is not registered in %(scope)s; to add it, give its region (Kode Wilayah, Desa or "
                    "Kecamatan)."
                )
                % params
            )
        if not row.cooperative.get("kind"):
            missing["kind"] = (
                _(
                    "“%(name)s” is not registered in %(scope)s; to add it, give its type (Jenis: KSP, KSPPS, Produsen, "
                    "Konsumen, Pemasaran or Jasa)."
                )
                % params
            )
        return missing

    def _create(self, row: ReportRow, *, nik: str) -> Cooperative:
        missing = self._missing_for_new(row)
        if missing:
            raise ValidationError(missing)
        data = {k: v for k, v in row.cooperative.items() if v}
        data.update(name=row.name, nik_koperasi=nik, region_id=row.region_code)
        return services.cooperative_create(actor=self.actor, data=data, source=SOURCE)


def _is_total_row(reader: RowReader, cells: tuple[CellValue, ...]) -> bool:
    """A "JUMLAH"/"TOTAL" line under the table: its name cell, or a leading cell when the name is blank."""
    name = name_key(reader.text(cells, "name"))
    if name:
        return name in _TOTAL_WORDS
    return any(isinstance(c, str) and name_key(c) in _TOTAL_WORDS for c in cells[:3])
