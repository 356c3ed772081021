"""Per-request settings for pages: the language (Indonesian first) and the time zone of the user's regions."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


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


def zone_label_for(user: object) -> str:
    """WIB, WITA or WIT: the zone of the user's regions when they share one, else WIB (the default)."""
    regions = getattr(user, "regions", None)
    if regions is None:
        return "WIB"
    labels = set(regions.values_list("timezone", flat=True))
    return labels.pop() if len(labels) == 1 else "WIB"


def remember_zone_on_login(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Signal receiver (user_logged_in): look the zone up once, when the session starts."""
    request.session[SESSION_KEY] = zone_label_for(user)


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
        if label not in ZONES:
            label = zone_label_for(user)
            request.session[SESSION_KEY] = label
        request.time_zone_label = label  # type: ignore[attr-defined]
        with timezone.override(zoneinfo.ZoneInfo(ZONES[label])):
            return self.get_response(request)
