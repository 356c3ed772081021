"""A job's progress as the API shows it, for every endpoint that starts or reports long work (``core.Job``)."""

from __future__ import annotations

from ninja import Schema

from sinergi.core.models import Job


class JobOut(Schema):
    status: str
    done: int
    total: int | None
    percent: int | None
    message: str
    attempts: int


def job_out(job: Job | None) -> JobOut | None:
    if job is None:
        return None
    return JobOut(
        status=job.status,
        done=job.progress_done,
        total=job.progress_total,
        percent=job.percent,
        message=job.message,
        attempts=job.attempts,
    )
