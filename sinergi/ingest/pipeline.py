"""The import job: stream the file, parse each row, write accepted rows, keep rejected ones, checkpoint.

Each batch of rows is one transaction holding the registry writes, the rejected rows, the import's
counts and the job's checkpoint (the last source row done). A worker killed mid-file therefore leaves
the database as of the last whole batch, and the next run starts after that row: nothing is lost and,
with rows keyed by ``external_ref`` and rejections unique per row, nothing is doubled.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import time
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.failures import JobFailure
from sinergi.core.jobs import job_handler, job_progress
from sinergi.core.models import Job
from sinergi.ingest.cells import cell_text
from sinergi.ingest.models import FileKind, ImportBatch, ImportStatus, NoteKind, RejectedRow, RowNote
from sinergi.ingest.places import NeedsDatabase, PlaceResolver
from sinergi.ingest.reading import CellValue, check_table, iter_rows
from sinergi.ingest.rows import RowError, RowParser, Skipped
from sinergi.ingest.services import IMPORT_JOB, layout_of, mapping_of
from sinergi.registry.services.imports import MATCH_METHODS, BusinessIn, businesses_import

logger = logging.getLogger(__name__)

T = TypeVar("T")
_COUNTS = ("rows_seen", "accepted", "created", "updated", "unchanged", "rejected", "skipped", "merged")
Chunk = Sequence[tuple[int, Sequence[CellValue]]]
# A row with what parsing gave: a business, its errors, a skip, or None when it still needs the database.
Parsed = tuple[int, Sequence[CellValue], BusinessIn | list[RowError] | Skipped | None]


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def estimate_rows(*, path: Path, kind: str, header_end: int) -> int | None:
    """Data rows in a CSV by counting line breaks (blank lines make it an upper bound); None for XLSX."""
    if kind != FileKind.CSV:
        return None
    lines = 0
    last = b""
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            lines += block.count(b"\n")
            last = block[-1:]
    if last and last != b"\n":
        lines += 1
    return max(0, lines - header_end)


@job_handler(IMPORT_JOB)
def import_run(job: Job) -> str:
    batch = ImportBatch.objects.select_related("region", "created_by").get(job=job)
    if batch.created_by is None:
        raise ValidationError(_("The officer who uploaded this file no longer exists; upload it again."))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)
    try:
        _run(job=job, batch=batch)
    except BaseException:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        raise
    batch.refresh_from_db()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.DONE)
    summary = _(
        "%(rows_seen)d rows read: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
        "%(rejected)d rejected."
    ) % {k: getattr(batch, k) for k in _COUNTS}
    if batch.skipped or batch.merged:
        summary += " " + _("%(skipped)d totals rows skipped; %(merged)d rows merged into an earlier row.") % {
            "skipped": batch.skipped,
            "merged": batch.merged,
        }
    return summary


def _run(*, job: Job, batch: ImportBatch) -> None:
    layout = layout_of(batch)
    path = Path(batch.file.path)
    parser = RowParser(
        source=batch.source,
        mapping=mapping_of(batch),
        places=PlaceResolver(scope=batch.region),
        default_year=batch.default_year,
        headers=layout.columns,
    )
    start_after = int(job.checkpoint.get("row", 0))
    total = job.progress_total
    if start_after == 0:
        # The whole file through the row and cell limits before the first batch: a file refused at its last
        # row leaves nothing half-imported. The count it gives is the progress bar's total.
        total = check_table(path, kind=batch.kind, layout=layout, name=batch.original_name)  # type: ignore[arg-type]
    if total is None:
        total = estimate_rows(path=path, kind=batch.kind, header_end=layout.first_data_row - 1)
    pause = float(settings.SINERGI_IMPORT_PAUSE_SECONDS)
    rows = iter_rows(
        path,
        kind=batch.kind,  # type: ignore[arg-type]
        layout=layout,
        start_after=start_after,
        name=batch.original_name,
    )
    chunks = _batched(rows, int(settings.SINERGI_IMPORT_BATCH_ROWS))
    limit = int(settings.SINERGI_IMPORT_PARSE_CHILD_BYTES)
    # Forking is what lets the child start with the parser already loaded; where it is missing, no child.
    use_child = 0 < limit <= path.stat().st_size and "fork" in multiprocessing.get_all_start_methods()
    for chunk in _parse_in_child(chunks, parser=parser) if use_child else _parse_here(chunks, parser=parser):
        _apply(job=job, batch=batch, parser=parser, chunk=chunk, total=total)
        if pause:
            time.sleep(pause)


def _parse_here(chunks: Iterable[Chunk], *, parser: RowParser) -> Iterator[list[Parsed]]:
    for chunk in chunks:
        yield [(n, cells, parser.parse(row_number=n, cells=cells)) for n, cells in chunk]


def _parse_in_child(chunks: Iterator[Chunk], *, parser: RowParser) -> Iterator[list[Parsed]]:
    """The chunks read and parsed by a forked process while this one writes: the file's parsing and the
    database's work on the previous batch run on two cores instead of taking turns on one.

    The child never uses the database connection it inherits: a row that would need it (a region code
    outside the import) comes back as None, for _apply to parse here. The pipe between the two holds
    about one batch, so the child stays a batch or so ahead and memory stays flat. The child ends with
    this generator; if this process is killed, the child's next send fails and it ends too."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_parse, kwargs={"chunks": chunks, "parser": parser, "send": send, "receive": receive}, daemon=True
    )
    child.start()
    send.close()
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                child.join(timeout=5)
                message = _("The import's parsing process ended unexpectedly (exit code %(code)s).")
                raise JobFailure(message % {"code": child.exitcode}) from None
            if kind == "rows":
                yield payload
            elif kind == "refused":
                raise payload
            elif kind == "failed":
                # The child's exception, as text, for the operator; the user reads what it means for the import.
                logger.error("the import's parsing process failed: %s", payload)
                raise JobFailure(
                    _("The import's parsing process failed on an unexpected error; the details are in the server log.")
                )
            else:
                return
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _child_parse(*, chunks: Iterator[Chunk], parser: RowParser, send: Connection, receive: Connection) -> None:
    receive.close()
    try:
        for chunk in chunks:
            send.send(
                ("rows", [(n, cells, _parse_offline(parser=parser, row_number=n, cells=cells)) for n, cells in chunk])
            )
        send.send(("end", None))
    except BrokenPipeError:  # the writing process has gone
        return
    except ValidationError as exc:  # the file cannot be read further: the writer raises it
        send.send(("refused", exc))
    except Exception as exc:
        send.send(("failed", repr(exc)))


