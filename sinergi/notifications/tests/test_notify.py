"""notify: once per key, email where there is an address, links only to this site; mark_read by the recipient."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.core.models import ChangeLog
from sinergi.notifications import selectors, services
from sinergi.notifications.models import Notification, Reminder
from sinergi.notifications.whatsapp import whatsapp_link

pytestmark = pytest.mark.django_db


def test_a_key_is_sent_once(kepahiang_officer, django_capture_on_commit_callbacks):
    kepahiang_officer.email = "petugas@kepahiang.go.id"
    kepahiang_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(user=kepahiang_officer, text="Program due", url="/asosiasi/1/", key="wp:1:due:-3")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.notify(user=kepahiang_officer, text="Program due", url="/asosiasi/1/", key="wp:1:due:-3")
    assert first is not None
    assert again is None
    assert Notification.objects.filter(recipient=kepahiang_officer).count() == 1
    assert Reminder.objects.get(key="wp:1:due:-3").notification == first
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["petugas@kepahiang.go.id"]
    assert "Program due" in mail.outbox[0].body
    assert "/asosiasi/1/" in mail.outbox[0].body
    assert services.key_used(key="wp:1:due:-3")
    assert ChangeLog.objects.filter(object_id=str(first.pk), action="create").count() == 1


def test_no_address_or_email_off_sends_no_mail(kepahiang_officer, jember_officer, django_capture_on_commit_callbacks):
    jember_officer.email = "a@b.id"
    jember_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify(user=kepahiang_officer, text="x", key="k1") is not None
        assert services.notify(user=jember_officer, text="x", key="k2", email=False) is not None
    assert mail.outbox == []


def test_an_empty_key_is_never_deduplicated(kepahiang_officer):
    services.notify(user=kepahiang_officer, text="one", key="")
    services.notify(user=kepahiang_officer, text="one", key="")
    assert selectors.unread_count(user=kepahiang_officer) == 2
    assert Reminder.objects.count() == 0


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_link_elsewhere_is_refused(kepahiang_officer, url):
    with pytest.raises(ValidationError):
        services.notify(user=kepahiang_officer, text="x", url=url, key="k")
    assert not Reminder.objects.exists()


def test_an_empty_text_is_refused(kepahiang_officer):
    with pytest.raises(ValidationError):
        services.notify(user=kepahiang_officer, text="  ", key="k")


def test_only_the_recipient_marks_read(kepahiang_officer, jember_officer):
    n = services.notify(user=kepahiang_officer, text="x", key="k")
    assert n is not None
    with pytest.raises(PermissionDenied):
        services.mark_read(actor=jember_officer, notification=n)
    services.mark_read(actor=kepahiang_officer, notification=n)
    n.refresh_from_db()
    assert n.read_at is not None
    assert selectors.unread_count(user=kepahiang_officer) == 0
    logged = ChangeLog.objects.filter(object_id=str(n.pk), action="update").count()
    services.mark_read(actor=kepahiang_officer, notification=n)
    assert ChangeLog.objects.filter(object_id=str(n.pk), action="update").count() == logged == 1


@pytest.mark.parametrize(
    ("phone", "number"),
    [("0812-3456-7890", "6281234567890"), ("+62 812 3456 7890", "6281234567890"), ("6281234567890", "6281234567890")],
)
def test_whatsapp_link(phone, number):
    link = whatsapp_link(phone=phone, text="Program 100 hari & laporan?")
    assert link == f"https://wa.me/{number}?text=Program%20100%20hari%20%26%20laporan%3F"


@pytest.mark.parametrize("phone", ["", None, "12", "not a phone"])
def test_whatsapp_link_without_a_usable_phone_is_empty(phone):
    assert whatsapp_link(phone=phone, text="x") == ""


def test_topbar_count_and_open(client, kepahiang_officer):
    n = services.notify(user=kepahiang_officer, text="Look at this", url="/asosiasi/", key="k")
    assert n is not None
    client.force_login(kepahiang_officer)
    page = client.get(reverse("notification_list"))
    html = page.content.decode()
    assert 'data-unread="1"' in html
    assert "Look at this" in html
    response = client.post(reverse("notification_open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/asosiasi/"
    assert 'data-unread="0"' in client.get(reverse("notification_list")).content.decode()


def test_someone_elses_notification_is_404(client, kepahiang_officer, jember_officer):
    n = services.notify(user=kepahiang_officer, text="x", key="k")
    assert n is not None
    client.force_login(jember_officer)
    assert client.post(reverse("notification_open", args=[n.pk])).status_code == 404
    assert client.get(reverse("notification_open", args=[n.pk])).status_code == 405


def test_mark_all_read(client, kepahiang_officer):
    for i in range(3):
        services.notify(user=kepahiang_officer, text=f"n{i}", key=f"k{i}")
    client.force_login(kepahiang_officer)
    assert client.post(reverse("notifications_read_all")).status_code == 302
    assert selectors.unread_count(user=kepahiang_officer) == 0


def test_api_marks_read_own_only(kepahiang_officer, jember_officer):
    from django.test import Client

    from sinergi.accounts.services import api_token_create, system_actor

    n = services.notify(user=kepahiang_officer, text="x", key="k")
    assert n is not None
    _t, other = api_token_create(actor=system_actor(), user=jember_officer, name="t")
    _t, own = api_token_create(actor=system_actor(), user=kepahiang_officer, name="t")
    path = f"/api/v1/notifications/{n.pk}/read"
    assert Client(headers={"Authorization": f"Bearer {other}"}).post(path).status_code == 404
    response = Client(headers={"Authorization": f"Bearer {own}"}).post(path)
    assert response.status_code == 200
    assert response.json()["read_at"]
