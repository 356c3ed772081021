"""What /healthz checks: the database answers, no migration is pending, a job worker is alive, the disks have room.

Each check answers ``{"ok": bool, ...}`` with figures only — never a host name, a password or personal data —
so the answer can be open to a load balancer or a monitoring probe without signing in.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from sinergi.core.worker import newest_worker_beat


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_migrations() -> dict[str, Any]:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": not plan, "pending": len(plan)}


def check_worker() -> dict[str, Any]:
    try:
        beat = newest_worker_beat()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if beat is None:
        return {"ok": False, "last_beat_seconds_ago": None}
    age = (timezone.now() - beat.beat_at).total_seconds()
    stale = timedelta(seconds=settings.SINERGI_WORKER_STALE_SECONDS).total_seconds()
    return {"ok": age <= stale, "last_beat_seconds_ago": round(max(age, 0))}


def _watched_paths() -> list[Path]:
    paths = [Path(settings.MEDIA_ROOT), Path(settings.SINERGI_BACKUP_DIR)]
    if connection.vendor == "sqlite":
        paths.append(Path(str(settings.DATABASES["default"]["NAME"])))
    return paths


def check_disk() -> dict[str, Any]:
    minimum = int(settings.SINERGI_HEALTH_MIN_FREE_MB)
    lowest: int | None = None
    for path in _watched_paths():
        probe = path
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        free_mb = shutil.disk_usage(probe).free // (1024 * 1024)
        lowest = free_mb if lowest is None else min(lowest, free_mb)
    return {"ok": lowest is not None and lowest >= minimum, "free_mb": lowest, "min_free_mb": minimum}


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "worker": check_worker,
    "disk": check_disk,
}


def health() -> dict[str, Any]:
    """Every check's result, which failed, and ``status`` "ok" or "fail"; a check that needs the database is
    skipped (failed) when the database does not answer."""
    results: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        if name in {"migrations", "worker"} and not results["database"]["ok"]:
            results[name] = {"ok": False, "error": "database unavailable"}
            continue
        results[name] = check()
    failed = [name for name, result in results.items() if not result["ok"]]
    return {"status": "fail" if failed else "ok", "failed": failed, "checks": results}