def _parse_offline(
    *, parser: RowParser, row_number: int, cells: Sequence[CellValue]
) -> BusinessIn | list[RowError] | Skipped | None:
    try:
        return parser.parse(row_number=row_number, cells=cells, offline=True)
    except NeedsDatabase:
        return None


@transaction.atomic
def _apply(
    *,
    job: Job,
    batch: ImportBatch,
    parser: RowParser,
    chunk: Sequence[Parsed],
    total: int | None,
) -> None:
    """One batch in one transaction. ``chunk``: each row with what parsing it gave (None: parse it here)."""
    assert batch.created_by is not None
    parsed: list[BusinessIn] = []
    rejected: list[RejectedRow] = []
    notes: list[RowNote] = []
    cells_of: dict[int, Sequence[CellValue]] = {}
    counts = dict.fromkeys(_COUNTS, 0)
    for row_number, cells, result in chunk:
        cells_of[row_number] = cells
        if result is None:
            result = parser.parse(row_number=row_number, cells=cells)
        if isinstance(result, BusinessIn):
            parsed.append(result)
        elif isinstance(result, Skipped):
            counts["skipped"] += 1
            notes.append(_note(batch=batch, row_number=row_number, kind=NoteKind.SKIPPED, message=result.reason))
        else:
            rejected.append(_rejection(batch=batch, row_number=row_number, cells=cells, errors=result))
    warnings = {r.key: r.warnings for r in parsed}
    matched = dict.fromkeys(MATCH_METHODS, 0)
    for outcome in businesses_import(actor=batch.created_by, rows=parsed, job=job):
        if outcome.verdict == "rejected":
            rejected.append(
                _rejection(batch=batch, row_number=outcome.key, cells=cells_of[outcome.key], errors=outcome.errors)
            )
            continue
        counts[outcome.verdict] += 1
        matched[outcome.matched_by] += 1
        for field, message in warnings[outcome.key]:
            notes.append(
                _note(batch=batch, row_number=outcome.key, kind=NoteKind.WARNING, message=message, field=field)
            )
        if outcome.same_as is not None:
            counts["merged"] += 1
            message = _("Same business as row %(row)d of this file: this row's values were written over it.")
            notes.append(
                _note(
                    batch=batch,
                    row_number=outcome.key,
                    kind=NoteKind.MERGED,
                    message=message % {"row": outcome.same_as},
                )
            )
    RejectedRow.objects.bulk_create(rejected, ignore_conflicts=True)
    RowNote.objects.bulk_create(notes, ignore_conflicts=True)
    counts["rows_seen"] = len(chunk)
    counts["rejected"] = len(rejected)
    counts["accepted"] = len(chunk) - len(rejected) - counts["skipped"]
    for key, n in counts.items():
        setattr(batch, key, getattr(batch, key) + n)
    batch.matched = {m: int(batch.matched.get(m, 0)) + n for m, n in matched.items()}
    batch.save(update_fields=[*_COUNTS, "matched"])
    job_progress(job=job, done=batch.rows_seen, checkpoint={"row": chunk[-1][0]}, total=total)


def _rejection(
    *, batch: ImportBatch, row_number: int, cells: Sequence[CellValue], errors: Sequence[tuple[str, str]]
) -> RejectedRow:
    return RejectedRow(
        batch=batch,
        sheet=batch.sheet,
        source_row=row_number,
        values=[cell_text(c) for c in cells],
        errors=[{"field": f, "message": str(m)} for f, m in errors],
    )


def _note(*, batch: ImportBatch, row_number: int, kind: str, message: str, field: str = "") -> RowNote:
    return RowNote(batch=batch, sheet=batch.sheet, source_row=row_number, kind=kind, field=field, message=message[:500])
