"""The poverty list an office receives (P3KE: households by welfare decile) put onto the registry's persons.

The file (XLSX or CSV) has a NIK column and a decile column ("Desil", 1 = poorest … 10); other columns are
ignored. Each row's person is found by NIK among the persons the actor may see and gets ``poverty_decile``
and ``poverty_source`` (e.g. "P3KE 2023") through the registry's person service, which checks and logs the
change. Every row is answered: updated, unchanged (the same decile and source already), unknown (no such
NIK in the registry; these are listed, as the office may want to register them) or rejected with reasons.
Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import can_edit_registry
from sinergi.accounts.models import User
from sinergi.core.models import ChangeSource
from sinergi.ingest.cells import CellValue, cell_text
from sinergi.ingest.headers import FieldSpec, exact_matcher
from sinergi.programs.imports.applicants import digits, read_table
from sinergi.registry import services as registry
from sinergi.registry.models import Person
from sinergi.registry.selectors import persons_visible

DEFAULT_MAX_ROWS = 500_000
SOURCE_MAX = 80  # Person.poverty_source
POVERTY_FIELDS: Mapping[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec(
            "nik",
            gettext_lazy("NIK"),
            True,
            ("nik", "no nik", "nomor nik", "nik kepala keluarga", "nik krt", "nik art", "no ktp"),
        ),
        FieldSpec(
            "decile",
            gettext_lazy("Decile"),
            True,
            ("desil", "desil kesejahteraan", "peringkat desil", "kelompok desil", "decile", "desil p3ke"),
        ),
    )
}
match_column = exact_matcher(POVERTY_FIELDS.values())
_DECILE = re.compile(r"^(?:desil\s*)?([0-9]{1,2})(?:[.,]0+)?$", re.IGNORECASE)


def max_rows() -> int:
    return int(getattr(settings, "SINERGI_POVERTY_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


@dataclass(frozen=True, slots=True)
class PovertyRow:
    row: int
    nik: str
    status: str  # updated, unchanged, unknown, rejected
    person: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class PovertyResult:
    file: str
    source: str
    rows: list[PovertyRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def unknown_niks(self) -> list[str]:
        return [r.nik for r in self.rows if r.status == "unknown"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            **{s: self.count(s) for s in ("updated", "unchanged", "unknown", "rejected")},
            "unknown_niks": self.unknown_niks,
            "rows": [asdict(r) for r in self.rows],
        }


def _decile(value: CellValue) -> int | None:
    match = _DECILE.match(cell_text(value))
    if match is None:
        return None
    number = int(match.group(1))
    return number if 1 <= number <= 10 else None


def _required(found: set[str]) -> str:
    missing = [label for key, label in (("nik", "NIK"), ("decile", "Desil")) if key not in found]
    if missing:
        return _("The file has no %(columns)s column; the poverty list needs NIK and Desil.") % {
            "columns": ", ".join(missing)
        }
    return ""


def poverty_import(
    *,
    actor: User,
    stream: IO[bytes],
    name: str,
    size: int,
    source_label: str,
    size_limit: bool = True,
    change_source: str = ChangeSource.COMMAND,
) -> PovertyResult:
    """Put the file's deciles onto the persons it names (see the module). ValidationError ({"file": …} or
    {"source": …}) when the file as a whole cannot be read; PermissionDenied for a user who may not edit."""
    if not can_edit_registry(actor):
        raise PermissionDenied(_("You may not change the registry."))
    label = " ".join(source_label.split())
    if not label or len(label) > SOURCE_MAX:
        raise ValidationError({"source": _("Name the list, e.g. “P3KE 2023” (at most 80 characters).")})
    rows = read_table(
        stream=stream,
        name=name,
        size=size,
        match=match_column,
        required=_required,
        limit=max_rows(),
        size_limit=size_limit,
    )
    visible = persons_visible(user=actor)
    result = PovertyResult(file=Path(name).name, source=label)
    seen: dict[str, int] = {}
    for number, row in rows:
        nik = digits(row.get("nik"))
        decile = _decile(row.get("decile"))
        reasons = []
        if len(nik) != 16:
            reasons.append(_("The NIK must have 16 digits (%(n)d given).") % {"n": len(nik)})
        elif nik in seen:
            reasons.append(_("This NIK is already in row %(row)d.") % {"row": seen[nik]})
        if decile is None:
            reasons.append(
                _("The decile is a whole number from 1 to 10, not “%(value)s”.")
                % {"value": cell_text(row.get("decile"))}
            )
        if reasons:
            result.rows.append(PovertyRow(row=number, nik=nik, status="rejected", reasons=reasons))
            continue
        seen[nik] = number
        person = visible.filter(nik=nik).first()
        if person is None:
            result.rows.append(PovertyRow(row=number, nik=nik, status="unknown"))
            continue
        result.rows.append(
            _apply(actor=actor, person=person, decile=decile, label=label, row=number, source=change_source)
        )
    return result


def _apply(*, actor: User, person: Person, decile: int | None, label: str, row: int, source: str) -> PovertyRow:
    nik = person.nik or ""
    if person.poverty_decile == decile and person.poverty_source == label:
        return PovertyRow(row=row, nik=nik, status="unchanged", person=person.pk)
    try:
        registry.person_update(
            actor=actor, person=person, data={"poverty_decile": decile, "poverty_source": label}, source=source
        )
    except ValidationError as exc:
        return PovertyRow(row=row, nik=nik, status="rejected", person=person.pk, reasons=list(exc.messages))
    except PermissionDenied as exc:
        return PovertyRow(row=row, nik=nik, status="rejected", person=person.pk, reasons=[str(exc)])
    return PovertyRow(row=row, nik=nik, status="updated", person=person.pk)
