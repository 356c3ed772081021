"""Self-service on the program page: a business owner applies for an open program for one of their own
businesses with the needs survey; nobody applies for another's business; staff, closed programs and
repeated applications are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import user_create
from sinergi.programs.models import Application
from sinergi.programs.tests.factories import business, person, program
from sinergi.registry.tests.conftest import login


@pytest.fixture
def owner_setup(kepahiang_officer, regions):
    p = program(kepahiang_officer, name="Diklat Kemasan", topics=["Kemasan", "Pemasaran digital"], status="open")
    desa = village("17.08")
    siti = person(desa, nik="1708015505900002", name="Siti")
    mine = business(desa, owner=siti, name="Keripik Siti")
    other = business(desa, name="Usaha Orang Lain")
    account = user_create(actor=None, username="siti", password="x-long-pass-123", role=Role.OWNER, person_id=siti.pk)
    return p, account, mine, other


def test_owner_applies_with_needs(client, owner_setup):
    p, account, mine, other = owner_setup
    login(client, account)
    page = client.get(reverse("program_detail", args=[p.pk])).content.decode()
    assert "self-apply-form" in page
    assert "Keripik Siti" in page
    assert "Usaha Orang Lain" not in page
    url = reverse("program_self_apply", args=[p.pk])
    response = client.post(url, {"business": str(mine.pk), "needs": [p.topics[0]], "other_needs": "ekspor, foto"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    application = Application.objects.get(program=p)
    assert (application.business_id, application.source) == (mine.pk, "self_service")
    assert [n.lower() for n in application.needs] == [p.topics[0].lower(), "ekspor", "foto"]
    page = client.get(reverse("program_detail", args=[p.pk])).content.decode()
    assert "Your applications" in page
    again = client.post(url, {"business": str(mine.pk)})
    assert again.status_code == 400
    assert "already applied" in again.content.decode()
    assert client.post(url, {"business": str(other.pk)}).status_code == 400
    assert Application.objects.filter(program=p).count() == 1


def test_refused_for_staff_and_closed_programs(client, owner_setup, kepahiang_officer):
    p, account, mine, _other = owner_setup
    url = reverse("program_self_apply", args=[p.pk])
    assert login(client, kepahiang_officer).post(url, {"business": str(mine.pk)}).status_code == 403
    draft = program(kepahiang_officer, name="Masih Draf")
    owner = login(Client(), account)
    draft_url = reverse("program_self_apply", args=[draft.pk])
    assert owner.post(draft_url, {"business": str(mine.pk)}).status_code in (403, 404)
    assert not Application.objects.exists()
