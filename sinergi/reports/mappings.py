"""Upward mapping files: which column of a ministry's sheet is filled from which Sinergi field.

A mapping is a JSON file, versioned and kept in ``sinergi/reports/mappings/`` (the built-in ones) or
uploaded by an office (``MappingUpload``), so a newer field list needs no code change. The format::

    {
      "format": "sinergi.upward-mapping", "format_version": 1,
      "code": "ods-koperasi", "version": "1", "title": "...", "subject": "cooperative",
      "provisional": true, "provenance": "where the field list comes from",
      "sheet": "Data Koperasi",
      "columns": [
        {"header": "NIK Koperasi", "field": "nik_koperasi"},
        {"header": "Volume Usaha", "sum": ["gross_participation", "non_member_income"]},
        {"header": "Jumlah Manajer", "unmapped": "why Sinergi has no value for it"}
      ]
    }

Fields come from ``vocabulary.TERMS[subject]`` only. Every error names where it is (``columns[3].field``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.reports.vocabulary import SUBJECTS, TERMS

FORMAT = "sinergi.upward-mapping"
FORMAT_VERSION = 1
BUILTIN_DIR = Path(__file__).resolve().parent / "mappings"
MAX_BYTES = 256 * 1024
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
_KEYS = {
    "format",
    "format_version",
    "code",
    "version",
    "title",
    "subject",
    "provisional",
    "provenance",
    "sheet",
    "columns",
}
_COLUMN_KEYS = {"header", "field", "sum", "unmapped", "note"}


@dataclass(frozen=True, slots=True)
class MappedColumn:
    header: str
    fields: tuple[str, ...]  # one field, several to add up, or none (unmapped)
    summed: bool
    unmapped: str  # the reason, when no field fills the column

    @property
    def mapped(self) -> bool:
        return bool(self.fields)


@dataclass(frozen=True, slots=True)
class Mapping:
    code: str
    version: str
    title: str
    subject: str
    provisional: bool
    provenance: str
    sheet: str
    columns: tuple[MappedColumn, ...]

    @property
    def unmapped(self) -> list[MappedColumn]:
        return [c for c in self.columns if not c.mapped]


def _text(data: dict[str, Any], key: str, where: str, errors: list[str], *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        errors.append(_("%(where)s: a non-empty text is needed.") % {"where": f"{where}{key}"})
        return ""
    return value.strip()


def mapping_parse(raw: bytes | str) -> Mapping:
    """The mapping in ``raw``, or ValidationError listing every problem with where it is."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise ValidationError(_("The mapping file is larger than %(n)d KB.") % {"n": MAX_BYTES // 1024})
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The mapping file is not UTF-8 text.")) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The mapping file is not valid JSON: line %(line)d, column %(col)d: %(msg)s.")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The mapping file must hold one JSON object."))
    errors: list[str] = []
    for key in sorted(set(data) - _KEYS):
        errors.append(_("%(where)s: unknown key.") % {"where": key})
    if data.get("format") != FORMAT:
        errors.append(_("format: must be “%(format)s”.") % {"format": FORMAT})
    if data.get("format_version") != FORMAT_VERSION:
        errors.append(_("format_version: must be %(n)d.") % {"n": FORMAT_VERSION})
    code = _text(data, "code", "", errors)
    if code and not _CODE.match(code):
        errors.append(_("code: lower-case letters, digits and hyphens only."))
    version = _text(data, "version", "", errors)
    title = _text(data, "title", "", errors)
    subject = data.get("subject")
    if subject not in SUBJECTS:
        errors.append(_("subject: must be one of %(choices)s.") % {"choices": ", ".join(sorted(SUBJECTS))})
    if not isinstance(data.get("provisional", False), bool):
        errors.append(_("provisional: must be true or false."))
    provenance = _text(data, "provenance", "", errors, required=False)
    sheet = _text(data, "sheet", "", errors)[:31]
    columns = _columns(data.get("columns"), subject if subject in SUBJECTS else None, errors)
    if errors:
        raise ValidationError(errors)
    return Mapping(
        code=code,
        version=version,
        title=title,
        subject=str(subject),
        provisional=bool(data.get("provisional", False)),
        provenance=provenance,
        sheet=sheet,
        columns=tuple(columns),
    )


def _columns(value: Any, subject: str | None, errors: list[str]) -> list[MappedColumn]:
    if not isinstance(value, list) or not value:
        errors.append(_("columns: a non-empty list is needed."))
        return []
    terms = TERMS[subject] if subject else {}
    out: list[MappedColumn] = []
    headers: set[str] = set()
    for i, col in enumerate(value):
        where = f"columns[{i}]."
        if not isinstance(col, dict):
            errors.append(_("%(where)s: must be an object.") % {"where": f"columns[{i}]"})
            continue
        for key in sorted(set(col) - _COLUMN_KEYS):
            errors.append(_("%(where)s: unknown key.") % {"where": where + key})
        header = _text(col, "header", where, errors)
        if header in headers:
            errors.append(
                _("%(where)s: the header “%(header)s” appears twice.") % {"where": where + "header", "header": header}
            )
        headers.add(header)
        ways = [k for k in ("field", "sum", "unmapped") if k in col]
        if len(ways) != 1:
            errors.append(_("%(where)s: give exactly one of field, sum or unmapped.") % {"where": f"columns[{i}]"})
            continue
        way = ways[0]
        if way == "unmapped":
            reason = _text(col, "unmapped", where, errors)
            out.append(MappedColumn(header=header, fields=(), summed=False, unmapped=reason))
            continue
        names = [col["field"]] if way == "field" else col["sum"]
        if way == "sum" and (not isinstance(names, list) or len(names) < 2):
            errors.append(_("%(where)s: a list of at least two fields is needed.") % {"where": where + "sum"})
            continue
        ok = True
        for name in names:
            term = terms.get(name) if isinstance(name, str) else None
            if term is None:
                errors.append(
                    _("%(where)s: unknown field “%(field)s” for %(subject)s.")
                    % {"where": where + way, "field": name, "subject": subject or "?"}
                )
                ok = False
            elif way == "sum" and not term.numeric:
                errors.append(
                    _("%(where)s: the field “%(field)s” is not a number and cannot be added up.")
                    % {"where": where + way, "field": name}
                )
                ok = False
        if ok:
            out.append(MappedColumn(header=header, fields=tuple(names), summed=way == "sum", unmapped=""))
    return out


def builtin_mappings() -> dict[str, Mapping]:
    """The mapping files shipped with Sinergi, by code (the newest version of each)."""
    found: dict[str, Mapping] = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        mapping = mapping_parse(path.read_bytes())
        found[mapping.code] = mapping
    return found
