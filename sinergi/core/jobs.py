"""Running long work as jobs: enqueue, claim, report progress, checkpoint, recover after a crash.

A job kind is a function registered with :func:`job_handler`; it receives the claimed :class:`Job` and
does its work in batches, calling :func:`job_progress` inside each batch's transaction so that the
checkpoint and the work commit together. Whoever runs the job — the django-tasks worker, the CLI, or a
test — calls :func:`job_run`; a job found ``running`` with a stale heartbeat (its worker died) is claimed
again and its handler resumes from the checkpoint.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.failures import failure_message
from sinergi.core.models import Job, JobStatus

JobHandler = Callable[[Job], str]
_HANDLERS: dict[str, JobHandler] = {}
logger = logging.getLogger("sinergi.jobs")
# The job this process is running now, whose heartbeat the worker's life thread keeps fresh (sinergi/core/worker.py).
_current_job_id: int | None = None


def current_job_id() -> int | None:
    return _current_job_id


class JobBusy(Exception):
    """The job is being run by a live worker, or has already finished."""


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Register the function that does the work of jobs of ``kind``; it returns the closing message."""

    def register(fn: JobHandler) -> JobHandler:
        _HANDLERS[kind] = fn
        return fn

    return register


def stale_after() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "SINERGI_JOB_STALE_SECONDS", 120)))


def max_attempts() -> int:
    """How often a job whose database connection was lost is run again before it is marked failed."""
    return int(getattr(settings, "SINERGI_JOB_MAX_ATTEMPTS", 5))


def job_create(*, actor: Any, kind: str, total: int | None = None) -> Job:
    return Job.objects.create(kind=kind, created_by=actor if getattr(actor, "pk", None) else None, progress_total=total)


def job_enqueue(*, job: Job) -> None:
    """Hand the job to the task backend once the surrounding transaction has committed."""
    from sinergi.core.tasks import run_job

    def send() -> None:
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


def _claimable(now: Any) -> Q:
    return Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after())


def job_claim(*, job_id: int, force: bool = False) -> Job:
    """Mark the job running for this caller, or raise JobBusy if it is finished or alive elsewhere.

    ``force`` takes over a running job at once: for an operator who knows its worker is gone."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.FAILED or (force and job.status == JobStatus.RUNNING):
            # A failed or abandoned job may be run again: its handler resumes from the checkpoint.
            pass
        elif not Job.objects.filter(_claimable(now), pk=job_id).exists():
            raise JobBusy(_("Job %(id)s is %(status)s.") % {"id": job_id, "status": job.get_status_display()})
        job.status = JobStatus.RUNNING
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.finished_at = None
        job.attempts += 1
        job.message = ""
        job.save(update_fields=["status", "started_at", "heartbeat_at", "finished_at", "attempts", "message"])
    return job


def job_progress(*, job: Job, done: int, checkpoint: dict[str, Any], total: int | None = None) -> None:
    """Record progress and the resume point; call inside the transaction of the batch it describes."""
    job.progress_done = done
    job.checkpoint = checkpoint
    job.heartbeat_at = timezone.now()
    fields = ["progress_done", "checkpoint", "heartbeat_at"]
    if total is not None:
        job.progress_total = total
        fields.append("progress_total")
    job.save(update_fields=fields)


def job_run(*, job_id: int, force: bool = False) -> Job:
    """Claim the job and run its handler to the end; the job records success or the reason it failed."""
    global _current_job_id
    job = job_claim(job_id=job_id, force=force)
    handler = _HANDLERS.get(job.kind)
    _current_job_id = job.pk
    try:
        if handler is None:
            raise ValidationError(_("No handler for jobs of kind “%(kind)s”.") % {"kind": job.kind})
        message = handler(job)
    except ValidationError as exc:
        _finish(job=job, status=JobStatus.FAILED, message="; ".join(exc.messages))
    except (OperationalError, InterfaceError) as exc:
        # The database went away mid-job (a restart, a dropped connection): the batches committed so far stay
        # with their checkpoint and the batch in flight was rolled back. Left running, the job's heartbeat goes
        # stale and a worker queues it again (jobs_recover) to resume, up to max_attempts() attempts in all.
        if job.attempts >= max_attempts():
            _finish(job=job, status=JobStatus.FAILED, message=f"{type(exc).__name__}: {exc}")
        raise
    except Exception as exc:
        # The user reads what the failure means for them; the exception and its traceback go to the log only.
        logger.error("job %s (%s) failed", job.pk, job.kind, exc_info=(type(exc), exc, exc.__traceback__))
        _finish(job=job, status=JobStatus.FAILED, message=failure_message(exc, job_id=job.pk))
        raise
    else:
        _finish(job=job, status=JobStatus.SUCCEEDED, message=message)
    finally:
        _current_job_id = None
    job.refresh_from_db()
    return job


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _finish(*, job: Job, status: str, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=status, message=message[:5000], finished_at=timezone.now())


def jobs_recover() -> list[int]:
    """Put back in the queue every job whose worker stopped sending heartbeats; returns their ids.

    The worker calls this when it starts and at every beat; a job whose last message still waits in the queue is
    left alone, so a job is queued again once, not at every beat."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    stale = list(
        Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after()).values_list("pk", "task_id")
    )
    task_ids = {pk: _uuid_or_none(task_id) for pk, task_id in stale}
    waiting = set(
        DBTaskResult.objects.filter(id__in=[t for t in task_ids.values() if t]).ready().values_list("id", flat=True)
    )
    ids = [pk for pk, task_id in task_ids.items() if task_id not in waiting]
    for pk in ids:
        job = Job.objects.get(pk=pk)
        job_enqueue(job=job)
    return ids
