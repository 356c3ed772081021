"""Import of cooperatives' annual reports (and of the cooperatives themselves when new) from the XLSX or CSV
files offices keep: title rows, merged two-level headers, several sheets, Indonesian numbers and dates.

Reading reuses the business import (ingest.reading for the file and its header, ingest.places for
village names, core.numbers and core.dates for cells); columns are recognised by imports_columns, rows
read by imports_rows and written by imports_writes; imports_results reads a finished import. Every row
ends accepted or rejected with every reason (field + message); the rejected rows download as XLSX under
the file's own headers plus a reason column, to be fixed and imported again.

Each row's cooperative is the one registered with its NIK koperasi, else the one with the same
normalised name in the row's region (or anywhere in the import's region when the row names no place);
a cooperative not found is added through ``services.cooperative_create`` when the row gives its name,
type and region. The report goes through ``services.annual_report_save``, which validates (balance
sheet, loan book, counts, RAT date) and scores it; its messages are the row's reasons.

Identity: a report is keyed by its natural key, cooperative + fiscal year (the model's unique
constraint), not by an ``external_ref`` of file and row. Row numbers change when an officer fixes a
rejected-rows file or sorts a sheet, and the same cooperative's year in two files is the same report;
so importing a file again updates, never duplicates, and a row whose values are already stored is
counted unchanged without writing or re-scoring anything. A blank cell never erases a stored figure.

Runs synchronously, in transactions of _CHUNK_ROWS rows with a savepoint per row, for files of up to
SINERGI_COOP_IMPORT_MAX_ROWS data rows (default 1,000: an office has hundreds of cooperatives); larger
files are refused with a message before anything is written. Most of a row's time is the services'
(validate, log, score). Measured on a busy 2-core machine with a 53-column file: 1,000 rows of new
cooperatives in 22 s (3,000 in 50–66 s), the same file again, all unchanged, in 2 s (3,000 in 6 s). So
the limit keeps a first import inside a web worker's usual 30 s timeout; raise it together with that
timeout. A province-wide or national file belongs on a job-based path like the business import (ingest:
upload, mapping, a django-tasks job with checkpoints and progress), which this import would take by
running ReportImporter.row over the same rows inside a job handler.

The import is recorded as a ``core.Job`` of kind IMPORT_JOB whose ``checkpoint`` keeps the result
(counts, the sheets read, every rejected row with its cells and reasons), so the result page and the
rejected-rows download need no table of their own; the writes it makes are logged with source ``job``.
The uploaded file itself is not kept (its name and SHA-256 are).
"""

from __future__ import annotations

import hashlib
import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_edit_registry, require_region_write
from sinergi.accounts.models import User
from sinergi.cooperatives.imports_columns import (
    PLAUSIBLE_HEADER_SCORE,
    detect_mapping,
    score_header,
    unrecognised_columns,
)
from sinergi.cooperatives.imports_rows import RowReader
from sinergi.cooperatives.imports_writes import ReportImporter
from sinergi.core.jobs import job_claim, job_create, job_progress
from sinergi.core.models import Job, JobStatus
from sinergi.ingest.reading import CellValue, SheetLayout, detect_layouts, iter_rows
from sinergi.ingest.services import max_upload_bytes, too_large_message
from sinergi.regions.models import Region, RegionLevel

IMPORT_JOB = "cooperatives.report_import"
DEFAULT_MAX_ROWS = 1000
_CHUNK_ROWS = 200


