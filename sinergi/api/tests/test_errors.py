"""Bad input never gives a 500: every error is problem JSON with field errors where there are fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError

from sinergi.registry import services


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def _problem(response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


@pytest.mark.parametrize("raw", ["{bad json", '{"name": "A",}', "\xff\xfe"])
def test_malformed_json(world, client, raw):
    _problem(client.post("/api/v1/persons", raw, content_type="application/json"), 400)


@pytest.mark.parametrize("raw", ["[]", '"text"', "42", "null"])
def test_json_that_is_not_an_object(world, client, raw):
    body = _problem(client.post("/api/v1/persons", raw, content_type="application/json"), 422)
    assert body["errors"]


def test_empty_body(world, client):
    body = _problem(client.post("/api/v1/persons", "", content_type="application/json"), 422)
    assert "name" in body["errors"] or "__all__" in body["errors"]


def test_wrong_types_are_field_errors(world, client, kepahiang_desa):
    body = _problem(
        client.post(
            "/api/v1/businesses",
            {"name": ["list"], "desa": kepahiang_desa, "workforce": "many", "latitude": "north"},
            content_type="application/json",
        ),
        422,
    )
    assert set(body["errors"]) == {"name", "workforce", "latitude"}


def test_too_long_values_are_refused_before_the_database(world, client, kepahiang_desa):
    body = _problem(
        client.post("/api/v1/persons", {"name": "A" * 151, "desa": kepahiang_desa}, content_type="application/json"),
        422,
    )
    assert list(body["errors"]) == ["name"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/businesses?limit=0",
        "/api/v1/businesses?limit=201",
        "/api/v1/businesses?limit=abc",
        "/api/v1/businesses?has_nib=maybe",
        "/api/v1/businesses?scale=raksasa",
        "/api/v1/businesses?region=abc",
        "/api/v1/businesses?cursor=not-a-cursor",
        "/api/v1/businesses?cursor=WyJhIiwieCJd",  # ["a","x"]: a pk that is no number
        "/api/v1/businesses/99999999999999999999999",
        "/api/v1/businesses/0",
        "/api/v1/businesses/abc",
        "/api/v1/regions?parent=17.8",
    ],
)
def test_bad_query_and_path_values(world, client, url):
    body = _problem(client.get(url), 422)
    assert body["errors"]


def test_messages_follow_accept_language(world, client):
    body = _problem(client.get("/api/v1/businesses?limit=abc", headers={"Accept-Language": "en"}), 422)
    assert body["errors"] == {"limit": ["Enter a whole number."]}


def test_integrity_error_from_a_race_is_409(world, client, kepahiang_desa, monkeypatch):
    def racing(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: registry_person.nik")

    monkeypatch.setattr(services, "person_create", racing)
    _problem(
        client.post("/api/v1/persons", {"name": "A", "desa": kepahiang_desa}, content_type="application/json"), 409
    )


def test_missing_record_is_404(world, client):
    for url in [
        "/api/v1/persons/999999",
        "/api/v1/documents/999999",
        "/api/v1/associations/999999",
        "/api/v1/regions/99",
    ]:
        _problem(client.get(url), 404)


def test_unknown_fields_are_refused(world, client):
    body = _problem(
        client.patch(f"/api/v1/businesses/{world.business.pk}", {"nama": "X"}, content_type="application/json"), 422
    )
    assert list(body["errors"]) == ["nama"]
