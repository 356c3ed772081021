"""Account pages: sign-in with lockout, sign-out, the language switch and API tokens."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from conftest import PASSWORD
from sinergi.accounts.models import ApiToken
from sinergi.accounts.services import api_token_authenticate, api_token_create
from sinergi.core.models import ChangeLog


def test_login_page_renders_in_indonesian_by_default(regions):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()


def test_login_and_logout(client, kepahiang_officer):
    response = client.post(reverse("login"), {"username": "kepahiang", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_login_redirects_to_next(client, kepahiang_officer):
    response = client.post(
        reverse("login"), {"username": "kepahiang", "password": PASSWORD, "next": reverse("business_list")}
    )
    assert response["Location"] == reverse("business_list")


def test_wrong_password_shows_a_message(client, kepahiang_officer):
    response = client.post(reverse("login"), {"username": "kepahiang", "password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]


def test_five_wrong_passwords_lock_the_account(client, kepahiang_officer):
    responses = [client.post(reverse("login"), {"username": "kepahiang", "password": f"salah-{i}"}) for i in range(5)]
    assert all(r.status_code == 200 for r in responses[:4])
    locked = client.post(reverse("login"), {"username": "kepahiang", "password": PASSWORD})
    assert locked.status_code == 429
    assert 'id="locked"' in locked.content.decode()
    assert "registration/locked.html" in [t.name for t in locked.templates]
    # The right password does not get in while the lock holds.
    assert client.get(reverse("home")).status_code == 302


def test_language_switch_to_english(kepahiang_officer):
    client = Client()  # no language cookie: the page starts in Indonesian
    client.force_login(kepahiang_officer)
    today = timezone.localdate()
    with translation.override("id"):
        weekday_id = dateformat.format(today, "l")
    with translation.override("en"):
        weekday_en = dateformat.format(today, "l")
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="id">' in html
    assert weekday_id in html

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert weekday_en in html
    assert weekday_en != weekday_id


def test_api_token_is_shown_once_and_can_be_revoked(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    assert client.get(reverse("api_tokens")).status_code == 200
    response = client.post(reverse("api_tokens"), {"name": "skrip impor"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("sng_")
    assert raw in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert api_token_authenticate(raw=raw) == kepahiang_officer
    # The list afterwards shows the prefix only.
    listing = client.get(reverse("api_tokens")).content.decode()
    assert "skrip impor" in listing
    assert raw not in listing

    token = ApiToken.objects.get(user=kepahiang_officer)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert api_token_authenticate(raw=raw) is None
    assert ChangeLog.objects.filter(object_id=str(token.pk), action="update").exists()


def test_api_token_name_is_required(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    response = client.post(reverse("api_tokens"), {"name": ""})
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_cannot_revoke_another_users_token(client, kepahiang_officer, jember_officer, method):
    token, _raw = api_token_create(actor=jember_officer, user=jember_officer, name="milik jember")
    client.force_login(kepahiang_officer)
    response = getattr(client, method)(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == (405 if method == "get" else 404)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_csrf_is_enforced_on_posts(kepahiang_officer, kepahiang_viewer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(kepahiang_officer)
    assert strict.post(reverse("api_tokens"), {"name": "tanpa csrf"}).status_code == 403
    assert strict.post(reverse("business_create"), {"name": "tanpa csrf"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_lockout_page_says_how_long_in_words(kepahiang_officer):
    client = Client()  # Indonesian, as an officer sees it
    for i in range(5):
        client.post(reverse("login"), {"username": "kepahiang", "password": f"salah-{i}"})
    html = client.post(reverse("login"), {"username": "kepahiang", "password": PASSWORD}).content.decode()
    assert "Coba lagi dalam 15 menit." in html
    assert "PT15M" not in html
