"""A person's data on request: everything held as one file, correction requests tracked, erasure with the office's
retention exceptions (issue 14, UU 27/2022)."""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.core.models import ChangeLog
from sinergi.privacy import services
from sinergi.privacy.models import AccessRecord, CorrectionRequest, Erasure
from sinergi.privacy.selectors import person_relations
from sinergi.programs.models import Enrollment
from sinergi.registry.models import BoardMember, Business, Person

from .conftest import NIK


def test_relations_found_through_the_app_registry():
    labels = {r.label for r in person_relations()}
    assert {"registry.business", "registry.boardmember", "programs.enrollment", "programs.application"} <= labels
    assert {"cooperatives.cooperativeofficer", "cooperatives.cooperativemember", "accounts.user"} <= labels
    assert "privacy.correctionrequest" not in labels


@pytest.mark.django_db
def test_export_holds_everything_and_is_logged(kep, kepahiang_officer, page_client):
    services.correction_create(actor=kepahiang_officer, person=kep.person, details="Alamat salah")
    response = page_client(kepahiang_officer).get(reverse("privacy_person_export", args=[kep.person.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"]["nik"] == NIK
    assert data["person"]["name"] == "Siti Rahmawati"
    assert [b["name"] for b in data["related"]["registry.business"]] == ["Kopi Bubuk Kaba"]
    assert [s["role"] for s in data["related"]["registry.boardmember"]] == ["Ketua"]
    assert [e["id"] for e in data["related"]["programs.enrollment"]] == [kep.enrollment.pk]
    assert len(data["related"]["registry.associationmembership"]) == 1
    assert [c["details"] for c in data["correction_requests"]] == ["Alamat salah"]
    assert {c["record"] for c in data["change_log"]} >= {"person", "business", "boardmember", "correctionrequest"}
    assert AccessRecord.objects.filter(person_id=kep.person.pk, purpose="export").count() == 1
    again = json.loads(
        page_client(kepahiang_officer).get(reverse("privacy_person_export", args=[kep.person.pk])).content
    )
    assert [a["purpose"] for a in again["access_log"]] == ["export"]  # the first export; this one is logged after


@pytest.mark.django_db
def test_export_is_for_the_regions_editors(kep, kepahiang_viewer, jember_officer, page_client, api_client):
    assert page_client(kepahiang_viewer).get(reverse("privacy_person_export", args=[kep.person.pk])).status_code == 403
    assert api_client(jember_officer).get(f"/api/v1/persons/{kep.person.pk}/personal-data").status_code == 404


@pytest.mark.django_db
def test_correction_lifecycle(kep, kepahiang_officer, kepahiang_viewer):
    c = services.correction_create(
        actor=kepahiang_officer, person=kep.person, details="Nomor HP berubah", channel="surat"
    )
    assert c.status == "received"
    c = services.correction_advance(actor=kepahiang_officer, correction=c, status="in_progress")
    c = services.correction_advance(actor=kepahiang_officer, correction=c, status="done", outcome="HP diperbarui")
    assert (c.status, c.outcome) == ("done", "HP diperbarui")
    assert c.closed_at is not None
    with pytest.raises(ValidationError):  # done is final
        services.correction_advance(actor=kepahiang_officer, correction=c, status="refused", outcome="x")
    ctype = ContentType.objects.get_for_model(CorrectionRequest)
    assert ChangeLog.objects.filter(content_type=ctype, object_id=str(c.pk)).count() == 3
    with pytest.raises(PermissionDenied):
        services.correction_create(actor=kepahiang_viewer, person=kep.person, details="x")


@pytest.mark.django_db
def test_refusal_needs_a_reason(kep, kepahiang_officer, page_client):
    c = services.correction_create(actor=kepahiang_officer, person=kep.person, details="Nama")
    client = page_client(kepahiang_officer)
    url = reverse("privacy_correction_status", args=[c.pk])
    response = client.post(url, {"status": "refused", "outcome": ""})
    assert response.status_code == 400
    assert "Give the reason for refusing" in response.content.decode()
    assert client.post(url, {"status": "refused", "outcome": "Data sudah sesuai KTP"}).status_code == 302
    c.refresh_from_db()
    assert (c.status, c.outcome) == ("refused", "Data sudah sesuai KTP")


@pytest.mark.django_db
def test_correction_through_pages_and_api(kep, kepahiang_officer, page_client, api_client):
    response = page_client(kepahiang_officer).post(
        reverse("privacy_correction_add", args=[kep.person.pk]), {"details": "Tanggal lahir", "channel": "datang"}
    )
    assert response.status_code == 302
    client = api_client(kepahiang_officer)
    made = client.post(
        f"/api/v1/persons/{kep.person.pk}/corrections", {"details": "Alamat"}, content_type="application/json"
    )
    assert made.status_code == 201
    moved = client.post(
        f"/api/v1/corrections/{made.json()['id']}/status", {"status": "in_progress"}, content_type="application/json"
    )
    assert moved.json()["status"] == "in_progress"
    listed = client.get(f"/api/v1/persons/{kep.person.pk}/corrections").json()
    assert sorted(c["details"] for c in listed) == ["Alamat", "Tanggal lahir"]


@pytest.mark.django_db
def test_erasure_keeps_aid_and_clears_the_person(kep, kepahiang_officer, page_client):
    services.correction_create(actor=kepahiang_officer, person=kep.person, details="Hapus data saya")
    response = page_client(kepahiang_officer).post(
        reverse("privacy_person_erase", args=[kep.person.pk]), {"reason": "Surat 12/2026", "confirm": "on"}
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=kep.person.pk)
    assert person.name == f"(dihapus) #{person.pk}"
    assert (person.nik, person.phone, person.address, person.birth_date) == (None, "", "", None)
    assert person.sex == "P"
    assert person.desa_id == kep.person.desa_id
    # Aid received is kept for audit, now pointing at the pseudonym; the board seat is gone; the business stays.
    assert Enrollment.objects.get(pk=kep.enrollment.pk).person_id == person.pk
    assert not BoardMember.objects.filter(person_id=person.pk).exists()
    business = Business.objects.get(pk=kep.business.pk)
    assert business.owner_id == person.pk
    assert "siti" not in business.search_text.lower()
    # What was erased is logged without the data.
    erasure = Erasure.objects.get(person_id=person.pk)
    assert erasure.kept == {"programs.enrollment": 1, "registry.business": 1, "privacy.correctionrequest": 1}
    assert erasure.removed == {"registry.boardmember": 1}
    assert set(erasure.cleared) == {"name", "nik", "birth_date", "phone", "address"}
    everything = json.dumps(
        [list(ChangeLog.objects.values("before", "after", "object_repr")), list(Erasure.objects.values())], default=str
    )
    assert NIK not in everything
    assert "Rahmawati" not in everything
    assert "81234567890" not in everything
    assert CorrectionRequest.objects.get(person=person).details == "(dihapus)"
    with pytest.raises(ValidationError):
        services.person_erase(actor=kepahiang_officer, person=person, reason="lagi")


@pytest.mark.django_db
def test_office_retention_exceptions_decide(kep, kepahiang_officer, kepahiang_viewer, page_client):
    client = page_client(kepahiang_officer)
    response = client.post(reverse("privacy_retention"), {"region": "17.08", "kept": ["registry.boardmember"]})
    assert response.status_code == 302
    assert page_client(kepahiang_viewer).get(reverse("privacy_retention")).status_code == 403
    erasure = services.person_erase(actor=kepahiang_officer, person=kep.person, reason="Surat 13/2026")
    assert BoardMember.objects.filter(person_id=kep.person.pk).count() == 1
    # Aid is not kept by this office: the enrollment stays as a count, without the person.
    assert Enrollment.objects.get(pk=kep.enrollment.pk).person_id is None
    assert erasure.removed == {"programs.enrollment": 1}


@pytest.mark.django_db
def test_retention_only_for_own_office(kep, kepahiang_officer, page_client):
    response = page_client(kepahiang_officer).post(reverse("privacy_retention"), {"region": "35.09", "kept": []})
    assert response.status_code == 400


@pytest.mark.django_db
def test_erasure_through_the_api(kep, kepahiang_officer, kepahiang_viewer, api_client):
    url = f"/api/v1/persons/{kep.person.pk}/erasure"
    assert api_client(kepahiang_viewer).post(url, {"reason": "x"}, content_type="application/json").status_code == 403
    response = api_client(kepahiang_officer).post(url, {"reason": "Surat 14/2026"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["removed"] == {"registry.boardmember": 1}
