"""The empowerment app's import targets of the engine (sinergi.ingest): a P3KE list with its households
(``empowerment.p3ke``) and the desa potentials (``empowerment.potential``, at the end of the module).

The file has a NIK, a household (family) ID and a decile column; each row's person is found by NIK among the
persons the actor may see in the office's region and written onto the named list (``P3keList``, e.g. "P3KE
2024") with its household and decile, and the person's own decile (what the programs' rules read) is brought up
to date. Every row is answered: created, updated, unchanged, unknown (no such NIK) or rejected with reasons.
Importing the same file twice changes nothing the second time (the list is found by its name, an entry by
list and person). Two lists of one office are what decile movement compares (selectors.decile_movement)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import can_edit_registry, region_in_scope, require_region_write
from sinergi.accounts.models import User
from sinergi.core.models import ChangeSource
from sinergi.empowerment import selectors, services
from sinergi.empowerment.models import DesaPotential, PotentialSource, Sector
from sinergi.ingest import files
from sinergi.ingest.cells import cell_text
from sinergi.ingest.files import check_size, file_kind, temporary_copy
from sinergi.ingest.headers import FieldSpec, count_score, exact_matcher
from sinergi.ingest.targets import ImportTarget, register
from sinergi.programs.imports.applicants import digits, read_table
from sinergi.programs.imports.poverty import _decile, max_rows
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry import services as registry
from sinergi.registry.selectors import persons_visible

P3KE_FIELDS: Mapping[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec("nik", gettext_lazy("NIK"), True, ("nik", "no nik", "nomor nik", "nik art", "no ktp")),
        FieldSpec(
            "household",
            gettext_lazy("Household (family ID)"),
            True,
            ("id keluarga", "id keluarga p3ke", "idkeluarga", "id keluarga p3ke", "no kk", "nomor kk", "kk"),
        ),
        FieldSpec("decile", gettext_lazy("Decile"), True, ("desil", "desil kesejahteraan", "decile", "desil p3ke")),
    )
}
match_column = exact_matcher(P3KE_FIELDS.values())


@dataclass(frozen=True, slots=True)
class P3keRow:
    row: int
    status: str  # created, updated, unchanged, unknown, rejected
    person: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class P3keResult:
    file: str
    list_id: int
    rows: list[P3keRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def _required(found: set[str]) -> str:
    missing = [str(P3KE_FIELDS[k].label) for k in ("nik", "household", "decile") if k not in found]
    if missing:
        return _("The file has no %(columns)s column; the P3KE list needs NIK, household ID and Desil.") % {
            "columns": ", ".join(missing)
        }
    return ""


def p3ke_import(
    *,
    actor: User,
    office: Region,
    stream: IO[bytes],
    name: str,
    size: int,
    label: str,
    as_of: dt.date,
    size_limit: bool = True,
    change_source: str = ChangeSource.COMMAND,
) -> P3keResult:
    """Import one P3KE list of ``office`` (see the module)."""
    if not can_edit_registry(actor) or not region_in_scope(actor, office.code):
        raise PermissionDenied(_("You may not change the registry."))
    rows = read_table(
        stream=stream,
        name=name,
        size=size,
        match=match_column,
        required=_required,
        limit=max_rows(),
        size_limit=size_limit,
    )
    target = services.p3ke_list_open(actor=actor, office=office, label=label, as_of=as_of, source=change_source)
    visible = persons_visible(user=actor).filter(desa__code__startswith=office.code + ".")
    result = P3keResult(file=Path(name).name, list_id=target.pk)
    for number, row in rows:
        nik, household = digits(row.get("nik")), cell_text(row.get("household")).strip()
        decile = _decile(row.get("decile"))
        reasons = []
        if len(nik) != 16:
            reasons.append(_("The NIK must have 16 digits (%(n)d given).") % {"n": len(nik)})
        if not household:
            reasons.append(_("The household (family) ID is empty."))
        if decile is None:
            reasons.append(
                _("The decile is a whole number from 1 to 10, not “%(value)s”.")
                % {"value": cell_text(row.get("decile"))}
            )
        if reasons:
            result.rows.append(P3keRow(row=number, status="rejected", reasons=reasons))
            continue
        assert decile is not None
        person = visible.filter(nik=nik).first()
        if person is None:
            result.rows.append(P3keRow(row=number, status="unknown"))
            continue
        try:
            status = services.p3ke_entry_write(
                actor=actor,
                p3ke_list=target,
                person=person,
                household=household,
                decile=decile,
                source=change_source,
            )
            newest = target.pk == (selectors.latest_list(region_code=office.code) or target).pk
            if newest and (person.poverty_decile, person.poverty_source) != (decile, target.label):
                registry.person_update(
                    actor=actor,
                    person=person,
                    data={"poverty_decile": decile, "poverty_source": target.label},
                    source=change_source,
                )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            result.rows.append(P3keRow(row=number, status="rejected", person=person.pk, reasons=list(messages)))
            continue
        result.rows.append(P3keRow(row=number, status=status, person=person.pk))
    return result


P3KE = register(
    ImportTarget(
        key="empowerment.p3ke",
        label=gettext_lazy("P3KE list with households"),
        fields=P3KE_FIELDS,
        natural_key=(("nik",),),
        writer=services.p3ke_entry_write,
        run=p3ke_import,
        score_header=count_score(match_column),
    )
)


# --- desa potentials (``empowerment.potential``) ------------------------------------------------------------------

POTENTIAL_MAX_ROWS = 5000


def _pf(key: str, label: Any, synonyms: str, required: bool = False) -> FieldSpec:
    return FieldSpec(key, label, required, tuple(synonyms.split("|")))


POTENTIAL_FIELDS: Mapping[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        _pf("desa", gettext_lazy("Village"), "Kode Desa|desa|kelurahan|desa kelurahan|kode wilayah|nama desa", True),
        _pf("sector", gettext_lazy("Sector"), "Sektor|potensi|sektor potensi|bidang|jenis potensi", True),
        _pf("rank", gettext_lazy("Order"), "Urutan|peringkat|prioritas|no urut"),
        _pf("source", gettext_lazy("Source"), "Sumber|sumber data|asal data"),
        _pf("note", gettext_lazy("Note"), "Keterangan|catatan|uraian|deskripsi"),
    )
}
match_potential_column = exact_matcher(POTENTIAL_FIELDS.values())

# The sector as offices write it (lower case, punctuation as spaces) → Sector.
SECTOR_WORDS = {
    "perikanan": Sector.FISHERIES,
    "nelayan": Sector.FISHERIES,
    "kelautan": Sector.FISHERIES,
    "perikanan dan kelautan": Sector.FISHERIES,
    "pertanian": Sector.AGRICULTURE,
    "perkebunan": Sector.AGRICULTURE,
    "peternakan": Sector.LIVESTOCK,
    "pariwisata": Sector.TOURISM,
    "wisata": Sector.TOURISM,
    "kerajinan": Sector.CRAFTS,
    "pengolahan pangan": Sector.FOOD,
    "pangan": Sector.FOOD,
    "olahan pangan": Sector.FOOD,
    "kuliner": Sector.FOOD,
    "perdagangan": Sector.TRADE,
    "dagang": Sector.TRADE,
    "lainnya": Sector.OTHER,
    "lain lain": Sector.OTHER,
}
SOURCE_WORDS = {
    "": PotentialSource.PROFILE,
    "profil desa": PotentialSource.PROFILE,
    "profil": PotentialSource.PROFILE,
    "survei": PotentialSource.SURVEY,
    "survey": PotentialSource.SURVEY,
    "survei petugas": PotentialSource.SURVEY,
    "lainnya": PotentialSource.OTHER,
}


def _words(value: Any) -> str:
    return " ".join(cell_text(value).lower().replace("-", " ").replace("/", " ").split())


def _potential_required(found: set[str]) -> str:
    missing = [str(POTENTIAL_FIELDS[k].label) for k in ("desa", "sector") if k not in found]
    if missing:
        return _("The file has no %(columns)s column; a potential needs the village and the sector.") % {
            "columns": ", ".join(missing)
        }
    return ""


def _potential_desa(office: Region, value: Any) -> tuple[Region | None, str]:
    text = cell_text(value).strip()
    villages = Region.objects.filter(level=RegionLevel.DESA_KELURAHAN, code__startswith=office.code + ".")
    found = list(villages.filter(code=text)) or list(villages.filter(name__iexact=text)[:2])
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, _("No village “%(name)s” in the office's region.") % {"name": text}
    return None, _("Several villages are named “%(name)s”; give the village code.") % {"name": text}


@dataclass(frozen=True, slots=True)
class PotentialRow:
    row: int
    status: str  # created, updated, unchanged, rejected
    potential: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class PotentialResult:
    file: str
    rows: list[PotentialRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def potentials_import(
    *,
    actor: User,
    office: Region,
    stream: IO[bytes],
    name: str,
    size: int,
    source: str = ChangeSource.WEB,
) -> PotentialResult:
    """Import desa potentials of ``office``'s region: one row per desa and sector, found again by that pair (a
    re-import updates the order, source and note, or changes nothing)."""
    require_region_write(actor, office.code)
    try:
        check_size(size=size)
        kind = file_kind(name)
        with temporary_copy(stream, name=name, kind=kind) as (path, _sha):
            rows = files.read_table(
                path,
                kind=kind,
                name=Path(name).name,
                match=match_potential_column,
                required=_potential_required,
                limit=POTENTIAL_MAX_ROWS,
            )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    result = PotentialResult(file=Path(name).name)
    for number, row in rows:
        reasons: list[str] = []
        desa, problem = _potential_desa(office, row.get("desa"))
        if problem:
            reasons.append(problem)
        sector = SECTOR_WORDS.get(_words(row.get("sector")))
        if sector is None:
            reasons.append(_("Unknown sector “%(value)s”.") % {"value": cell_text(row.get("sector"))})
        origin = SOURCE_WORDS.get(_words(row.get("source")))
        if origin is None:
            reasons.append(_("The source is profil desa, survei or lainnya."))
        rank_text = cell_text(row.get("rank")).strip()
        rank = 1 if not rank_text else (int(rank_text) if rank_text.isdigit() else None)
        if rank is None or not 1 <= rank <= 20:
            reasons.append(_("The order is a whole number from 1 to 20."))
        if reasons:
            result.rows.append(PotentialRow(row=number, status="rejected", reasons=reasons))
            continue
        assert desa is not None
        assert sector is not None
        note = " ".join(cell_text(row.get("note")).split())[:300]
        known = DesaPotential.objects.filter(desa=desa, sector=sector).first()
        if known is not None and (known.rank, known.source, known.note) == (rank, origin, note):
            result.rows.append(PotentialRow(row=number, status="unchanged", potential=known.pk))
            continue
        try:
            saved = services.potential_save(
                actor=actor,
                desa=desa,
                data={"sector": sector, "rank": rank, "source": origin, "note": note},
                source=source,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            result.rows.append(PotentialRow(row=number, status="rejected", reasons=list(messages)))
            continue
        result.rows.append(PotentialRow(row=number, status="updated" if known else "created", potential=saved.pk))
    return result


POTENTIALS = register(
    ImportTarget(
        key="empowerment.potential",
        label=gettext_lazy("Desa potentials"),
        fields=POTENTIAL_FIELDS,
        natural_key=(("desa", "sector"),),
        writer=services.potential_save,
        run=potentials_import,
        score_header=count_score(match_potential_column),
    )
)