def max_rows() -> int:
    return int(getattr(settings, "SINERGI_COOP_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _file_kind(name: str) -> Literal["csv", "xlsx"]:
    """The format named by the file's extension; its content is checked against it when it is read."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix == ".xls":
        raise ValidationError(
            _("Old Excel files (.xls) cannot be read; open it in Excel and save as .xlsx."), code="xls"
        )
    raise ValidationError(
        _("“%(name)s”: only .xlsx and .csv files can be imported.") % {"name": name}, code="file_type"
    )


def _scope(*, actor: User, code: str) -> Region:
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise ValidationError({"region": _("Unknown region code “%(code)s”.") % {"code": code}})
    if region.level > RegionLevel.KABUPATEN_KOTA:
        raise ValidationError({"region": _("Choose a province or a kabupaten/kota as the region of the import.")})
    require_region_write(actor, region.code)
    return region


def _sheet_year(sheet: str | None) -> int | None:
    """A sheet named after a year ("2023", "Tahun 2023") gives that fiscal year to rows without one (before
    the year chosen on the page, which applies to the whole file)."""
    digits = "".join(c for c in (sheet or "") if c.isdigit())
    return int(digits) if len(digits) == 4 and 1945 <= int(digits) <= timezone.localdate().year else None


@dataclass
class _Sheet:
    layout: SheetLayout
    mapping: dict[int, str]
    default_year: int | None
    rows: list[tuple[int, tuple[CellValue, ...]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.layout.sheet or ""


def _read(*, path: Path, kind: Literal["csv", "xlsx"], default_year: int | None) -> list[_Sheet]:
    """Every sheet with a plausible header, with its data rows; the whole file is refused if it has no
    such sheet, lacks the fiscal year, or holds more rows than one synchronous import takes."""
    try:
        layouts = detect_layouts(path, kind=kind, score_header=score_header, min_score=PLAUSIBLE_HEADER_SCORE)
    except ValidationError as exc:
        if exc.code != "no_header":
            raise
        raise ValidationError(
            _(
                "No header row found: one of the first rows should name the columns, e.g. “Nama Koperasi”, "
                "“Tahun Buku”, “Total Aset”. Download the template to see the columns that can be read."
            ),
            code="no_header",
        ) from None
    limit, total, sheets = max_rows(), 0, []
    for layout in layouts:
        sheet = _Sheet(layout, detect_mapping(layout.columns), _sheet_year(layout.sheet) or default_year)
        if "fiscal_year" not in sheet.mapping.values() and sheet.default_year is None:
            raise ValidationError(
                _("“%(sheet)s” has no Tahun Buku column; add one, or choose the fiscal year on the import page.")
                % {"sheet": sheet.name or path.name},
                code="no_year",
            )
        for number, cells in iter_rows(path, kind=kind, layout=layout):
            total += 1
            if total > limit:
                raise ValidationError(
                    _(
                        "The file has more than %(max)s rows of data; at most %(max)s are imported at once. "
                        "Split it into several files."
                    )
                    % {"max": number_format(limit, force_grouping=True)},
                    code="too_many_rows",
                )
            sheet.rows.append((number, cells))
        sheets.append(sheet)
    return sheets


def cooperative_reports_import(
    *,
    actor: User,
    stream: IO[bytes],
    name: str,
    size: int,
    region_code: str,
    default_year: int | None = None,
    size_limit: bool = True,
) -> Job:
    """Import the file's annual reports into ``region_code`` (a province or kabupaten/kota the actor edits);
    returns the finished Job holding the result (read it with imports_results). ``size_limit`` applies the upload limit
    of the web page (SINERGI_IMPORT_MAX_BYTES, as for business imports).

    Raises PermissionDenied for a user who may not edit, ValidationError when the file as a whole cannot be
    imported (too large, not a spreadsheet, no header, no fiscal year, too many rows); nothing is written then.
    """
    if not can_edit_registry(actor):
        raise PermissionDenied(_("You may not change the registry."))
    if size_limit and size > max_upload_bytes():
        raise ValidationError(too_large_message(size=size), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = _file_kind(name)
    scope = _scope(actor=actor, code=region_code)
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name[-150:] or f"impor.{kind}")
        with path.open("wb") as copy:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
                copy.write(chunk)
        sheets = _read(path=path, kind=kind, default_year=default_year)
    return _run(actor=actor, scope=scope, sheets=sheets, name=Path(name).name, sha256=digest.hexdigest())


def _run(*, actor: User, scope: Region, sheets: list[_Sheet], name: str, sha256: str) -> Job:
    total = sum(len(sheet.rows) for sheet in sheets)
    job = job_claim(job_id=job_create(actor=actor, kind=IMPORT_JOB, total=total).pk)
    importer = ReportImporter(actor=actor, scope=scope)
    try:
        for sheet in sheets:
            reader = RowReader(mapping=sheet.mapping, regions=importer.regions, default_year=sheet.default_year)
            for chunk in _chunks(sheet.rows):
                with transaction.atomic():
                    for number, cells in chunk:
                        importer.row(sheet=sheet.name, reader=reader, number=number, cells=cells)
                    job_progress(job=job, done=importer.counts["rows"], checkpoint={})
    except Exception as exc:
        where = {"file": name, "region": scope.code, "region_name": scope.display_name, "counts": importer.counts}
        _finish(job, status=JobStatus.FAILED, message=f"{type(exc).__name__}: {exc}", checkpoint=where)
        raise
    result = {
        "file": name,
        "sha256": sha256,
        "region": scope.code,
        "region_name": scope.display_name,
        "sheets": [
            {
                "sheet": s.name,
                "columns": list(s.layout.columns),
                "header_rows": list(s.layout.header_rows),
                "mapping": {key: index for index, key in s.mapping.items()},
                "unrecognised": unrecognised_columns(s.layout.columns),
            }
            for s in sheets
        ],
        "counts": importer.counts,
        "rejected": importer.rejected,
        "skipped": importer.skipped,
    }
    message = _("%(rows)d rows read: %(accepted)d accepted, %(rejected)d rejected.") % importer.counts
    if importer.counts["skipped"]:
        message += " " + _("%(skipped)d total rows (JUMLAH, TOTAL) skipped.") % importer.counts
    _finish(job, status=JobStatus.SUCCEEDED, message=message, checkpoint=result)
    return job


def _chunks(rows: list[tuple[int, tuple[CellValue, ...]]]) -> Iterator[list[tuple[int, tuple[CellValue, ...]]]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, _CHUNK_ROWS)):
        yield chunk


def _finish(job: Job, *, status: str, message: str, checkpoint: dict[str, Any]) -> None:
    job.status, job.message, job.checkpoint, job.finished_at = status, message[:5000], checkpoint, timezone.now()
    job.save(update_fields=["status", "message", "checkpoint", "finished_at"])
