"""Who is calling: an API token (`Authorization: Bearer …`) or the signed-in session of the site's own pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sinergi.accounts.models import User
from sinergi.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """A token made by `api_token_create`; only its hash is stored, so it is checked by hashing."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(raw=token.strip())
        if user is not None:
            # Code that reads request.user (logging, language) sees the token's owner, as for a session.
            request.user = user
        return user


class PageSessionAuth(SessionAuth):
    """The session cookie of a signed-in user; unsafe methods also need the CSRF token (ninja checks it).

    Ninja checks CSRF before it looks at the session, so a POST with a wrong token and no session would
    fail as "CSRF" (403) instead of "not signed in" (401). Only a signed-in session reaches that check.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


token_auth = TokenAuth()
session_auth = PageSessionAuth(csrf=True)
API_AUTH = [token_auth, session_auth]


def actor_of(request: HttpRequest) -> User:
    """The authenticated user of a request that passed API_AUTH (ninja stores it as request.auth)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # pragma: no cover - ninja never calls an endpoint unauthenticated
        raise TypeError("endpoint reached without an authenticated user")
    return user
