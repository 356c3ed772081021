"""Calling a page or an API operation as a role in a scope, and reading the answer as one outcome letter.

Outcomes: ``o`` allowed (any answer that is not a refusal: 2xx, a redirect elsewhere than the sign-in page, a
409 conflict), ``V`` let through but refused as invalid (400, 422), ``L`` sign-in needed (a redirect to the
sign-in page, or 401), ``F`` forbidden (403), ``N`` not found (404), ``M`` method not allowed (405), ``U``
unavailable (503, the health check's answer while a part is down), ``E`` any other server error.
Each call runs in a savepoint that is rolled back, so an allowed write (a delete, a transition) leaves the
world as it was for the next call.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.world import World


class _Rollback(Exception):
    pass


# A body (matrix.BODIES) holding this key is sent as a multipart form, as an upload operation takes it.
MULTIPART = "(multipart)"


def outcome(response: Any) -> str:
    status = response.status_code
    if status >= 500 and status != 503:
        return "E"
    if status == 401:
        return "L"
    if status in (301, 302, 303, 307, 308) and response["Location"].split("?")[0].endswith(
        (reverse("login"), "/admin/login/")
    ):
        return "L"
    return {400: "V", 403: "F", 404: "N", 405: "M", 422: "V", 503: "U"}.get(status, "o")


def call(client: Client, method: str, url: str, *, api: bool, body: dict[str, Any] | None = None) -> str:
    seen = ""
    try:
        with transaction.atomic():
            if api and method != "get" and body is not None and body.get(MULTIPART):
                form = {k: v for k, v in body.items() if k != MULTIPART}
                response = getattr(client, method)(url, form)  # the test client encodes it as multipart
            elif api and method != "get":
                response = getattr(client, method)(url, body or {}, content_type="application/json")
            else:
                response = getattr(client, method)(url)
            seen = outcome(response)
            raise _Rollback
    except _Rollback:
        pass
    return seen


def page_client(world: World, role: str) -> Client:
    client = Client(headers={"Accept-Language": "en"}, raise_request_exception=False)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def api_client(world: World, role: str) -> Client:
    token = world.tokens.get(role)
    headers = {"Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return Client(headers=headers, raise_request_exception=False)
