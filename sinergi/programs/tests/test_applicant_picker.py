"""Adding an applicant: found by name (misspelt too), NIK or NIB through the picker, posted, never in a URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sinergi.programs.models import Application
from sinergi.programs.tests.factories import program
from sinergi.registry import services as registry
from sinergi.registry.tests.conftest import login

pytestmark = pytest.mark.django_db

NIK = "1708014107900001"
NIB = "1234567890123"


@pytest.fixture
def shops(kepahiang_officer, kepahiang_desa, jember_officer, jember_desa, clusters):
    owner = registry.person_create(
        actor=kepahiang_officer, data={"name": "Siti Aminah", "desa_id": kepahiang_desa, "nik": NIK}
    )
    azalea = registry.business_create(
        actor=kepahiang_officer, data={"name": "Kue Azalea", "desa_id": kepahiang_desa, "owner_id": owner.pk}
    )
    kopi = registry.business_create(actor=kepahiang_officer, data={"name": "Kopi Kaba", "desa_id": kepahiang_desa})
    registry.legal_document_create(actor=kepahiang_officer, business=kopi, data={"kind": "nib", "number": NIB})
    registry.business_create(actor=kepahiang_officer, data={"name": "Kopi Kaba Dua", "desa_id": kepahiang_desa})
    registry.business_create(actor=jember_officer, data={"name": "Kue Azalea Jember", "desa_id": jember_desa})
    return {"azalea": azalea, "kopi": kopi}


def _choices(client, p, text):
    response = client.post(reverse("program_applicant_search", args=[p.pk]), {"applicant": text})
    assert response.status_code == 200
    return response.content.decode()


def test_the_picker_finds_by_name_nik_and_nib_within_the_users_regions(client, kepahiang_officer, shops):
    p = program(kepahiang_officer, status="open")
    login(client, kepahiang_officer)
    by_name = _choices(client, p, "azalia")  # misspelt
    assert f'value="{shops["azalea"].pk}"' in by_name
    assert "Kue Azalea · Siti Aminah" in by_name
    assert "Jember" not in by_name  # another region's business
    assert NIK not in by_name  # the picker never shows a NIK
    assert f'value="{shops["azalea"].pk}"' in _choices(client, p, NIK)
    by_nib = _choices(client, p, NIB)
    assert f'value="{shops["kopi"].pk}"' in by_nib
    assert by_nib.count('name="pick"') == 1
    assert "Nothing you may see matches" in _choices(client, p, "zzzz")
    # A NIK is posted, never sent in a URL: a search by GET is not offered.
    assert client.get(reverse("program_applicant_search", args=[p.pk])).status_code == 405


def test_the_application_is_added_for_the_record_picked_or_the_one_the_text_names(client, kepahiang_officer, shops):
    p = program(kepahiang_officer, status="open")
    login(client, kepahiang_officer)
    url = reverse("program_application_add", args=[p.pk])
    several = client.post(url, {"applicant": "kopi kaba"})
    assert several.status_code == 400
    assert "Several records match" in several.content.decode()
    assert client.post(url, {"applicant": "kopi kaba", "pick": shops["kopi"].pk}).status_code == 302
    assert client.post(url, {"applicant": "Kue Azalia"}).status_code == 302  # the one it names
    assert set(Application.objects.values_list("business_id", flat=True)) == {shops["kopi"].pk, shops["azalea"].pk}


def test_the_picker_refuses_a_reader(client, kepahiang_viewer, kepahiang_officer, shops):
    p = program(kepahiang_officer, status="open")
    login(client, kepahiang_viewer)
    response = client.post(reverse("program_applicant_search", args=[p.pk]), {"applicant": "azalea"})
    assert response.status_code == 403
