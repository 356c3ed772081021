"""Backups of the whole database and their restore: pg_dump / pg_restore on PostgreSQL, SQLite's online backup API.

A backup is one file in ``SINERGI_BACKUP_DIR`` named ``sinergi-<UTC time>[-label].dump`` (PostgreSQL, pg_dump's
custom format) or ``.sqlite3`` (a consistent copy of the SQLite file taken while the system runs). It is written
beside its final name and renamed only once it is complete and checked, so a backup cut short (a full disk, a
killed worker) never looks like a good one. The job worker takes one every ``SINERGI_BACKUP_EVERY_HOURS`` (a job of
kind ``backup``) and then deletes the ones the retention settings no longer keep.

A restore replaces every table with the backup's content in one transaction: on PostgreSQL the tables are dropped
and the dump's SQL is applied by psql inside a single transaction that is committed only when pg_restore has
finished without error; on SQLite the backup API copies the file back into the open database. A restore first
takes a backup of what it replaces (label ``before-restore``).

Uploaded files (``SINERGI_MEDIA_ROOT``) are not in the database; docs/deploy.md says how they are copied.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.jobs import job_create, job_enqueue, job_handler
from sinergi.core.models import Job
from sinergi.core.schedule import recurring

BACKUP_JOB = "backup"
_NAME = re.compile(r"^sinergi-(\d{8}T\d{6}Z)(?:-([a-z0-9-]+))?\.(dump|sqlite3)$")
_SUFFIX = {"postgresql": "dump", "sqlite": "sqlite3"}


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    engine: str  # "postgresql" or "sqlite"
    size: int
    label: str = ""


def backup_dir() -> Path:
    path = Path(settings.SINERGI_BACKUP_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _parse(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if not match or not path.is_file():
        return None
    taken = datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    engine = "postgresql" if match.group(3) == "dump" else "sqlite"
    return Backup(path=path, taken_at=taken, engine=engine, size=path.stat().st_size, label=match.group(2) or "")


def backups_list() -> list[Backup]:
    """The complete backups in the backup folder, newest first."""
    found = [b for p in backup_dir().iterdir() if (b := _parse(p)) is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in _SUFFIX:
        raise ValidationError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def backup_create(*, label: str = "", now: datetime | None = None) -> Backup:
    """Take a backup of the whole database now; returns it once it is complete and checked."""
    engine = _engine()
    now = (now or timezone.now()).astimezone(UTC)
    label = re.sub(r"[^a-z0-9-]+", "-", label.lower()).strip("-")
    stem = f"sinergi-{now:%Y%m%dT%H%M%SZ}" + (f"-{label}" if label else "")
    folder = backup_dir()
    final = folder / f"{stem}.{_SUFFIX[engine]}"
    n = 2
    while final.exists():  # two backups in one second
        final = folder / f"{stem}-{n}.{_SUFFIX[engine]}"
        n += 1
    partial = folder / f".{final.name}.partial"
    try:
        if engine == "postgresql":
            _pg_dump(partial)
        else:
            _sqlite_backup(partial)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    backup = _parse(final)
    assert backup is not None
    return backup


def backups_prune(*, now: datetime | None = None) -> list[Path]:
    """Delete the backups the retention settings no longer keep: a backup goes when it is not among the newest
    ``SINERGI_BACKUP_KEEP`` (when > 0) or is older than ``SINERGI_BACKUP_KEEP_DAYS`` days (when > 0); the newest
    backup always stays. Partial files left by a backup cut short go after a day."""
    now = now or timezone.now()
    keep = int(settings.SINERGI_BACKUP_KEEP)
    keep_days = int(settings.SINERGI_BACKUP_KEEP_DAYS)
    removed: list[Path] = []
    for rank, backup in enumerate(backups_list()):
        if rank == 0:
            continue
        too_many = keep > 0 and rank >= keep
        too_old = keep_days > 0 and now - backup.taken_at > timedelta(days=keep_days)
        if too_many or too_old:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    for partial in backup_dir().glob(".sinergi-*.partial"):
        # A partial file older than a day belongs to a backup that was cut short.
        if now.timestamp() - partial.stat().st_mtime > 86400:
            partial.unlink(missing_ok=True)
            removed.append(partial)
    return removed


def backup_restore(*, path: Path, safety_backup: bool = True) -> Backup | None:
    """Replace the whole database with the content of the backup at ``path``; returns the backup taken of what
    was replaced (None when ``safety_backup`` is off). Stop the web server and the worker first."""
    engine = _engine()
    backup = _parse(path) or _parse_foreign(path)
    if backup is None:
        raise ValidationError(_("“%(name)s” is not a Sinergi backup file.") % {"name": path.name})
    if backup.engine != engine:
        raise ValidationError(
            _("This backup is from %(theirs)s but the database is %(ours)s.")
            % {"theirs": backup.engine, "ours": engine}
        )
    if engine == "postgresql":
        _pg_check_archive(path)
    else:
        _sqlite_check(path)
    before = backup_create(label="before-restore") if safety_backup else None
    if engine == "postgresql":
        _pg_restore(path)
    else:
        _sqlite_restore(path)
    return before


def _parse_foreign(path: Path) -> Backup | None:
    """A backup file renamed or copied from elsewhere: recognised by its suffix."""
    if not path.is_file() or path.suffix not in {".dump", ".sqlite3"}:
        return None
    engine = "postgresql" if path.suffix == ".dump" else "sqlite"
    taken = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return Backup(path=path, taken_at=taken, engine=engine, size=path.stat().st_size)


# --- SQLite -----------------------------------------------------------------------------------------------------


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        # The copy is a single file: no -wal/-shm beside it when it is read (or copied off the machine).
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    _sqlite_check(target)


def _sqlite_check(path: Path) -> None:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            has_schema = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(_("The backup file is damaged: %(error)s") % {"error": exc}) from exc
    if not ok or not has_schema:
        raise ValidationError(_("The backup file is damaged or is not a Sinergi database."))


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.close()
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


# --- PostgreSQL -------------------------------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured database; the password travels in the environment, never in argv."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _pg_tool(name: str) -> str:
    """The path of a PostgreSQL client tool whose major version is at least the server's."""
    folder = settings.SINERGI_PG_BIN_DIR
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise ValidationError(
            _("%(tool)s was not found; install postgresql-client or set SINERGI_PG_BIN_DIR.") % {"tool": name}
        )
    # The tools are PostgreSQL's own, found on PATH or in the configured folder; arguments are never user input.
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    connection.ensure_connection()
    server_major = int(connection.pg_version) // 10000  # type: ignore[attr-defined]
    if not match or int(match.group(1)) < server_major:
        raise ValidationError(
            _(
                "%(tool)s is version %(tool_version)s but the server is PostgreSQL %(server)s; install the client of "
                "the server's version and set SINERGI_PG_BIN_DIR (for example /usr/lib/postgresql/%(server)s/bin)."
            )
            % {"tool": name, "tool_version": match.group(1) if match else "?", "server": server_major}
        )
    return tool


