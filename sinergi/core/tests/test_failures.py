"""A job that fails on an unexpected exception tells the user what it means in their language; the exception's class
and text go to the log only."""

from __future__ import annotations

import logging

import pytest
from django.db import DataError, OperationalError
from django.utils.translation import override

from sinergi.core import jobs
from sinergi.core.failures import failure_message
from sinergi.core.models import JobStatus


@pytest.fixture
def failing_kind(monkeypatch):
    def make(exc: BaseException) -> str:
        def handler(job):
            raise exc

        monkeypatch.setitem(jobs._HANDLERS, "test-failing", handler)
        return "test-failing"

    return make


def test_a_data_error_is_explained_in_indonesian_and_logged(db, system, failing_kind, caplog):
    kind = failing_kind(DataError("string or blob too big"))
    job = jobs.job_create(actor=system, kind=kind)
    with override("id"), caplog.at_level(logging.ERROR, logger="sinergi.jobs"), pytest.raises(DataError):
        jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "DataError" not in job.message
    assert "string or blob" not in job.message
    assert "terlalu panjang" in job.message
    logged = [r for r in caplog.records if r.name == "sinergi.jobs"]
    assert logged
    assert logged[0].exc_info
    assert "string or blob too big" in str(logged[0].exc_info[1])
    assert str(job.pk) in logged[0].getMessage()


def test_an_unknown_failure_names_the_job_number(db, system, failing_kind):
    kind = failing_kind(KeyError("internal_key"))
    job = jobs.job_create(actor=system, kind=kind)
    with pytest.raises(KeyError):
        jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert "internal_key" not in job.message
    assert "KeyError" not in job.message
    assert str(job.pk) in job.message


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (DataError("x"), "too long or out of range"),
        (OperationalError("database is locked"), "could not be reached or was busy"),
        (MemoryError(), "more memory"),
        (OSError(28, "No space left on device"), "disk is full"),
        (FileNotFoundError(2, "gone"), "no longer on the server"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), "could not be read"),
        (RuntimeError("boom"), "unexpected error"),
    ],
)
def test_each_kind_of_failure_has_its_message(exc, words):
    message = failure_message(exc, job_id=7)
    assert words in message
    assert type(exc).__name__ not in message
