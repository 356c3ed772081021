"""Applicants imported from an office's spreadsheet (XLSX or CSV) into an open program.

Each row names a business already in the registry, by its NIB, by its owner's NIK, or by its name and
village (desa/kelurahan, by name or code); for a program for persons, the person by NIK; for one for
cooperatives, the cooperative by NIK koperasi or name. A "Kebutuhan"
column gives the needs survey (topics separated by commas or semicolons), "No. Pendaftaran" the office's
own reference. Every row is answered: created, unchanged (already applied, by its reference or because the
applicant is in already, so importing the same file twice changes nothing) or rejected with the reasons.
Applications are written by the programs' application service (channel "import"), one row at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.selectors import cooperatives_visible
from sinergi.core.models import ChangeSource
from sinergi.ingest import files
from sinergi.ingest.cells import CellValue, cell_text
from sinergi.ingest.files import check_size, file_kind, temporary_copy
from sinergi.ingest.headers import FieldSpec, exact_matcher
from sinergi.ingest.workbooks import RejectionSheet, write_rejections
from sinergi.programs import services
from sinergi.programs.choices import ApplicationSource, ProgramStatus, Target
from sinergi.programs.models import Application, Program
from sinergi.regions.models import Region, RegionLevel
from sinergi.registry.models import Business, LegalDocument, Person
from sinergi.registry.selectors import businesses_visible, persons_visible

DEFAULT_MAX_ROWS = 2000
_SPLIT = re.compile(r"[,;\n]+")


def _f(key: str, label: Promise, synonyms: str) -> FieldSpec:
    return FieldSpec(key, label, False, tuple(synonyms.split("|")))


# The columns an applicant file may have, with the header labels each is read from (compared lower-case,
# punctuation as spaces); the first label is the one a rejected-rows file writes.
_SPECS = (
    _f(
        "ref",
        _l("Registration number"),
        "No. Pendaftaran|nomor pendaftaran|id pendaftaran|ref|referensi|kode pendaftaran",
    ),
    _f("nib", _l("NIB"), "NIB|no nib|nomor nib|nomor induk berusaha"),
    _f("nik", _l("NIK"), "NIK|nik pemilik|no ktp|nomor ktp|nik ktp|no nik"),
    _f("business", _l("Business name"), "Nama Usaha|nama umkm|nama ukm|nama toko|nama perusahaan|usaha"),
    _f("village", _l("Village"), "Desa|kelurahan|desa kel|desa kelurahan|kode desa|desa kelurahan kode"),
    _f("nik_koperasi", _l("NIK koperasi"), "NIK Koperasi|no nik koperasi|nomor induk koperasi"),
    _f("cooperative", _l("Cooperative name"), "Nama Koperasi|koperasi"),
    _f("needs", _l("Needs"), "Kebutuhan|kebutuhan pelatihan|topik|topik kebutuhan|kebutuhan topik|needs"),
    _f("note", _l("Note"), "Catatan|keterangan"),
)
APPLICANT_FIELDS: Mapping[str, FieldSpec] = {spec.key: spec for spec in _SPECS}
# Written in front of and behind the columns of a rejected-rows file; neither is read on re-import.
ROW_HEADER = "Baris asal"
REASON_HEADER = "Alasan ditolak"
HEADERS: dict[str, str] = {key: spec.synonyms[0] for key, spec in APPLICANT_FIELDS.items()}
match_column = exact_matcher(APPLICANT_FIELDS.values())


def max_rows() -> int:
    return int(getattr(settings, "SINERGI_PROGRAM_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def read_table(
    *,
    stream: IO[bytes],
    name: str,
    size: int,
    match: Callable[[str], str | None],
    required: Callable[[set[str]], str],
    limit: int,
    size_limit: bool = True,
) -> list[tuple[int, dict[str, CellValue]]]:
    """The engine's read of a small table (ingest.files.read_table) from an upload, every refusal of the whole
    file given on its "file" field, as the programs' forms and API show it."""
    try:
        check_size(size=size, size_limit=size_limit)
        kind = file_kind(name)
        with temporary_copy(stream, name=name, kind=kind) as (path, _sha256):
            return files.read_table(path, kind=kind, name=Path(name).name, match=match, required=required, limit=limit)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None


def digits(value: CellValue) -> str:
    """An identifier's digits ("3509.0101-0190" → "35090101 0190" without the dots); Excel's numbers too."""
    return "".join(c for c in cell_text(value) if c.isdigit())


@dataclass(frozen=True, slots=True)
class RowResult:
    row: int
    status: str  # created, unchanged, rejected
    application: int | None = None
    reasons: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # a rejected row's cells by column key, to fix it


