"""Per-request settings for pages: the language (Indonesian first) and the time zone of the user's regions."""

from __future__ import annotations

import logging
import re
import time
import uuid
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sinergi.core.logs import request_id_var


class IndonesianFirstMiddleware:
    """Hide the browser's Accept-Language from pages, so an office laptop set up in English still shows
    Indonesian; the language cookie (set by the ID/EN switch) still decides. API clients keep content
    negotiation: they ask for English with Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
SESSION_KEY = "sinergi_tz"


# The codes of the user's regions, kept with the zone: example codes in forms come from them (core.forms).
REGIONS_KEY = "sinergi_regions"


def _zone_and_codes(user: object) -> tuple[str, list[str]]:
    """The zone label (see zone_label_for) and the region codes of a user, in one query."""
    regions = getattr(user, "regions", None)
    if regions is None:
        return "WIB", []
    rows = list(regions.values_list("timezone", "code"))
    labels = {zone for zone, _code in rows}
    return (labels.pop() if len(labels) == 1 else "WIB"), sorted(code for _zone, code in rows)


def zone_label_for(user: object) -> str:
    """WIB, WITA or WIT: the zone of the user's regions when they share one, else WIB (the default)."""
    return _zone_and_codes(user)[0]


def remember_zone_on_login(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Signal receiver (user_logged_in): look the zone and the region codes up once, when the session starts."""
    request.session[SESSION_KEY], request.session[REGIONS_KEY] = _zone_and_codes(user)


class RegionTimeZoneMiddleware:
    """Show times in the time zone of the regions a user works in (an officer in Mataram reads WITA).

    The zone is looked up once per session. Stored times stay UTC; the API answers with ISO offsets."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return self.get_response(request)
        label = request.session.get(SESSION_KEY)
        codes = request.session.get(REGIONS_KEY)
        if label not in ZONES or not isinstance(codes, list):
            label, codes = _zone_and_codes(user)
            request.session[SESSION_KEY], request.session[REGIONS_KEY] = label, codes
        request.time_zone_label = label  # type: ignore[attr-defined]
        user._sinergi_region_codes = list(codes)
        with timezone.override(zoneinfo.ZoneInfo(ZONES[label])):
            return self.get_response(request)


# --- Running in production: the client's address behind a proxy, and a request id on every log line -------------

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_log = logging.getLogger("sinergi.request")


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ``PROXY_COUNT`` reverse proxies the address the outermost one
    appended to X-Forwarded-For (entries further left are whatever the client sent, so they are not trusted)."""
    count = int(getattr(settings, "PROXY_COUNT", 0))
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if count <= 0:
        return remote
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
    return hops[-count] if len(hops) >= count else remote


class RequestIdMiddleware:
    """Give each request an id: the proxy's ``X-Request-ID`` when it sent a well-formed one, else a new one. The id
    is on every log line written while answering and in the ``X-Request-ID`` response header; one line per request
    goes to the ``sinergi.request`` logger, with the path but never the query string (it may hold personal data)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = str(request.META.get("HTTP_X_REQUEST_ID", ""))
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "client": client_ip(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


# --- Headers that keep a browser on the safe side ----------------------------------------------------------------


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every answer (``SINERGI_CSP``: scripts, styles, fonts and connections from this
    server only, so an injected ``<script>`` or ``onclick`` does not run), and ``Cache-Control: no-store`` on every
    answer to a signed-in user or an API token, so a shared office computer's browser or a proxy keeps no copy of
    personal data. Answers that declare themselves ``public`` (the API docs' bundled scripts) keep their caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = str(getattr(settings, "SINERGI_CSP", ""))
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or "HTTP_AUTHORIZATION" in request.META) and "public" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response


# --- A method a URL does not take ----------------------------------------------------------------------------


class MethodNotAllowedMiddleware:
    """A 405 from any view answers as the site's other errors do: problem JSON under /api/, the error page in the
    user's language elsewhere, with the ``Allow`` header kept. Django has no handler405, and its 405s
    (``require_POST``, a class view's ``http_method_names``) are empty; ninja answers a path's other methods itself
    with plain text before any exception handler runs, so the answer is replaced here, on its way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405:
            return response
        from sinergi.core.views.errors import PROBLEM_CONTENT_TYPE, method_not_allowed  # the pages load late

        if str(response.get("Content-Type", "")).startswith(PROBLEM_CONTENT_TYPE):
            return response
        return method_not_allowed(request, allowed=str(response.get("Allow", "")))
