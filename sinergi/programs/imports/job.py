"""The applicant import as a job: the upload is checked as a whole (size, type, header, row limit, the program
open, the officer allowed) before anything is written, kept under MEDIA_ROOT, and a ``core.Job`` of kind
APPLICANT_IMPORT_JOB imports it in the worker, so a page never waits on a file.

The run writes every row in one transaction: a file holds at most SINERGI_PROGRAM_IMPORT_MAX_ROWS rows (2,000
by default, one program's applicants), so a worker killed mid-file leaves nothing written, and the job,
claimed again (``jobs_recover``, the worker, or ``job_run --force``), imports the file from its first row.
A file imported twice changes nothing the second time either (applications are found again by reference or
applicant; see applicants.py). The finished job's checkpoint holds the result the pages read: the counts
and each rejected row with its cells and reasons; the stored file is then removed (its name and SHA-256 kept).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.jobs import job_create, job_enqueue, job_handler, job_run
from sinergi.core.models import ChangeSource, Job
from sinergi.ingest.files import check_size, file_kind, temporary_copy
from sinergi.programs.imports.applicants import applications_import, check_open, read_table, table_rules
from sinergi.programs.models import Program

APPLICANT_IMPORT_JOB = "programs.applicant_import"


def applicant_import_upload(
    *,
    actor: User,
    program: Program,
    stream: IO[bytes],
    name: str,
    size: int,
    source: str = ChangeSource.WEB,
    enqueue: bool = True,
) -> Job:
    """Check the file as a whole, keep it, and queue its import into ``program``; returns the queued Job.

    Raises PermissionDenied for an officer who may not change the program, ValidationError (on "file") when
    the file as a whole cannot be imported; nothing is written or kept then. ``enqueue`` hands the job to the
    worker once the transaction commits (False: the caller runs it, see applicant_import_now).
    """
    require_region_write(actor, program.region_id)
    check_open(program)
    try:
        check_size(size=size)
        kind = file_kind(name)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages[0]}) from None
    file_name = Path(name).name
    with temporary_copy(stream, name=name, kind=kind) as (path, sha256):
        with path.open("rb") as copy:
            rows = read_table(stream=copy, name=file_name, size=size, **table_rules(program))
        with path.open("rb") as copy:
            stored = default_storage.save(f"imports/applicants/{sha256[:16]}.{kind}", File(copy))
    with transaction.atomic():
        job = job_create(actor=actor, kind=APPLICANT_IMPORT_JOB, total=len(rows))
        job.checkpoint = {
            "program": program.pk,
            "file": file_name,
            "sha256": sha256,
            "size": size,
            "stored": stored,
            "source": source,
        }
        job.save(update_fields=["checkpoint"])
        if enqueue:
            job_enqueue(job=job)
    return job


def applicant_import_now(
    *, actor: User, program: Program, stream: IO[bytes], name: str, size: int, source: str = ChangeSource.WEB
) -> Job:
    """applicant_import_upload, then the job run to its end in this process; returns the finished Job.
    For the API (which answers with the result) and tests; the page queues the job instead."""
    job = applicant_import_upload(
        actor=actor, program=program, stream=stream, name=name, size=size, source=source, enqueue=False
    )
    return job_run(job_id=job.pk)


def result_of(job: Job) -> dict[str, Any]:
    """The finished job's result: file, created, unchanged, rejected, rejected_rows ({row, reasons, values})."""
    return dict(job.checkpoint.get("result") or {})


@job_handler(APPLICANT_IMPORT_JOB)
def applicant_import_run(job: Job) -> str:
    """Import the job's kept file into its program (see the module); returns the result's summary."""
    state = dict(job.checkpoint)
    actor = job.created_by
    if actor is None:
        raise ValidationError(_("The officer who uploaded this file no longer exists; upload it again."))
    stored = str(state.get("stored") or "")
    if not stored or not default_storage.exists(stored):
        raise ValidationError(_("The uploaded file is no longer kept; upload it again."))
    program = Program.objects.get(pk=state["program"])
    with transaction.atomic(), default_storage.open(stored, "rb") as kept:
        result = applications_import(
            actor=actor,
            program=program,
            stream=kept,
            name=state["file"],
            size=int(state.get("size") or default_storage.size(stored)),
            source=str(state.get("source") or ChangeSource.WEB),
            size_limit=False,
        )
        summary = result.as_dict()
        summary["rejected_rows"] = [
            {"row": r.row, "reasons": r.reasons, "values": r.values} for r in result.rows if r.status == "rejected"
        ]
        state.update(result=summary, stored="")
        Job.objects.filter(pk=job.pk).update(checkpoint=state, progress_done=len(result.rows))
    default_storage.delete(stored)
    return _("%(created)d applicants added, %(unchanged)d already in, %(rejected)d rows rejected.") % summary
