"""Who was shown whose personal data in full: one row per person and page, readable by an office's administrator."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.privacy.models import AccessRecord
from sinergi.privacy.services import record_access


@pytest.mark.django_db
def test_an_editors_page_view_writes_one_row(kep, kepahiang_officer, page_client):
    response = page_client(kepahiang_officer).get(reverse("person_detail", args=[kep.person.pk]))
    assert response.status_code == 200
    rows = list(AccessRecord.objects.all())
    assert len(rows) == 1
    row = rows[0]
    assert (row.actor_id, row.person_id, row.region_code, row.purpose) == (
        kepahiang_officer.pk,
        kep.person.pk,
        kep.person.desa_id,
        "view",
    )
    assert row.field_list == ["nik", "phone", "address", "birth_date"]
    assert row.path == reverse("person_detail", args=[kep.person.pk])


@pytest.mark.django_db
def test_a_masked_view_writes_nothing(kep, kepahiang_viewer, api_client, page_client):
    page_client(kepahiang_viewer).get(reverse("person_detail", args=[kep.person.pk]))
    api_client(kepahiang_viewer).get("/api/v1/persons")
    assert not AccessRecord.objects.exists()


@pytest.mark.django_db
def test_an_api_list_writes_one_insert_for_the_page(kep, kepahiang_officer, api_client):
    client = api_client(kepahiang_officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/persons?limit=50").status_code == 200
    inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("INSERT") and "privacy_accessrecord" in q["sql"]
    ]
    assert len(inserts) == 1
    assert set(AccessRecord.objects.values_list("person_id", flat=True)) == {kep.person.pk, kep.other.pk}
    assert set(AccessRecord.objects.values_list("purpose", flat=True)) == {"api"}


@pytest.mark.django_db
def test_request_id_is_kept(kep, kepahiang_officer, rf):
    request = rf.get("/orang/1/", HTTP_X_REQUEST_ID="abc-123")
    record_access(
        actor=kepahiang_officer, shown=[(kep.person.pk, kep.person.desa_id, ("nik",))], purpose="view", request=request
    )
    assert AccessRecord.objects.get().request_id == "abc-123"


@pytest.mark.django_db
def test_who_reads_the_log(kep, admin_user, kepahiang_officer, jember_officer, kepahiang_viewer, page_client):
    record_access(actor=kepahiang_officer, shown=[(kep.person.pk, kep.person.desa_id, ("nik",))], purpose="view")
    record_access(actor=jember_officer, shown=[(kep.jember.pk, kep.jember.desa_id, ("nik",))], purpose="view")
    url = reverse("privacy_access_log")

    admin_html = page_client(admin_user).get(url).content.decode()
    assert f"#{kep.person.pk}<" in admin_html
    assert f"#{kep.jember.pk}<" in admin_html
    kepahiang_html = page_client(kepahiang_officer).get(url).content.decode()
    assert f"#{kep.person.pk}<" in kepahiang_html
    assert f"#{kep.jember.pk}<" not in kepahiang_html
    assert page_client(kepahiang_viewer).get(url).status_code == 403


@pytest.mark.django_db
def test_log_filters_and_pages(kep, admin_user, kepahiang_officer, jember_officer, page_client, settings):
    settings.SINERGI_PAGE_SIZE = 2
    for _ in range(3):
        record_access(actor=kepahiang_officer, shown=[(kep.person.pk, kep.person.desa_id, ("nik",))], purpose="view")
    record_access(actor=jember_officer, shown=[(kep.jember.pk, kep.jember.desa_id, ("phone",))], purpose="export")
    client = page_client(admin_user)
    url = reverse("privacy_access_log")
    first = client.get(url, {"actor": "kepahiang"})
    assert first.context["page"].paginator.count == 3
    assert "page=2" in first.content.decode()
    assert len(client.get(url, {"actor": "kepahiang", "page": 2}).context["page"].object_list) == 1
    assert [r.person_id for r in client.get(url, {"purpose": "export"}).context["page"].object_list] == [kep.jember.pk]
    assert client.get(url, {"person": kep.jember.pk}).context["page"].paginator.count == 1
    assert client.get(url, {"date_to": "2000-01-01"}).context["page"].paginator.count == 0


@pytest.mark.django_db
def test_api_access_log(kep, api_client, admin_user, kepahiang_viewer, kepahiang_officer):
    record_access(
        actor=kepahiang_officer, shown=[(kep.person.pk, kep.person.desa_id, ("nik", "phone"))], purpose="view"
    )
    body = api_client(admin_user).get("/api/v1/privacy/access").json()
    assert [(r["person_id"], r["fields"], r["actor"]) for r in body["items"]] == [
        (kep.person.pk, ["nik", "phone"], "kepahiang")
    ]
    assert api_client(kepahiang_viewer).get("/api/v1/privacy/access").status_code == 403