def _run(args: Iterable[str], *, what: str) -> None:
    result = subprocess.run(list(args), env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        error = result.stderr.strip()[-2000:] or str(result.returncode)
        raise ValidationError(_("%(what)s failed: %(error)s") % {"what": what, "error": error})


def _pg_dump(target: Path) -> None:
    _run([_pg_tool("pg_dump"), "--format=custom", f"--file={target}"], what="pg_dump")
    _pg_check_archive(target)


def _pg_check_archive(path: Path) -> None:
    _run([_pg_tool("pg_restore"), "--list", str(path)], what=_("Reading the backup"))


# Drop every table, sequence and function (the search vocabulary's trigger function; not an extension's) of the
# schema the application uses, so the restored database holds exactly the
# backup (a table created by a later migration does not survive with stale rows).
_DROP_ALL = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema() LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.sequence_name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS routine FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = current_schema() AND p.prokind IN ('f', 'p')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.routine);
  END LOOP;
END $$;
"""


def _pg_restore(path: Path) -> None:
    """Drop and restore in one transaction: psql commits only after pg_restore has written the whole dump."""
    pg_restore = _pg_tool("pg_restore")
    psql = _pg_tool("psql")
    connection.close()
    env = _pg_env()
    with tempfile.TemporaryFile() as psql_err, tempfile.TemporaryFile() as restore_err:
        client = subprocess.Popen(  # noqa: S603
            [psql, "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=env,
        )
        assert client.stdin is not None
        try:
            client.stdin.write(b"BEGIN;\n" + _DROP_ALL.encode() + b"\n")
            reader = subprocess.Popen(  # noqa: S603
                [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(path)],
                stdout=subprocess.PIPE,
                stderr=restore_err,
                env=env,
            )
            assert reader.stdout is not None
            shutil.copyfileobj(reader.stdout, client.stdin)
            reader.stdout.close()
            restored = reader.wait() == 0
            if restored:
                client.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            restored = False  # psql stopped at an error; its message is read below
        finally:
            with contextlib.suppress(BrokenPipeError):
                client.stdin.close()
            code = client.wait()
        if not restored or code != 0:
            psql_err.seek(0)
            restore_err.seek(0)
            error = (restore_err.read() + psql_err.read()).decode(errors="replace").strip()[-2000:]
            raise ValidationError(_("The restore failed and nothing was changed: %(error)s") % {"error": error})


# --- The recurring job --------------------------------------------------------------------------------------------


@job_handler(BACKUP_JOB)
def backup_job(job: Job) -> str:
    backup = backup_create()
    removed = [p for p in backups_prune() if not p.name.startswith(".")]
    return _("Backup %(name)s (%(size)s MB) taken; %(removed)s old backups deleted.") % {
        "name": backup.path.name,
        "size": f"{backup.size / 1e6:.1f}",
        "removed": len(removed),
    }


def _backup_every() -> timedelta | None:
    hours = float(settings.SINERGI_BACKUP_EVERY_HOURS)
    return timedelta(hours=hours) if hours > 0 else None


@recurring(BACKUP_JOB, every=_backup_every)
def backup_start() -> Job:
    """Queue a backup job (the worker's schedule calls this when one is due)."""
    job = job_create(actor=None, kind=BACKUP_JOB)
    job_enqueue(job=job)
    return job
