"""The staff list of an agency (XLSX or CSV) imported into its civil servants: the ``purchasing.civil_servant``
target of the import engine (sinergi.ingest).

The file has a NIP and a name column, optionally the golongan and the position; other columns are ignored. Each
row's NIP is read by ``market.identifiers.parse_nip`` (18 digits, a real birth date, an appointment month after
the 18th birthday …) and the row written through ``services.civil_servant_save``, which finds the civil servant
by NIP: importing the same list twice changes nothing the second time, and a civil servant who moved agency is
moved, not doubled. Every row is answered: created, updated, unchanged or rejected with its reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.models import ChangeSource
from sinergi.ingest import files
from sinergi.ingest.cells import CellValue, cell_text
from sinergi.ingest.headers import FieldSpec, count_score, exact_matcher
from sinergi.ingest.targets import ImportTarget, register
from sinergi.purchasing import services
from sinergi.purchasing.models import Agency

MAX_ROWS = 20_000
STAFF_FIELDS: Mapping[str, FieldSpec] = {
    spec.key: spec
    for spec in (
        FieldSpec("nip", gettext_lazy("NIP"), True, ("nip", "no nip", "nomor nip", "nip baru", "nomor induk pegawai")),
        FieldSpec("name", gettext_lazy("Name"), True, ("nama", "nama pegawai", "nama asn", "nama lengkap", "name")),
        FieldSpec("rank", gettext_lazy("Rank (golongan)"), False, ("golongan", "gol", "gol ruang", "pangkat gol")),
        FieldSpec("position", gettext_lazy("Position"), False, ("jabatan", "nama jabatan", "position")),
    )
}
match_column = exact_matcher(STAFF_FIELDS.values())


@dataclass(frozen=True, slots=True)
class StaffRow:
    row: int
    status: str  # created, updated, unchanged, rejected
    nip: str = ""
    civil_servant: int | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class StaffResult:
    file: str
    rows: list[StaffRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        """The rows by what became of them, for the upload page."""
        return {s: self.count(s) for s in ("created", "updated", "unchanged", "rejected")}

    @property
    def rejected_rows(self) -> list[StaffRow]:
        return [r for r in self.rows if r.status == "rejected"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            **self.counts,
            "rows": [asdict(r) for r in self.rows],
        }


def _required(found: set[str]) -> str:
    missing = [label for key, label in (("nip", "NIP"), ("name", "Nama")) if key not in found]
    if missing:
        return _("The file has no %(columns)s column; a staff list needs NIP and Nama.") % {
            "columns": ", ".join(missing)
        }
    return ""


def _number_cell(value: CellValue) -> bool:
    """A NIP stored by Excel as a number: Excel keeps 15 significant digits, so the last three are lost."""
    return isinstance(value, float) and not isinstance(value, bool) and abs(value) >= 1e15


def civil_servants_import(
    *,
    actor: User,
    agency: Agency,
    stream: IO[bytes],
    name: str,
    size: int,
    size_limit: bool = True,
    source: str = ChangeSource.WEB,
) -> StaffResult:
    """Import ``agency``'s staff list (see the module). ValidationError ({"file": …}) when the file as a whole
    cannot be read; PermissionDenied for a user who may not change the agency's region."""
    require_region_write(actor, agency.region_id)
    try:
        files.check_size(size=size, size_limit=size_limit)
        kind = files.file_kind(name)
        with files.temporary_copy(stream, name=name, kind=kind) as (path, _sha256):
            rows = files.read_table(
                path, kind=kind, name=Path(name).name, match=match_column, required=_required, limit=MAX_ROWS
            )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    result = StaffResult(file=Path(name).name)
    seen: dict[str, int] = {}
    for number, row in rows:
        data = {key: cell_text(row.get(key)) for key in STAFF_FIELDS}
        nip = "".join(data["nip"].split())
        reason = ""
        if _number_cell(row.get("nip")):
            reason = _(
                "The NIP was saved by Excel as a number, which loses its last digits: format the column as text."
            )
        elif nip and nip in seen:
            reason = _("This NIP is already in row %(row)d.") % {"row": seen[nip]}
        if reason:
            result.rows.append(StaffRow(row=number, status="rejected", nip=nip, reasons=[reason]))
            continue
        try:
            servant, status = services.civil_servant_save(actor=actor, agency=agency, data=data, source=source)
        except ValidationError as exc:
            result.rows.append(StaffRow(row=number, status="rejected", nip=nip, reasons=list(exc.messages)))
            continue
        except PermissionDenied as exc:
            result.rows.append(StaffRow(row=number, status="rejected", nip=nip, reasons=[str(exc)]))
            continue
        seen[nip] = number
        result.rows.append(StaffRow(row=number, status=status, nip=nip, civil_servant=servant.pk))
    return result


STAFF = register(
    ImportTarget(
        key="purchasing.civil_servant",
        label=gettext_lazy("Agency staff list (ASN)"),
        fields=STAFF_FIELDS,
        natural_key=(("nip",),),
        writer=services.civil_servant_save,
        run=civil_servants_import,
        score_header=count_score(match_column),
    )
)
