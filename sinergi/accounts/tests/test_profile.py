"""The profile page (name, email, phone, language) and the password change."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.accounts.services import profile_update
from sinergi.core.models import ChangeAction, ChangeLog


def _logs(user: User) -> list[ChangeLog]:
    qs = ChangeLog.objects.filter(content_type__model="user", object_id=str(user.pk), action=ChangeAction.UPDATE)
    return list(qs.order_by("pk"))


def test_a_user_changes_their_profile_and_the_change_is_logged_without_the_password(kepahiang_officer):
    user = profile_update(
        actor=kepahiang_officer, user=kepahiang_officer, first_name="Rina", phone="0812-3456-7890", language="en"
    )
    assert (user.first_name, user.phone, user.language) == ("Rina", "+6281234567890", "en")
    [log] = _logs(kepahiang_officer)
    assert log.after == {"first_name": "Rina", "phone": "+6281234567890", "language": "en"}
    assert "password" not in str(log.before) + str(log.after)
    profile_update(actor=kepahiang_officer, user=kepahiang_officer, first_name="Rina")
    assert len(_logs(kepahiang_officer)) == 1  # nothing changed, nothing logged


def test_a_bad_phone_is_refused_on_its_field(kepahiang_officer):
    with pytest.raises(ValidationError) as caught:
        profile_update(actor=kepahiang_officer, user=kepahiang_officer, phone="12ab")
    assert "phone" in caught.value.message_dict


def test_nobody_else_changes_a_profile(kepahiang_officer, jember_officer, admin_user):
    with pytest.raises(PermissionDenied):
        profile_update(actor=jember_officer, user=kepahiang_officer, first_name="X")
    assert profile_update(actor=admin_user, user=kepahiang_officer, first_name="Y").first_name == "Y"


def test_the_profile_page_saves_and_switches_the_language(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    page = client.get(reverse("profile"))
    assert page.status_code == 200
    assert reverse("password_change") in page.content.decode()
    bad = client.post(reverse("profile"), {"first_name": "Rina", "phone": "xx", "language": "id"})
    assert bad.status_code == 400
    saved = client.post(reverse("profile"), {"first_name": "Rina", "phone": "", "language": "en"})
    assert saved.status_code == 302
    assert saved.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    kepahiang_officer.refresh_from_db()
    assert (kepahiang_officer.first_name, kepahiang_officer.language) == ("Rina", "en")


def test_signing_in_opens_the_pages_in_the_chosen_language(client, kepahiang_officer):
    kepahiang_officer.set_password("rahasia-yang-panjang-1")
    kepahiang_officer.language = "en"
    kepahiang_officer.save()
    response = client.post(reverse("login"), {"username": "kepahiang", "password": "rahasia-yang-panjang-1"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_password_change_asks_for_the_old_password(client, kepahiang_officer):
    kepahiang_officer.set_password("rahasia-yang-panjang-1")
    kepahiang_officer.save()
    client.force_login(kepahiang_officer)
    assert client.get(reverse("password_change")).status_code == 200
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "salah", "new_password1": "Kopi-Kepahiang-2026", "new_password2": "Kopi-Kepahiang-2026"},
    )
    assert wrong.status_code == 200
    assert "old_password" in wrong.context["form"].errors
    done = client.post(
        reverse("password_change"),
        {
            "old_password": "rahasia-yang-panjang-1",
            "new_password1": "Kopi-Kepahiang-2026",
            "new_password2": "Kopi-Kepahiang-2026",
        },
    )
    assert done.status_code == 302
    kepahiang_officer.refresh_from_db()
    assert kepahiang_officer.check_password("Kopi-Kepahiang-2026")
