"""The annual-report import as a job: the upload (checked whole before anything is written), then a
``core.Job`` that reads the file in checkpointed chunks, with progress, and resumes after a crash.

``report_import_upload`` refuses a file that cannot be imported as a whole (too large, not a spreadsheet, no
header, no fiscal year, more than ``max_rows()`` data rows) before anything is written; otherwise it keeps
the file under MEDIA_ROOT and queues a job of kind IMPORT_JOB whose checkpoint holds the file's sheets and
mappings. The job (``report_import_run``, run by the django-tasks worker, ``manage.py job_run`` or a test)
writes _CHUNK_ROWS rows per transaction; each transaction also records the job's progress and its
checkpoint: the position reached and the result so far (counts, the rejected rows with their cells and
reasons, the skipped totals rows, which reports the rows gave). A worker killed mid-file therefore leaves
the database as of its last whole chunk; its job, no longer sending heartbeats, is claimed again
(``jobs_recover``, the worker, or ``job_run --force``) and goes on after that chunk. A chunk done twice
would not double anything either: reports are keyed by cooperative + fiscal year, and a row whose values
are stored already is counted unchanged without a write. The finished job's checkpoint is the result the
pages read (see results.py); the stored file is then removed (its name and SHA-256 are kept).

The row limit (SINERGI_COOP_IMPORT_MAX_ROWS, default 1,000: an office has hundreds of cooperatives) no
longer guards a web worker's timeout but the size of the result, which the checkpoint rewrites at every
chunk. Measured on a busy 2-core machine with a 53-column file: 1,000 rows of new cooperatives in 22 s
(3,000 in 50–66 s), the same file again, all unchanged, in 2 s (3,000 in 6 s).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sinergi.accounts.access import can_edit_registry
from sinergi.accounts.models import User
from sinergi.cooperatives.imports.columns import (
    PLAUSIBLE_HEADER_SCORE,
    detect_mapping,
    score_header,
    unrecognised_columns,
)
from sinergi.cooperatives.imports.rows import RowReader
from sinergi.cooperatives.imports.writes import ReportImporter
from sinergi.core.jobs import job_create, job_enqueue, job_handler, job_progress, job_run
from sinergi.core.models import Job
from sinergi.ingest.files import check_size, file_kind, temporary_copy
from sinergi.ingest.reading import Kind, SheetLayout, detect_layouts, iter_rows
from sinergi.ingest.services import scope_region
from sinergi.regions.models import Region

IMPORT_JOB = "cooperatives.report_import"
DEFAULT_MAX_ROWS = 1000
_CHUNK_ROWS = 200
T = TypeVar("T")


def max_rows() -> int:
    return int(getattr(settings, "SINERGI_COOP_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _sheet_year(sheet: str | None) -> int | None:
    """A sheet named after a year ("2023", "Tahun 2023") gives that fiscal year to rows without one (before
    the year chosen on the page, which applies to the whole file)."""
    digits = "".join(c for c in (sheet or "") if c.isdigit())
    return int(digits) if len(digits) == 4 and 1945 <= int(digits) <= timezone.localdate().year else None


def _layout(sheet: dict[str, Any]) -> SheetLayout:
    return SheetLayout(
        sheet=sheet["sheet"] or None,
        header_rows=tuple(sheet["header_rows"]),
        columns=tuple(sheet["columns"]),
        first_data_row=int(sheet["first_data_row"]),
    )


def _sheets(*, path: Path, kind: Kind, name: str, default_year: int | None) -> tuple[list[dict[str, Any]], int]:
    """(every sheet with a plausible header, as the checkpoint keeps it; the number of data rows). The whole
    file is refused if it has no such sheet, lacks the fiscal year, or holds more than max_rows() rows."""
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
        mapping = detect_mapping(layout.columns)
        year = _sheet_year(layout.sheet) or default_year
        if "fiscal_year" not in mapping.values() and year is None:
            raise ValidationError(
                _("“%(sheet)s” has no Tahun Buku column; add one, or choose the fiscal year on the import page.")
                % {"sheet": layout.sheet or name},
                code="no_year",
            )
        for _row in iter_rows(path, kind=kind, layout=layout):
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
        sheets.append(
            {
                "sheet": layout.sheet or "",
                "columns": list(layout.columns),
                "header_rows": list(layout.header_rows),
                "first_data_row": layout.first_data_row,
                "mapping": {key: index for index, key in mapping.items()},
                "unrecognised": unrecognised_columns(layout.columns),
                "default_year": year,
            }
        )
    return sheets, total


def report_import_upload(
    *,
    actor: User,
    stream: IO[bytes],
    name: str,
    size: int,
    region_code: str,
    default_year: int | None = None,
    size_limit: bool = True,
    enqueue: bool = True,
) -> Job:
    """Check the file as a whole, keep it, and queue its import into ``region_code`` (a province or
    kabupaten/kota the actor edits); returns the queued Job. ``size_limit`` applies the upload limit of the
    web page (SINERGI_IMPORT_MAX_BYTES, as for business imports); ``enqueue`` hands the job to the worker
    once the transaction commits (False: the caller runs it, see cooperative_reports_import).

    Raises PermissionDenied for a user who may not edit, ValidationError when the file as a whole cannot be
    imported (too large, not a spreadsheet, no header, no fiscal year, too many rows); nothing is written then.
    """
    if not can_edit_registry(actor):
        raise PermissionDenied(_("You may not change the registry."))
    check_size(size=size, size_limit=size_limit)
    kind = file_kind(name)
    scope = scope_region(actor=actor, code=region_code)
    file_name = Path(name).name
    with temporary_copy(stream, name=name, kind=kind) as (path, sha256):
        sheets, total = _sheets(path=path, kind=kind, name=file_name, default_year=default_year)
        with path.open("rb") as copy:
            stored = default_storage.save(f"imports/reports/{sha256[:16]}.{kind}", File(copy))
    with transaction.atomic():
        job = job_create(actor=actor, kind=IMPORT_JOB, total=total)
        job.checkpoint = {
            "file": file_name,
            "sha256": sha256,
            "region": scope.code,
            "region_name": scope.display_name,
            "kind": kind,
            "stored": stored,
            "sheets": sheets,
            **ReportImporter.empty_state(),
        }
        job.save(update_fields=["checkpoint"])
        if enqueue:
            job_enqueue(job=job)
    return job


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
    """report_import_upload, then the job run to its end in this process; returns the finished Job holding
    the result (read it with results.py). For commands and tests; the page queues the job instead."""
    job = report_import_upload(
        actor=actor,
        stream=stream,
        name=name,
        size=size,
        region_code=region_code,
        default_year=default_year,
        size_limit=size_limit,
        enqueue=False,
    )
    return job_run(job_id=job.pk)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


@job_handler(IMPORT_JOB)
def report_import_run(job: Job) -> str:
    """Import the job's file from its checkpoint on (see the module); returns the result's summary."""
    state = dict(job.checkpoint)
    actor = job.created_by
    if actor is None:
        raise ValidationError(_("The officer who uploaded this file no longer exists; upload it again."))
    stored = str(state.get("stored") or "")
    if not stored or not default_storage.exists(stored):
        raise ValidationError(_("The uploaded file is no longer kept; upload it again."))
    path = Path(default_storage.path(stored))
    importer = ReportImporter(actor=actor, scope=Region.objects.get(pk=state["region"]))
    importer.restore(state)
    at = state.get("at") or {"sheet": 0, "row": 0}
    for index, sheet in enumerate(state["sheets"]):
        if index < at["sheet"]:
            continue
        reader = RowReader(
            mapping={int(i): key for key, i in sheet["mapping"].items()},
            regions=importer.regions,
            default_year=sheet["default_year"],
        )
        rows = iter_rows(
            path,
            kind=state["kind"],
            layout=_layout(sheet),
            start_after=at["row"] if index == at["sheet"] else 0,
            name=state["file"],
        )
        for chunk in _batched(rows, _CHUNK_ROWS):
            with transaction.atomic():
                for number, cells in chunk:
                    importer.row(sheet=sheet["sheet"], reader=reader, number=number, cells=cells)
                state.update(importer.state(), at={"sheet": index, "row": chunk[-1][0]})
                job_progress(job=job, done=importer.counts["rows"], checkpoint=state)
    state.update(importer.state(), stored="")
    Job.objects.filter(pk=job.pk).update(checkpoint=state, progress_done=importer.counts["rows"])
    default_storage.delete(stored)
    message = _("%(rows)d rows read: %(accepted)d accepted, %(rejected)d rejected.") % importer.counts
    if importer.counts["skipped"]:
        message += " " + _("%(skipped)d total rows (JUMLAH, TOTAL) skipped.") % importer.counts
    return message
