"""Running for real: request ids and JSON logs, the client address behind a proxy, /healthz, the worker's
schedule, backup retention, and a restore drill on the database the tests run on (SQLite or PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from sinergi.core import backup as backups
from sinergi.core.logs import JsonFormatter, RequestIdFilter, request_id_var
from sinergi.core.middleware import client_ip
from sinergi.core.models import Job, RecurringRun, WorkerBeat
from sinergi.core.schedule import schedule_tick
from sinergi.core.worker import worker_beat


def test_every_answer_has_a_request_id_and_a_proxy_id_is_kept(db):
    first = Client().get("/healthz")
    second = Client().get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    kept = Client().get("/healthz", headers={"x-request-id": "proxy-abc-123"})
    assert kept["X-Request-ID"] == "proxy-abc-123"
    forged = Client().get("/healthz", headers={"x-request-id": "bad id\nwith newline"})
    assert forged["X-Request-ID"] != "bad id\nwith newline"


def test_json_log_line_carries_the_request_id_and_extra_fields():
    record = logging.LogRecord("sinergi.request", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.status = 200
    token = request_id_var.set("rid-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "rid-12345678"
    assert line["message"] == "GET /x"
    assert line["status"] == 200
    assert line["level"] == "INFO"


def test_request_log_omits_the_query_string(db, caplog):
    with caplog.at_level(logging.INFO, logger="sinergi.request"):
        Client().get("/healthz?nik=3509010101900001")
    lines = [r for r in caplog.records if r.name == "sinergi.request"]
    assert lines
    assert all("3509010101900001" not in r.getMessage() and "nik" not in str(r.path) for r in lines)


def test_client_ip_behind_one_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the forged left-most entry is not believed


def test_healthz_is_ok_with_a_live_worker(db, settings):
    settings.SINERGI_HEALTH_MIN_FREE_MB = 1
    worker_beat(worker_id="w1", started_at=timezone.now())
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "worker", "disk"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_names_the_failed_checks(db, settings):
    settings.SINERGI_HEALTH_MIN_FREE_MB = 10**12  # no disk has that much room
    WorkerBeat.objects.create(worker_id="old", hostname="h", pid=1, beat_at=timezone.now() - timedelta(hours=1))
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker", "disk"]


def test_a_due_backup_starts_once(db, settings):
    settings.SINERGI_BACKUP_EVERY_HOURS = 24
    settings.SINERGI_ASPIRATION_CLOSE_EVERY_HOURS = 0  # the other recurring work is off: only the backup is due
    now = timezone.now()
    # Other apps' recurring work (the work-program reminders) is due at the same first tick; only the backup's counts.
    assert "backup" in schedule_tick(now=now)
    assert "backup" not in schedule_tick(now=now + timedelta(minutes=1))
    run = RecurringRun.objects.get(name="backup")
    assert run.last_job is not None
    assert run.last_job.kind == "backup"
    assert Job.objects.filter(kind="backup").count() == 1
    assert "backup" in schedule_tick(now=now + timedelta(hours=25))
    settings.SINERGI_BACKUP_EVERY_HOURS = 0
    assert "backup" not in schedule_tick(now=now + timedelta(hours=60))


def test_retention_keeps_the_newest_and_drops_by_count_and_age(settings, tmp_path):
    settings.SINERGI_BACKUP_DIR = tmp_path
    settings.SINERGI_BACKUP_KEEP = 3
    settings.SINERGI_BACKUP_KEEP_DAYS = 10
    now = datetime(2026, 12, 31, tzinfo=UTC)
    for day in (30, 29, 28, 27, 5):
        (tmp_path / f"sinergi-202612{day:02d}T010000Z.dump").write_bytes(b"x")
    removed = {p.name for p in backups.backups_prune(now=now)}
    assert removed == {"sinergi-20261227T010000Z.dump", "sinergi-20261205T010000Z.dump"}  # 4th newest; 26 days old
    assert [b.path.name for b in backups.backups_list()] == [
        "sinergi-20261230T010000Z.dump",
        "sinergi-20261229T010000Z.dump",
        "sinergi-20261228T010000Z.dump",
    ]
    settings.SINERGI_BACKUP_KEEP_DAYS = 1
    later = now + timedelta(days=100)
    backups.backups_prune(now=later)
    assert [b.path.name for b in backups.backups_list()] == ["sinergi-20261230T010000Z.dump"]  # the newest stays


def _fingerprint() -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its content (rows sorted, so physical order does not matter)."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


@pytest.mark.django_db(transaction=True)
def test_restore_drill(settings, tmp_path, regions, admin_user, kepahiang_officer, clusters):
    """Fill, back up, destroy, restore: every table comes back with the same rows."""
    settings.SINERGI_BACKUP_DIR = tmp_path
    Job.objects.create(kind="drill", checkpoint={"row": 7, "note": "ä ✓"}, message="isi")
    before = _fingerprint()
    assert before["regions_region"][0] > 30
    assert before["accounts_user"][0] >= 2
    made = backups.backup_create(label="drill")
    assert made.path.exists()
    assert made.size > 0

    call_command("flush", interactive=False, verbosity=0)
    destroyed = _fingerprint()
    assert destroyed["regions_region"][0] == 0
    assert destroyed["core_job"][0] == 0

    safety = backups.backup_restore(path=made.path)
    after = _fingerprint()
    assert after == before
    assert safety is not None
    assert safety.label == "before-restore"

    # The safety backup holds the destroyed state; restoring it brings that back (and the drill back again).
    backups.backup_restore(path=safety.path, safety_backup=False)
    assert _fingerprint()["regions_region"][0] == 0
    backups.backup_restore(path=made.path, safety_backup=False)
    assert _fingerprint() == before


@pytest.mark.django_db
def test_restore_refuses_a_damaged_file(settings, tmp_path):
    settings.SINERGI_BACKUP_DIR = tmp_path
    suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
    bad = tmp_path / f"sinergi-20260101T000000Z.{suffix}"
    bad.write_bytes(b"not a backup at all" * 100)
    count = Job.objects.count()
    Job.objects.create(kind="kept")
    with pytest.raises(Exception, match=r"(?i)damaged|failed|not a valid|input file"):
        backups.backup_restore(path=bad)
    assert Job.objects.count() == count + 1
