"""Issue 14: the business page's owner tab, its other data and its change log showed full NIKs, phones and birth
dates to anyone who may see the business. Only editors of the owner's region see them in full (the business's
region for the data an import kept); and a NIK is searched for from the business list without a URL holding it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import village
from sinergi.accounts.services import system_actor
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction
from sinergi.registry import services
from sinergi.registry.models import Person
from sinergi.registry.tests.conftest import login

pytestmark = pytest.mark.django_db
NIK = "1708015505900001"  # 17.08.01, a woman born 15-05-1990
JEMBER_NIK = "3509010202850003"
PHONE = "+6281234567890"


def _owned(desa: str, nik: str, *, business_desa: str | None = None):
    owner = Person.objects.create(
        name="Sari Wulandari", nik=nik, desa_id=desa, phone=PHONE, birth_date=dt.date(1990, 5, 15), sex="P"
    )
    return services.business_create(
        actor=system_actor(),
        data={"name": "Keripik Sari", "desa_id": business_desa or desa, "owner_id": owner.pk},
    )


def _tab(client, business, tab: str) -> str:
    response = client.get(reverse("business_detail", args=[business.pk]), {"tab": tab})
    assert response.status_code == 200
    return response.content.decode()


def test_a_read_only_viewer_sees_the_owner_masked(client, kepahiang_viewer):
    business = _owned(village("17.08"), NIK)
    html = _tab(login(client, kepahiang_viewer), business, "owner")
    assert NIK not in html
    assert "1708••••••••0001" in html
    assert PHONE not in html
    assert "+6281••••••890" in html
    assert "15 May 1990" not in html
    assert "1990" in html
    assert "shown in full only" in html


def test_an_editor_of_the_region_sees_the_owner_in_full(client, kepahiang_officer):
    business = _owned(village("17.08"), NIK)
    html = _tab(login(client, kepahiang_officer), business, "owner")
    assert NIK in html
    assert PHONE in html
    assert "15 May 1990" in html


def test_an_editor_of_another_region_sees_an_owner_registered_there_masked(client, kepahiang_officer):
    """The business is in Kepahiang, its owner registered in Jember: the Kepahiang officer edits the business but
    not the person."""
    business = _owned(village("35.09"), JEMBER_NIK, business_desa=village("17.08"))
    html = _tab(login(client, kepahiang_officer), business, "owner")
    assert JEMBER_NIK not in html
    assert "3509••••••••0003" in html
    assert PHONE not in html


def test_the_other_data_and_the_change_log_mask_niks_and_phones(client, kepahiang_viewer, kepahiang_officer):
    extra = {"No. KTP": "1708-0155-0590-0001", "No. WA": "0812 3456 7890", "Merek": "Sari Rasa"}
    business = _owned(village("17.08"), NIK)
    for kept in (extra, {**extra, "No. WA": "0813 1111 2222"}):  # as two imports keep a file's other columns
        before = snapshot(business)
        business.extra = kept
        business.save(update_fields=["extra"])
        record_change(
            actor=system_actor(), instance=business, action=ChangeAction.UPDATE, before=before, after=snapshot(business)
        )
    login(client, kepahiang_viewer)
    for tab in ("data", "history"):
        html = _tab(client, business, tab)
        assert "1708-0155-0590-0001" not in html, tab
        assert "1708••••••••0001" in html, tab
        assert "0812 3456 7890" not in html, tab
        assert "0813 1111 2222" not in html, tab
        assert "Sari Rasa" in html, tab
    login(client, kepahiang_officer)
    assert "0813 1111 2222" in _tab(client, business, "history")


def test_the_business_list_searches_by_nik_in_a_post_body(client, kepahiang_officer):
    business = _owned(village("17.08"), NIK)
    login(client, kepahiang_officer)
    page = client.get(reverse("business_list")).content.decode()
    assert f'action="{reverse("person_nik_search")}"' in page
    assert 'method="post"' in page
    found = client.post(reverse("person_nik_search"), {"nik": NIK}, follow=True)
    assert found.status_code == 200
    assert NIK not in found.redirect_chain[-1][0] if found.redirect_chain else True
    assert "Sari Wulandari" in found.content.decode()
    assert business.owner is not None
