"""Aspirations typed into a spreadsheet after a forum, imported through the engine (``aspirations.aspiration``).

Each row is one aspiration: when it was heard ("Tanggal", a date or a date and time), the person ("Nama",
"No. HP", or empty for anonymous), the village ("Desa", by name or code inside the office's region), the
category ("Kategori" in Indonesian words: pemasaran, modal, legalitas, pelatihan, studi banding,
infrastruktur, lainnya), the text ("Aspirasi"), the confidentiality ("Kerahasiaan": rahasia, anonim,
terbuka; empty is rahasia, the safe default) and the staff's own number ("No."). Every row is answered:
created, unchanged (its number, or the same time heard, name and text, is in already, so the same file
imported twice changes nothing) or rejected with its reasons. Rows are written by ``aspiration_record``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.aspirations import services
from sinergi.aspirations.models import Aspiration, Category, Channel, Confidentiality, Forum
from sinergi.core.dates import parse_date_id
from sinergi.core.models import ChangeSource
from sinergi.core.workdays import zone
from sinergi.ingest import files
from sinergi.ingest.cells import CellValue, cell_text
from sinergi.ingest.files import check_size, file_kind, temporary_copy
from sinergi.ingest.headers import FieldSpec, count_score, exact_matcher
from sinergi.ingest.targets import ImportTarget, register
from sinergi.regions.models import Region, RegionLevel

MAX_ROWS = 2000


def _f(key: str, label: Any, synonyms: str, required: bool = False) -> FieldSpec:
    return FieldSpec(key, label, required, tuple(synonyms.split("|")))


FIELDS: Mapping[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        _f("ref", _l("Number"), "No.|no|nomor|no urut|ref"),
        _f("heard", _l("Heard on"), "Tanggal|tanggal disampaikan|waktu|tgl"),
        _f("name", _l("Name"), "Nama|nama penyampai|nama pengusul|pengusul"),
        _f("phone", _l("Phone"), "No. HP|hp|telepon|no telepon|wa|no wa"),
        _f("village", _l("Village"), "Desa|kelurahan|desa kelurahan|kode desa"),
        _f("category", _l("Category"), "Kategori|jenis|bidang"),
        _f("text", _l("Aspiration"), "Aspirasi|isi aspirasi|usulan|keluhan", required=True),
        _f("confidentiality", _l("Confidentiality"), "Kerahasiaan|rahasia|publikasi"),
    )
}
match_column = exact_matcher(FIELDS.values())

CATEGORY_WORDS = {
    "pemasaran": Category.MARKETING,
    "modal": Category.CAPITAL,
    "permodalan": Category.CAPITAL,
    "legalitas": Category.LEGALITY,
    "perizinan": Category.LEGALITY,
    "pelatihan": Category.TRAINING,
    "studi banding": Category.STUDY_TOUR,
    "infrastruktur": Category.INFRASTRUCTURE,
    "lainnya": Category.OTHER,
    "lain lain": Category.OTHER,
}
CONFIDENTIALITY_WORDS = {"rahasia": "rahasia", "anonim": "anonim", "terbuka": "terbuka", "": "rahasia"}


@dataclass(frozen=True, slots=True)
class RowResult:
    row: int
    status: str  # created, unchanged, rejected
    aspiration: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    file: str
    rows: list[RowResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def _required(found: set[str]) -> str:
    return "" if "text" in found else _("The file needs a column Aspirasi.")


def _village(office: Region, value: CellValue) -> tuple[str | None, str]:
    text = cell_text(value)
    if not text:
        return None, ""
    villages = Region.objects.filter(level=RegionLevel.DESA_KELURAHAN, code__startswith=office.code + ".")
    found = list(villages.filter(code=text).values_list("code", flat=True)) or list(
        villages.filter(name__iexact=text).values_list("code", flat=True)[:2]
    )
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, _("No village “%(name)s” in the office's region.") % {"name": text}
    return None, _("Several villages are named “%(name)s”; give the village code.") % {"name": text}


def _heard(value: CellValue, office: Region) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.combine(parse_date_id(cell_text(value) if value is not None else ""), dt.time(12))
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=zone(office.timezone))


def _values(row: Mapping[str, CellValue], office: Region, reasons: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {"channel": Channel.FORUM, "text": cell_text(row.get("text"))}
    try:
        values["heard_at"] = _heard(row.get("heard"), office) if row.get("heard") not in (None, "") else None
    except ValidationError as exc:
        reasons.append(exc.messages[0])
    if values.get("heard_at") is None and not reasons:
        reasons.append(_("Give the date it was heard (Tanggal)."))
    category = " ".join(cell_text(row.get("category")).lower().replace("-", " ").split())
    values["category"] = CATEGORY_WORDS.get(category, Category.OTHER if not category else "")
    if not values["category"]:
        reasons.append(_("Unknown category “%(value)s”.") % {"value": cell_text(row.get("category"))})
    secrecy = cell_text(row.get("confidentiality")).lower()
    values["confidentiality"] = CONFIDENTIALITY_WORDS.get(secrecy, "")
    if not values["confidentiality"]:
        reasons.append(_("Confidentiality must be rahasia, anonim or terbuka."))
    village, problem = _village(office, row.get("village"))
    if problem:
        reasons.append(problem)
    values["desa_id"] = village
    values["name"] = cell_text(row.get("name"))
    values["phone"] = cell_text(row.get("phone"))
    values["who"] = "contact" if values["name"] else "anonymous"
    return values


def _existing(office: Region, ref: str, values: Mapping[str, Any]) -> Aspiration | None:
    mine = Aspiration.objects.filter(office=office)
    if ref:
        return mine.filter(external_ref=ref).first()
    heard: dt.datetime = values["heard_at"]
    return mine.filter(heard_at=heard, name=values.get("name", ""), text=values.get("text")).first()


def aspirations_import(
    *,
    actor: User,
    office: Region,
    stream: IO[bytes],
    name: str,
    size: int,
    forum: Forum | None = None,
    source: str = ChangeSource.WEB,
) -> ImportResult:
    """Import the file's aspirations into ``office`` (and ``forum``, when given); see the module."""
    require_region_write(actor, office.code)
    try:
        check_size(size=size)
        kind = file_kind(name)
        with temporary_copy(stream, name=name, kind=kind) as (path, _sha):
            rows = files.read_table(
                path, kind=kind, name=Path(name).name, match=match_column, required=_required, limit=MAX_ROWS
            )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    result = ImportResult(file=Path(name).name)
    for number, row in rows:
        reasons: list[str] = []
        values = _values(row, office, reasons)
        ref = cell_text(row.get("ref"))[:100]
        if reasons:
            result.rows.append(RowResult(row=number, status="rejected", reasons=reasons))
            continue
        existing = _existing(office, ref, values)
        if existing is not None:
            result.rows.append(RowResult(row=number, status="unchanged", aspiration=existing.pk))
            continue
        values["external_ref"] = ref
        if forum is not None:
            values["forum_id"] = forum.pk
        try:
            aspiration = services.aspiration_record(actor=actor, office=office, data=values, source=source)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            result.rows.append(RowResult(row=number, status="rejected", reasons=list(messages)))
            continue
        result.rows.append(RowResult(row=number, status="created", aspiration=aspiration.pk))
    return result


ASPIRATIONS = register(
    ImportTarget(
        key="aspirations.aspiration",
        label=_l("Aspirations heard at a forum"),
        fields=FIELDS,
        # The staff's own row number, else the same moment heard, name and text.
        natural_key=(("ref",), ("heard", "name", "text")),
        writer=services.aspiration_record,
        run=aspirations_import,
        score_header=count_score(match_column),
    )
)

__all__ = ["ASPIRATIONS", "Confidentiality", "ImportResult", "RowResult", "aspirations_import"]
