"""The annual-report import runs as a job: a worker killed mid-file leaves a job that is found stale, claimed
again and finished from its checkpoint, with every row exactly once; the kept upload goes when it is done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from sinergi.cooperatives import imports
from sinergi.cooperatives.imports import job as import_job
from sinergi.cooperatives.imports.writes import ReportImporter
from sinergi.cooperatives.models import AnnualReport, Cooperative
from sinergi.cooperatives.tests.report_sheets import HEADER, plain_row, write_csv
from sinergi.core.jobs import job_run, jobs_recover
from sinergi.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class _Killed(BaseException):
    """Stands for the worker's process being killed: no handler catches it, the job stays "running"."""


def _upload(actor, path):
    with path.open("rb") as handle:
        return imports.report_import_upload(
            actor=actor, stream=handle, name=path.name, size=path.stat().st_size, region_code="17.08", enqueue=False
        )


def test_a_killed_worker_leaves_a_job_that_resumes_without_doubling(kepahiang_officer, tmp_path, monkeypatch):
    rows = [plain_row(f"KSP Nomor {i}") for i in range(7)] + [plain_row("KSP Nomor 2")]  # the last gives row 2 again
    job = _upload(kepahiang_officer, write_csv(tmp_path / "laporan.csv", HEADER, rows))
    assert (job.status, job.progress_total) == (JobStatus.QUEUED, 8)
    stored = job.checkpoint["stored"]
    assert default_storage.exists(stored)
    monkeypatch.setattr(import_job, "_CHUNK_ROWS", 3)
    real_row = ReportImporter.row
    calls = {"n": 0}

    def dying_row(self, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:  # inside the second chunk: its rows are rolled back with it
            raise _Killed
        return real_row(self, **kwargs)

    monkeypatch.setattr(ReportImporter, "row", dying_row)
    with pytest.raises(_Killed):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.checkpoint["at"] == {"sheet": 0, "row": 4}  # the header is row 1: the first chunk is rows 2-4
    assert job.checkpoint["counts"]["accepted"] == 3
    assert Cooperative.objects.count() == 3
    # Its worker is gone: no heartbeat comes any more, and the job is found and claimed again.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert jobs_recover() == [job.pk]
    monkeypatch.setattr(ReportImporter, "row", real_row)
    finished = job_run(job_id=job.pk)
    assert finished.status == JobStatus.SUCCEEDED
    assert finished.attempts == 2
    counts = finished.checkpoint["counts"]
    assert (counts["rows"], counts["accepted"], counts["rejected"]) == (8, 7, 1)
    assert finished.checkpoint["rejected"][0]["row"] == 9  # the repeat of row 4 is still recognised after resuming
    assert "already gives the 2023 report" in finished.checkpoint["rejected"][0]["errors"][0]["message"]
    assert Cooperative.objects.count() == 7
    assert AnnualReport.objects.count() == 7
    assert not default_storage.exists(stored)  # the upload is not kept once imported


def test_a_refused_file_is_neither_kept_nor_queued(kepahiang_officer, tmp_path, settings):
    settings.SINERGI_COOP_IMPORT_MAX_ROWS = 1
    path = write_csv(tmp_path / "besar.csv", HEADER, [plain_row("KSP A"), plain_row("KSP B")])
    with pytest.raises(ValidationError, match="more than 1 rows of data"):
        _upload(kepahiang_officer, path)
    assert not Job.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.csv"))
