"""One ceiling on every request body (``SINERGI_MAX_UPLOAD_BYTES``), enforced before the body is read.

A body that declares its length (``Content-Length``) is refused by ``UploadLimitMiddleware`` on that number
alone: nothing of it is read. A body streamed without a length (``Transfer-Encoding: chunked``) is counted by the
server-side wrappers below while it arrives, and reading stops one chunk past the limit:

- ``BodyLimitWSGI`` (sinergi/wsgi.py, gunicorn): Django reads only ``Content-Length`` bytes of a WSGI body, so a
  chunked body would silently arrive empty. When the server has de-chunked it (``wsgi.input_terminated``), the
  wrapper spools it (memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then a temporary file) up to the limit and hands
  Django a body with a length.
- ``BodyLimitASGI`` (sinergi/asgi.py): Django's ASGI handler reads the whole body before any middleware runs;
  the wrapper stops passing body chunks on at the limit (and does not read at all when the declared length is
  over it).

Either way the request reaches Django with a ``Content-Length`` over the limit and an empty body, and the
middleware answers 413: problem JSON under /api/, an HTML page otherwise. Django's own
DATA_UPLOAD_MAX_MEMORY_SIZE still bounds the non-file part of a body (form fields, JSON) much lower.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CHUNK = 64 * 1024


def max_upload_bytes() -> int:
    return int(settings.SINERGI_MAX_UPLOAD_BYTES)


def limit_in_mb(limit: int | None = None) -> str:
    """The limit as people read it: "101" (MB), with a decimal only when it is not a whole number."""
    mb = (max_upload_bytes() if limit is None else limit) / (1024 * 1024)
    return number_format(mb, decimal_pos=0 if mb == int(mb) else 1)


def declared_length(value: object) -> int | None:
    try:
        length = int(str(value))
    except (TypeError, ValueError):
        return None
    return length if length >= 0 else None


def too_large_response(request: HttpRequest) -> HttpResponse:
    """413: problem JSON for the API (built here, as core sits below the API helpers), a page for the rest."""
    detail = _("The upload is too large: at most %(limit)s MB may be sent at once.") % {"limit": limit_in_mb()}
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": _("Upload too large"), "status": 413, "detail": detail}
        return JsonResponse(
            body, status=413, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "413.html", {"detail": detail, "limit_mb": limit_in_mb()}, status=413)


class UploadLimitMiddleware:
    """Refuse a request whose declared body is larger than SINERGI_MAX_UPLOAD_BYTES, before anything reads it
    (CSRF and the views read the body later, so this runs before them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = declared_length(request.META.get("CONTENT_LENGTH"))
        if length is not None and length > max_upload_bytes():
            response = too_large_response(request)
            # The client may still be sending: close the connection rather than read what is left.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


# --- server-side wrappers: bodies without a length -----------------------------------------------------------

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _chunked(value: object) -> bool:
    return "chunked" in str(value or "").lower()


class BodyLimitWSGI:
    """Give a de-chunked WSGI body a length, reading at most one chunk past the limit."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if (
            declared_length(environ.get("CONTENT_LENGTH")) is None
            and _chunked(environ.get("HTTP_TRANSFER_ENCODING"))
            and environ.get("wsgi.input_terminated")
        ):
            self._spool(environ)
        return self.app(environ, start_response)

    @staticmethod
    def _spool(environ: dict[str, Any]) -> None:
        limit = max_upload_bytes()
        stream = environ["wsgi.input"]
        # Handed on to Django as the body, which closes it with the request.
        spool = tempfile.SpooledTemporaryFile(max_size=int(settings.FILE_UPLOAD_MAX_MEMORY_SIZE))  # noqa: SIM115
        total = 0
        while total <= limit:
            chunk = stream.read(min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            total += len(chunk)
            if total <= limit:
                spool.write(chunk)
        if total > limit:
            spool.close()
            environ["wsgi.input"] = io.BytesIO(b"")  # the middleware refuses on the length; nothing is read
        else:
            spool.seek(0)
            environ["wsgi.input"] = spool
        environ["CONTENT_LENGTH"] = str(total)


Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]


class BodyLimitASGI:
    """Stop passing body chunks to Django once the body is over the limit, or when its declared length is."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        limit = max_upload_bytes()
        scope = dict(scope)
        headers = list(scope.get("headers", []))
        lengths = [declared_length(v.decode("latin-1")) for k, v in headers if k.lower() == b"content-length"]
        declared = lengths[0] if lengths else None
        state: dict[str, Any] = {"total": 0, "over": declared is not None and declared > limit, "ended": False}

        async def limited_receive() -> Message:
            if state["over"]:
                if not state["ended"]:
                    state["ended"] = True
                    return {"type": "http.request", "body": b"", "more_body": False}
                # Refused: the rest of the body is never read. Django only waits here for a disconnect while it
                # answers, and stops waiting once the 413 is sent; the server then closes the connection.
                await asyncio.Event().wait()
            if state["ended"]:
                return await receive()
            message = await receive()
            if message.get("type") != "http.request":
                return message
            state["total"] += len(message.get("body", b""))
            if state["total"] > limit:
                state["over"] = state["ended"] = True
                scope["headers"] = [(k, v) for k, v in headers if k.lower() != b"content-length"] + [
                    (b"content-length", str(state["total"]).encode())
                ]
                return {"type": "http.request", "body": b"", "more_body": False}
            if not message.get("more_body", False):
                state["ended"] = True
            return message

        await self.app(scope, limited_receive, send)
