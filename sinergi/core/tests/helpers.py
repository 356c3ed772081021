"""Helpers for tests that start a child process (a worker to kill, a command to run) on the test database."""

from __future__ import annotations

from django.db import connection


def database_url() -> str:
    """DATABASE_URL of the database the tests run on, for a child process to use the same one."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
