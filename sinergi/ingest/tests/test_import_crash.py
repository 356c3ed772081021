"""A worker killed in the middle of a file: the import resumes and ends with every row exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from sinergi.core.jobs import job_run
from sinergi.core.models import ChangeAction, ChangeLog, Job, JobStatus
from sinergi.core.tests.helpers import database_url
from sinergi.ingest.models import ImportBatch, ImportStatus, RejectedRow
from sinergi.ingest.tests.conftest import start_import, write_csv
from sinergi.regions.models import Region
from sinergi.registry.models import Business

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 2000
BATCH = 20


def _rows(villages: list[str]) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(ROWS):
        bad = i % 10 == 9  # every tenth row has a NIK of the wrong length
        nik = "12345" if bad else ""
        rows.append([f"U-{i:04d}", f"Usaha Nomor {i}", f"Pemilik {i}", nik, villages[i % len(villages)], "1.500.000"])
    return rows


def _wait_for_progress(job_id: int, proc: subprocess.Popen[bytes], *, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = Job.objects.get(pk=job_id).progress_done
        if done >= at_least:
            return done
        if proc.poll() is not None:
            pytest.fail(f"the worker ended early: {proc.stdout.read().decode() if proc.stdout else ''}")
        time.sleep(0.05)
    pytest.fail("the worker made no progress within two minutes")


def _processes_running(argv: list[str]) -> list[int]:
    """The ids of live processes started with exactly ``argv`` (a forked child keeps its parent's)."""
    wanted = "\0".join(argv).encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "cmdline").read_bytes() == wanted and b"State:\tZ" not in (entry / "status").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue  # ended while being looked at
    return found


@pytest.mark.parametrize("parse_child", ["0", "1"], ids=["parsed-in-worker", "parsed-in-child"])
def test_killed_worker_resumes_with_no_row_lost_or_doubled(regions, kepahiang_officer, tmp_path, parse_child):
    villages = list(Region.objects.filter(code__startswith="17.08.01.", level=4).values_list("code", flat=True)[:5])
    path = write_csv(
        tmp_path / "besar.csv", ["ID", "Nama Usaha", "Nama Pemilik", "NIK", "Kode Wilayah", "Omzet"], _rows(villages)
    )
    job = start_import(actor=kepahiang_officer, path=path, region="17.08", year=2024)

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SINERGI_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SINERGI_IMPORT_BATCH_ROWS": str(BATCH),
        "SINERGI_IMPORT_PAUSE_SECONDS": "0.3",
        "SINERGI_IMPORT_PARSE_CHILD_BYTES": parse_child,  # "1": the file is parsed by a forked process
    }
    argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "job_run", str(job.pk)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for_progress(job.pk, proc, at_least=2 * BATCH)
        # With the child, the file (larger than the pipe between them holds) is still being parsed.
        assert len(_processes_running(argv)) == (2 if parse_child == "1" else 1)
        proc.send_signal(signal.SIGKILL)  # no chance to clean up, as when a machine loses power
    finally:
        proc.wait(timeout=30)
    if parse_child == "1":  # the parsing process does not outlive the worker
        deadline = time.monotonic() + 30
        while _processes_running(argv) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _processes_running(argv) == []

    stopped = Job.objects.get(pk=job.pk)
    assert stopped.status == JobStatus.RUNNING  # nobody told the job it died
    assert 0 < stopped.progress_done < ROWS
    assert stopped.checkpoint["row"] == stopped.progress_done + 1  # the header is row 1
    assert Business.objects.count() + RejectedRow.objects.count() == stopped.progress_done

    finished = job_run(job_id=job.pk, force=True)

    assert finished.status == JobStatus.SUCCEEDED
    assert finished.attempts == 2
    batch = ImportBatch.objects.get(job=job)
    bad = ROWS // 10
    assert batch.status == ImportStatus.DONE
    assert (batch.rows_seen, batch.accepted, batch.created, batch.rejected) == (ROWS, ROWS - bad, ROWS - bad, bad)
    assert Business.objects.count() == ROWS - bad
    assert sorted(RejectedRow.objects.values_list("source_row", flat=True)) == [i + 2 for i in range(9, ROWS, 10)]
    created_logs = ChangeLog.objects.filter(job_id=job.pk, action=ChangeAction.CREATE, content_type__model="business")
    assert created_logs.count() == ROWS - bad  # one change-log row per business: none from the lost batch
