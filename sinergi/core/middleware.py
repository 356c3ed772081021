"""Pages speak Bahasa Indonesia unless the user picks English with the switch."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