@dataclass
class ImportResult:
    file: str
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "created": self.count("created"),
            "unchanged": self.count("unchanged"),
            "rejected": self.count("rejected"),
            "rows": [{k: v for k, v in asdict(r).items() if k != "values"} for r in self.rows],
        }


def _in_region(field_path: str, code: str) -> Q:
    return Q(**{field_path: code}) | Q(**{f"{field_path}__startswith": code + "."})


class _Finder:
    """Finds each row's applicant among the records the actor may see inside the organiser's region."""

    def __init__(self, *, actor: User, program: Program) -> None:
        self.program = program
        self.businesses: QuerySet[Business] = businesses_visible(user=actor).filter(
            _in_region("desa__code", program.region_id)
        )
        self.persons: QuerySet[Person] = persons_visible(user=actor).filter(_in_region("desa__code", program.region_id))
        self.cooperatives: QuerySet[Cooperative] = cooperatives_visible(user=actor).filter(
            _in_region("region__code", program.region_id)
        )

    def village(self, value: CellValue) -> tuple[str | None, str]:
        text = cell_text(value)
        villages = Region.objects.filter(
            level=RegionLevel.DESA_KELURAHAN, code__startswith=self.program.region_id + "."
        )
        if re.fullmatch(r"[0-9.]+", text):
            code = villages.filter(code=text).values_list("code", flat=True).first()
            return code, "" if code else _("No village with code %(code)s in the organiser's region.") % {"code": text}
        found = [c for c, n in villages.filter(name__iexact=text).values_list("code", "name")]
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, _("No village named “%(name)s” in the organiser's region.") % {"name": text}
        return None, _("%(n)d villages are named “%(name)s”; give the village code.") % {"n": len(found), "name": text}

    def business(self, row: Mapping[str, CellValue]) -> tuple[int | None, list[str]]:
        nib, nik, name = digits(row.get("nib")), digits(row.get("nik")), cell_text(row.get("business"))
        if nib:
            holders = set(
                LegalDocument.objects.filter(kind="nib", number=nib, business__in=self.businesses).values_list(
                    "business_id", flat=True
                )
            )
            if len(holders) == 1:
                return holders.pop(), []
            if not (nik or name):
                return None, [
                    _("No business with NIB %(nib)s in the registry of the organiser's region.") % {"nib": nib}
                ]
        candidates = self.businesses
        if nik:
            if len(nik) != 16:
                return None, [_("The NIK must have 16 digits (%(n)d given).") % {"n": len(nik)}]
            candidates = candidates.filter(owner__nik=nik)
        if name:
            candidates = candidates.filter(name__iexact=name)
        if row.get("village") not in (None, ""):
            code, problem = self.village(row.get("village"))
            if code is None:
                return None, [problem]
            candidates = candidates.filter(desa_id=code)
        elif not nik:
            return None, [_("Give the NIB, the owner's NIK, or the business name with its village.")]
        ids = list(candidates.values_list("pk", flat=True)[:3])
        if len(ids) == 1:
            return ids[0], []
        if not ids:
            return None, [_("No such business in the registry of the organiser's region; register it first.")]
        return None, [_("Several businesses match; add the NIB or the business name and village.")]

    def cooperative(self, row: Mapping[str, CellValue]) -> tuple[int | None, list[str]]:
        nik, name = digits(row.get("nik_koperasi")), cell_text(row.get("cooperative"))
        if nik:
            pk = self.cooperatives.filter(nik_koperasi=nik).values_list("pk", flat=True).first()
            if pk is not None:
                return pk, []
            if not name:
                return None, [_("No cooperative with NIK koperasi %(nik)s in the organiser's region.") % {"nik": nik}]
        if not name:
            return None, [_("Give the NIK koperasi or the cooperative's name.")]
        ids = list(self.cooperatives.filter(name__iexact=name).values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return ids[0], []
        if not ids:
            return None, [_("No cooperative named “%(name)s” in the organiser's region.") % {"name": name}]
        return None, [_("Several cooperatives are named “%(name)s”; give the NIK koperasi.") % {"name": name}]

    def find(self, row: Mapping[str, CellValue]) -> tuple[int | None, list[str]]:
        if self.program.target == Target.BUSINESS:
            return self.business(row)
        if self.program.target == Target.COOPERATIVE:
            return self.cooperative(row)
        return self.person(row)

    def person(self, row: Mapping[str, CellValue]) -> tuple[int | None, list[str]]:
        nik = digits(row.get("nik"))
        if len(nik) != 16:
            return None, [_("Give the person's NIK (16 digits).")]
        pk = self.persons.filter(nik=nik).values_list("pk", flat=True).first()
        if pk is None:
            return None, [_("No person with NIK %(nik)s in the registry of the organiser's region.") % {"nik": nik}]
        return pk, []


def _needs(value: CellValue) -> list[str]:
    return [t for t in (" ".join(part.split()) for part in _SPLIT.split(cell_text(value))) if t]


def _required(target: str) -> Callable[[set[str]], str]:
    def check(found: set[str]) -> str:
        if target == Target.PERSON and "nik" not in found:
            return _("The file has no NIK column; a program for persons finds each applicant by NIK.")
        if target == Target.BUSINESS and not found & {"nib", "nik", "business"}:
            return _("The file needs a column NIB, NIK or Nama Usaha (with Desa) to find each business.")
        if target == Target.COOPERATIVE and not found & {"nik_koperasi", "cooperative"}:
            return _("The file needs a column NIK Koperasi or Nama Koperasi to find each cooperative.")
        return ""

    return check


def _existing(program: Program, field_name: str, pk: int, ref: str) -> Application | None:
    if ref:
        by_ref = program.applications.filter(external_ref=ref).first()
        if by_ref is not None:
            return by_ref
    return program.applications.filter(**{field_name: pk}).first()


def check_open(program: Program) -> None:
    """Applicants are imported only into an open program (ValidationError on "file" otherwise)."""
    if program.status != ProgramStatus.OPEN:
        raise ValidationError({"file": _("Applicants can be imported only while the program is open.")})


def table_rules(program: Program) -> dict[str, Any]:
    """How read_table reads an applicant file for ``program``: the column matcher, what the program's target
    requires, the row limit."""
    return {"match": match_column, "required": _required(program.target), "limit": max_rows()}


def applications_import(
    *,
    actor: User,
    program: Program,
    stream: IO[bytes],
    name: str,
    size: int,
    source: str = ChangeSource.WEB,
    size_limit: bool = True,
) -> ImportResult:
    """Import the file's applicants into ``program`` (open); see the module. ``size_limit`` applies the web
    upload limit (the job reading a kept file has checked it at upload)."""
    require_region_write(actor, program.region_id)
    check_open(program)
    finder = _Finder(actor=actor, program=program)
    fields: dict[str, str] = {Target.BUSINESS: "business_id", Target.PERSON: "person_id"}
    field_name = fields.get(program.target, "cooperative_id")
    result = ImportResult(file=Path(name).name)
    rows = read_table(stream=stream, name=name, size=size, size_limit=size_limit, **table_rules(program))
    for number, row in rows:
        pk, reasons = finder.find(row)
        ref = cell_text(row.get("ref"))[:100]
        cells = {key: cell_text(value) for key, value in row.items() if cell_text(value)}
        if pk is None:
            result.rows.append(RowResult(row=number, status="rejected", reasons=reasons, values=cells))
            continue
        existing = _existing(program, field_name, pk, ref)
        if existing is not None and getattr(existing, field_name) != pk:
            reason = _("Reference “%(ref)s” is already another applicant's (application %(id)s).") % {
                "ref": ref,
                "id": existing.pk,
            }
            result.rows.append(RowResult(row=number, status="rejected", reasons=[reason], values=cells))
            continue
        if existing is not None:
            result.rows.append(RowResult(row=number, status="unchanged", application=existing.pk))
            continue
        data = {
            field_name: pk,
            "needs": _needs(row.get("needs")),
            "note": cell_text(row.get("note")),
            "external_ref": ref,
        }
        try:
            application = services.application_submit(
                actor=actor, program=program, data=data, channel=ApplicationSource.IMPORT, source=source
            )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            result.rows.append(RowResult(row=number, status="rejected", reasons=list(messages), values=cells))
            continue
        result.rows.append(RowResult(row=number, status="created", application=application.pk))
    return result


def rejected_columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The column keys that hold a value in any of the rows, in the order of HEADERS."""
    used = {key for row in rows for key in row.get("values", {})}
    return [key for key in HEADERS if key in used]


def rejections_xlsx(*, rows: Sequence[Mapping[str, Any]], stream: IO[bytes]) -> int:
    """The rejected rows (each {"row", "reasons", "values"}) as the engine's rejected-rows XLSX, the columns
    the import read under headers it reads back; returns how many were written."""
    keys = rejected_columns(rows)
    sheet = RejectionSheet(
        title=_("Rejected rows"),
        columns=[HEADERS[k] for k in keys],
        rows=[
            (int(row["row"]), [row.get("values", {}).get(k, "") for k in keys], "; ".join(row.get("reasons", [])))
            for row in rows
        ],
    )
    return write_rejections(
        stream, sheets=[sheet], row_header=ROW_HEADER, reason_header=REASON_HEADER, empty_title=_("Rejected rows")
    )
