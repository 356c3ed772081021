"""Every API error answers problem JSON, a server error too: no HTML 500 or 404 page under /api/."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from sinergi.programs import selectors
from sinergi.programs.tests.factories import program


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def test_programs_filtered_by_region(client, kepahiang_officer):
    """The region filter once named a lookup a foreign key does not have (a FieldError, so an HTML 500)."""
    kopi = program(kepahiang_officer, name="Pelatihan Kopi")
    for region, expected in [("35.09", []), ("17.08", [kopi.pk]), ("17", [kopi.pk])]:
        response = client.get("/api/v1/programs", {"region": region})
        assert response.status_code == 200, (region, response.content)
        assert [p["id"] for p in response.json()["items"]] == expected, region


@pytest.mark.parametrize("cursor", ["ü!!", "éé", "%%%", "not-a-cursor", "MTIzYWJj", "WyJhIiwieCJd", "A" * 399])
def test_a_garbage_eligibility_cursor_is_a_field_error(client, kepahiang_officer, cursor):
    draft = program(kepahiang_officer)
    body = _problem(client.get(f"/api/v1/programs/{draft.pk}/eligibility", {"cursor": cursor}), 422)
    assert list(body["errors"]) == ["cursor"]


def test_eligibility_pages_with_its_own_cursor(client, kepahiang_officer, kepahiang_desa):
    from sinergi.programs.tests.factories import business

    draft = program(kepahiang_officer)
    made = sorted(business(kepahiang_desa).pk for _ in range(3))
    first = client.get(f"/api/v1/programs/{draft.pk}/eligibility", {"limit": 2}).json()
    assert [c["id"] for c in first["items"]] == made[:2]
    rest = client.get(f"/api/v1/programs/{draft.pk}/eligibility", {"limit": 2, "cursor": first["next"]}).json()
    assert [c["id"] for c in rest["items"]] == made[2:]
    assert rest["next"] is None


def test_an_uncaught_exception_is_a_logged_problem_500(client, kepahiang_officer, monkeypatch, caplog):
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("the secret internals of a bug")

    monkeypatch.setattr(selectors, "program_list", broken)
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/programs", headers={"X-Request-ID": "req-12345678"})
    body = _problem(response, 500)
    assert "secret internals" not in response.content.decode()
    assert "req-12345678" in body["detail"]
    assert response["X-Request-ID"] == "req-12345678"
    logged = [r for r in caplog.records if r.exc_info and "secret internals" in str(r.exc_info[1])]
    assert logged, "the exception and its traceback are in the log"
    assert getattr(logged[0], "request_id", None) == "req-12345678"


def test_an_unknown_api_path_is_a_problem_404(client):
    _problem(client.get("/api/v1/no-such-thing"), 404)


def test_pages_keep_their_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_json_over_the_field_limit_is_a_problem_413(client, settings, kepahiang_desa):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"name": "' + "A" * 5000 + '", "desa": "' + kepahiang_desa + '"}'
    _problem(client.post("/api/v1/persons", body, content_type="application/json"), 413)


def test_a_page_server_error_is_an_indonesian_page(rf):
    from django.utils.translation import override

    from sinergi.api.errors import server_error

    with override("id"):
        response = server_error(rf.get("/usaha/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()
    api = server_error(rf.get("/api/v1/persons"))
    assert api["Content-Type"] == "application/problem+json"
