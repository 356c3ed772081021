"""Faults in the running system: the real job worker SIGKILLed mid-import, its database connections dropped
mid-import (what a PostgreSQL restart looks like to the client), and a gunicorn web worker SIGKILLed
mid-request. After each, nothing is lost or doubled, the job finishes and the server answers again.

The worker and the server are real processes (manage.py jobs_worker, scripts/serve) on the test database.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from sinergi.core.models import ChangeAction, ChangeLog, Job, JobStatus
from sinergi.core.tests.helpers import database_url
from sinergi.ingest import services
from sinergi.ingest.models import ImportBatch, ImportStatus, RejectedRow
from sinergi.ingest.tests.conftest import write_csv
from sinergi.regions.models import Region
from sinergi.registry.models import Business

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 1000
BATCH = 20
BAD = ROWS // 10  # every tenth row has a NIK of the wrong length
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _queued_import(officer, tmp_path: Path) -> Job:
    """A business import of ROWS rows, mapped and queued for the worker as the page queues it."""
    villages = list(Region.objects.filter(code__startswith="17.08.01.", level=4).values_list("code", flat=True)[:5])
    rows = [
        [f"U-{i:04d}", f"Usaha Nomor {i}", f"Pemilik {i}", "12345" if i % 10 == 9 else "", villages[i % 5], "1.500.000"]
        for i in range(ROWS)
    ]
    path = write_csv(tmp_path / "usaha.csv", ["ID", "Nama Usaha", "Nama Pemilik", "NIK", "Kode Wilayah", "Omzet"], rows)
    with path.open("rb") as f:
        batch = services.import_upload(
            actor=officer, stream=f, name=path.name, size=path.stat().st_size, region_code="17.08", source="uji"
        )
    services.import_set_mapping(
        actor=officer, batch=batch, sheet=batch.sheet, mapping=services.mapping_of(batch), default_year=2024
    )
    return services.import_start(actor=officer, batch=batch, enqueue=True)


def _env(*, pause: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SINERGI_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SINERGI_IMPORT_BATCH_ROWS": str(BATCH),
        "SINERGI_IMPORT_PAUSE_SECONDS": pause,
        "SINERGI_JOB_STALE_SECONDS": "2",
        "SINERGI_WORKER_BEAT_SECONDS": "1",
    }


def _worker(*extra: str, pause: str = "0.2") -> subprocess.Popen[bytes]:
    argv = [sys.executable, str(ROOT / "manage.py"), "jobs_worker", *extra]
    return subprocess.Popen(argv, env=_env(pause=pause), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _output(proc: subprocess.Popen[bytes]) -> str:
    return proc.stdout.read().decode(errors="replace")[-3000:] if proc.stdout else ""


def _wait_for_progress(job_id: int, proc: subprocess.Popen[bytes], *, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = Job.objects.get(pk=job_id).progress_done
        if done >= at_least:
            return done
        if proc.poll() is not None:
            pytest.fail(f"the worker ended early: {_output(proc)}")
        time.sleep(0.05)
    pytest.fail("the worker made no progress within two minutes")


def _restart_and_finish(job_id: int) -> Job:
    """Start a fresh worker (as systemd would) that drains the queue and stops; the job as it then is."""
    time.sleep(2.5)  # past SINERGI_JOB_STALE_SECONDS: the dead worker's heartbeat is stale
    proc = _worker("--batch", pause="0")
    try:
        proc.wait(timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
    job = Job.objects.get(pk=job_id)
    assert job.status == JobStatus.SUCCEEDED, (job.status, job.message, _output(proc))
    return job


def _assert_every_row_once(job: Job) -> None:
    batch = ImportBatch.objects.get(job=job)
    assert batch.status == ImportStatus.DONE
    assert (batch.rows_seen, batch.created, batch.rejected) == (ROWS, ROWS - BAD, BAD)
    assert Business.objects.count() == ROWS - BAD
    assert sorted(str(ref) for ref in Business.objects.values_list("external_ref", flat=True)) == sorted(
        f"uji:id:U-{i:04d}" for i in range(ROWS) if i % 10 != 9
    )
    assert sorted(RejectedRow.objects.values_list("source_row", flat=True)) == [i + 2 for i in range(9, ROWS, 10)]
    created = ChangeLog.objects.filter(job_id=job.pk, action=ChangeAction.CREATE, content_type__model="business")
    assert created.count() == ROWS - BAD  # one change-log row per business, none from a lost batch


def test_job_worker_sigkilled_mid_import_is_restarted_and_the_job_finishes_once(regions, kepahiang_officer, tmp_path):
    job = _queued_import(kepahiang_officer, tmp_path)
    proc = _worker()
    try:
        _wait_for_progress(job.pk, proc, at_least=3 * BATCH)
        proc.send_signal(signal.SIGKILL)  # as when the machine loses power
    finally:
        proc.wait(timeout=30)

    stopped = Job.objects.get(pk=job.pk)
    assert stopped.status == JobStatus.RUNNING  # nobody told the job its worker died
    assert 0 < stopped.progress_done < ROWS
    assert Business.objects.count() + RejectedRow.objects.count() == stopped.progress_done  # whole batches only

    finished = _restart_and_finish(job.pk)
    assert finished.attempts == 2
    _assert_every_row_once(finished)


def _drop_other_connections() -> int:
    """End every other connection to this database (the worker's), as a server restart ends them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (count,) = cursor.fetchone()
    return int(count)


def test_database_connections_dropped_mid_import_the_job_still_finishes_once(regions, kepahiang_officer, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): ends the worker's server connections")
    job = _queued_import(kepahiang_officer, tmp_path)
    proc = _worker()
    try:
        _wait_for_progress(job.pk, proc, at_least=3 * BATCH)
        assert _drop_other_connections() >= 1
        # The worker either carries on over new connections or stops; either way a (re)started worker finishes
        # the job from its checkpoint.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if Job.objects.get(pk=job.pk).status != JobStatus.RUNNING:
                break
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    if Job.objects.get(pk=job.pk).status != JobStatus.SUCCEEDED:
        _restart_and_finish(job.pk)
    finished = Job.objects.get(pk=job.pk)
    assert finished.status == JobStatus.SUCCEEDED, finished.message
    _assert_every_row_once(finished)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return int(response.status)


def _wait_until_answering(url: str, proc: subprocess.Popen[bytes], *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"scripts/serve ended: {_output(proc)}")
        try:
            if _get(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"no answer from {url} within {seconds} s")


def _gunicorn_master(serve_pid: int) -> int:
    for pid in _children(serve_pid):
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
            return pid
    pytest.fail("scripts/serve started no gunicorn")


def test_gunicorn_worker_sigkilled_mid_request_and_the_server_answers_again(regions):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **_env(pause="0"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "2",
        "WEB_THREADS": "2",
        "STOP_TIMEOUT": "5",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "uji-" + "x" * 50,
    }
    proc = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT
    )
    try:
        _wait_until_answering(base + "/akun/masuk/", proc, seconds=180)
        master = _gunicorn_master(proc.pid)
        workers = _children(master)
        assert len(workers) == 2

        # A request in flight: its headers have not all arrived, so a worker holds it, reading.
        held = socket.create_connection(("127.0.0.1", port), timeout=10)
        held.sendall(b"GET /akun/masuk/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n")
        time.sleep(0.5)
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        held.settimeout(10)
        try:
            answer = held.recv(1024)
        except ConnectionResetError:
            answer = b""
        held.close()
        assert answer == b""  # the request died with its worker: closed, no half-written answer

        _wait_until_answering(base + "/akun/masuk/", proc, seconds=60)
        assert _gunicorn_master(proc.pid) == master  # the same server, with new workers
        new_workers = _children(master)
        assert len(new_workers) == 2
        assert not set(new_workers) & set(workers)
        assert all(_get(base + "/akun/masuk/") == 200 for _ in range(5))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(_gunicorn_master(proc.pid), signal.SIGKILL)
            proc.kill()
