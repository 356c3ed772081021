"""A job whose database connection is lost mid-run (a PostgreSQL restart) stays running to be resumed, not failed;
after max_attempts() such losses it is failed."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from sinergi.core import jobs
from sinergi.core.models import Job, JobStatus

KIND = "tests.lost_connection"
_calls: list[int] = []


@jobs.job_handler(KIND)
def _flaky(job: Job) -> str:
    _calls.append(job.attempts)
    if job.attempts < 2:
        raise OperationalError("terminating connection due to administrator command")
    return "done"


@pytest.fixture(autouse=True)
def _fresh_calls():
    _calls.clear()


def test_a_lost_connection_leaves_the_job_running_and_the_next_attempt_finishes_it(db):
    job = jobs.job_create(actor=None, kind=KIND)
    with pytest.raises(OperationalError):
        jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (JobStatus.RUNNING, 1, "")

    finished = jobs.job_run(job_id=job.pk, force=True)  # as the worker does once its heartbeat is stale
    assert (finished.status, finished.attempts, finished.message) == (JobStatus.SUCCEEDED, 2, "done")
    assert _calls == [1, 2]


def test_a_job_that_keeps_losing_its_connection_fails_after_the_last_attempt(db, settings):
    settings.SINERGI_JOB_MAX_ATTEMPTS = 1
    job = jobs.job_create(actor=None, kind=KIND)
    with pytest.raises(OperationalError):
        jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "terminating connection" in job.message
