"""Sign-in under a flood (accounts.throttle): attempts over the limits and a full hashing pool answer 429."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.accounts.throttle import HashingBusy, login_throttled


def _too_many(request: HttpRequest, message: str) -> HttpResponse:
    response = render(request, "registration/busy.html", {"message": message}, status=429)
    response["Retry-After"] = str(int(settings.SINERGI_LOGIN_THROTTLE_SECONDS))
    return response


class LoginGuardMiddleware:
    """Before django-axes and the password hasher: a sign-in POST over the throttle's limits is answered 429; a
    request that finds every hashing slot taken (a sign-in, a password change) is answered 429 too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._paths: frozenset[str] | None = None

    def login_paths(self) -> frozenset[str]:
        if self._paths is None:
            self._paths = frozenset({reverse("login"), reverse("admin:login")})
        return self._paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.path in self.login_paths()
            and login_throttled(request, username=request.POST.get("username", ""))
        ):
            return _too_many(
                request, _("Too many sign-in attempts from here or for this username. Wait a minute and try again.")
            )
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, HashingBusy):
            return _too_many(request, _("The server is busy checking other sign-ins. Wait a moment and try again."))
        return None
