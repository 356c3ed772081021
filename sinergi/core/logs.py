"""Structured logs: the id of the request being answered on every line, and an optional JSON-lines format.

``RequestIdMiddleware`` (sinergi/core/middleware.py) sets the id for the time of one request; the same id goes
back to the client in the ``X-Request-ID`` header, so an officer who reports a problem can quote it and the
operator finds every line of that request. Outside a request (the job worker, commands) the id is ``-``.
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("sinergi_request_id", default="-")

# Attributes every LogRecord has; anything else was passed through ``extra=`` and goes into the JSON line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Give every record the current request id (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, extra fields, and the
    traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class ClientErrorWithoutTraceback(logging.Filter):
    """Keep a refused or bad request (4xx: a 403 from a permission check, a 400 from django.security) to its one
    line: Django logs them with the exception attached, which prints a traceback for what is no error of ours.
    Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and (record.name.startswith("django.security") or (status is not None and status < 500)):
            record.exc_info = None
            record.exc_text = None
        return True
