"""A method a URL does not take (405) answers as every other error does: problem JSON under /api/ (ninja's own
405 for an operation's path, and Django's for the CKAN action API beside it), the Indonesian error page for a
page; the ``Allow`` header says what the URL does take."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

PROBLEM = "application/problem+json"


def _problem(response, allowed: set[str]) -> dict[str, Any]:
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert {m.strip() for m in response["Allow"].split(",")} == allowed
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == 405
    assert body["title"]
    assert body["detail"]
    return body


def test_ninja_405_is_problem_json(db):
    """The regions list takes GET only: ninja answers a DELETE itself, before authentication."""
    body = _problem(Client(headers={"Accept-Language": "en"}).delete("/api/v1/regions"), {"GET"})
    assert body["title"] == "Method not allowed"
    assert "DELETE" in body["detail"]
    assert "GET" in body["detail"]


def test_ninja_405_on_a_path_of_several_operations(db):
    """/persons takes GET and POST: the Allow header and the detail name both."""
    body = _problem(Client(headers={"Accept-Language": "en"}).put("/api/v1/persons"), {"GET", "POST"})
    assert "GET, POST" in body["detail"]


def test_django_405_under_api_is_problem_json(db):
    """The CKAN action API is a Django view (require_http_methods) under /api/ too."""
    _problem(Client().put("/api/3/action/package_search"), {"GET", "POST"})


def test_api_405_speaks_indonesian_when_asked(db):
    body = _problem(Client(headers={"Accept-Language": "id"}).delete("/api/v1/regions"), {"GET"})
    assert body["title"] == "Metode tidak diizinkan"


def test_page_405_is_the_indonesian_error_page(db):
    """Signing out takes POST only: a GET (a bookmarked link) gets the site's page, in Indonesian, with the way
    back, not Django's empty answer."""
    response = Client().get(reverse("logout"))
    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")
    assert {m.strip() for m in response["Allow"].split(",")} == {"POST", "OPTIONS"}
    assert next(t.name for t in response.templates) == "405.html"
    text = response.content.decode()
    assert "Tidak dapat dibuka dengan cara ini" in text
    assert "gunakan tombolnya" in text
    assert reverse("home") in text


@pytest.mark.parametrize("method", ["post", "put"])
def test_page_405_for_a_form_sent_to_a_page_that_only_shows(db, method, admin_user):
    """A detail page takes GET only: a form sent to it reads that the page only shows information."""
    client = Client()
    client.force_login(admin_user)
    response = getattr(client, method)(reverse("notification_list"))
    assert response.status_code == 405
    assert next(t.name for t in response.templates) == "405.html"
    assert "hanya menampilkan informasi" in response.content.decode()
