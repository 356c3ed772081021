"""Who may call the API: bearer tokens, the site's session (with CSRF for writes), and the token command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from sinergi.accounts.models import ApiToken
from sinergi.accounts.services import api_token_create, system_actor

URL = "/api/v1/businesses"


def _assert_401(response) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401
    assert {"type", "title", "detail"} <= set(body)


def test_no_credentials_is_401(db):
    _assert_401(Client().get(URL))


@pytest.mark.parametrize("header", ["Bearer sng_wrong", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz"])
def test_wrong_token_is_401(kepahiang_officer, header):
    _assert_401(Client(headers={"Authorization": header}).get(URL))


def test_wrong_token_on_a_write_is_401_not_a_csrf_error(kepahiang_officer):
    response = Client(headers={"Authorization": "Bearer sng_wrong"}).post(
        "/api/v1/persons", {"name": "X", "desa": "17.08"}, content_type="application/json"
    )
    _assert_401(response)


def test_revoked_token_is_401(kepahiang_officer):
    token, raw = api_token_create(actor=system_actor(), user=kepahiang_officer, name="t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get(URL).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    _assert_401(client.get(URL))


def test_token_of_deactivated_user_is_401(kepahiang_officer):
    _token, raw = api_token_create(actor=system_actor(), user=kepahiang_officer, name="t")
    kepahiang_officer.is_active = False
    kepahiang_officer.save()
    _assert_401(Client(headers={"Authorization": f"Bearer {raw}"}).get(URL))


def test_session_reads_without_token(kepahiang_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kepahiang_officer)
    assert client.get(URL).status_code == 200


def test_session_write_without_csrf_token_is_rejected(kepahiang_officer, kepahiang_desa):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kepahiang_officer)
    response = client.post("/api/v1/persons", {"name": "Ani", "desa": kepahiang_desa}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["status"] == 403
    assert not kepahiang_officer.api_tokens.exists()


def test_session_write_with_csrf_token_is_accepted(kepahiang_officer, kepahiang_desa):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kepahiang_officer)
    # The site's pages carry the token in the form/DOM; the docs page exposes it the same way.
    docs = client.get("/api/v1/docs")
    token = docs.content.decode().split('data-csrf-token="')[1].split('"')[0]
    response = client.post(
        "/api/v1/persons",
        {"name": "Ani", "desa": kepahiang_desa},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


def test_token_write_needs_no_csrf(kepahiang_officer, kepahiang_desa, client_for):
    client = client_for(kepahiang_officer)
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/persons", {"name": "Ani", "desa": kepahiang_desa}, content_type="application/json")
    assert response.status_code == 201


def test_command_prints_a_working_token(kepahiang_officer):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token_create", "kepahiang", "--name", "benchmark", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("sng_")
    assert "\n" not in raw
    assert kepahiang_officer.api_tokens.get().name == "benchmark"
    assert raw not in err.getvalue()
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get(URL).status_code == 200


def test_command_unknown_user(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token_create", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
