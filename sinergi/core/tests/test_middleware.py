"""Pages default to Bahasa Indonesia whatever the browser asks; the switch and API clients choose English."""

from __future__ import annotations

from django.test import Client


def test_login_page_is_indonesian_for_an_english_browser(db):
    response = Client().get("/akun/masuk/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "id"


def test_language_cookie_chooses_english(db):
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/akun/masuk/", headers={"accept-language": "id"})
    assert response.headers["Content-Language"] == "en"


def test_api_honours_accept_language(db):
    response = Client().get("/api/v1/regions", headers={"accept-language": "en"})
    assert response.status_code == 401
    assert response.headers["Content-Language"] == "en"
