"""/api/v1/reports and /api/v1/opendata/datasets: list, detail and create, scoped to the caller's regions."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.accounts.services import api_token_create, system_actor
from sinergi.opendata.models import Dataset
from sinergi.reports.models import PeriodicReport

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _token, raw = api_token_create(actor=system_actor(), user=user, name="uji")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


def test_reports_are_listed_shown_and_asked_for_in_the_callers_regions(kepahiang_officer, jember_officer):
    api = _api(kepahiang_officer)
    made = api.post(
        "/api/v1/reports", {"office": "17.08", "period_kind": "year", "year": 2025}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["office_name"], body["period"]) == ("Kabupaten Kepahiang", PeriodicReport.objects.get().period_label)
    refused = api.post(
        "/api/v1/reports", {"office": "35.09", "period_kind": "year", "year": 2025}, content_type="application/json"
    )
    assert refused.status_code == 403
    future = api.post(
        "/api/v1/reports", {"office": "17.08", "period_kind": "year", "year": 2099}, content_type="application/json"
    )
    assert future.status_code == 422
    assert "year" in future.json()["errors"]
    jember = PeriodicReport.objects.create(office_id="35.09", period_kind="year", year=2025, status="ready")
    assert [r["id"] for r in api.get("/api/v1/reports").json()["items"]] == [body["id"]]
    assert api.get(f"/api/v1/reports/{body['id']}").status_code == 200
    assert api.get(f"/api/v1/reports/{jember.pk}").status_code == 404
    shown = _api(jember_officer).get(f"/api/v1/reports/{jember.pk}").json()
    assert shown["pdf_url"] == f"/laporan/{jember.pk}/unduh.pdf"


def test_a_producer_makes_a_dataset_and_sees_only_its_regions(kepahiang_officer, jember_officer, kepahiang_viewer):
    data = {
        "producer_office": "17.08",
        "slug": "umkm-kepahiang",
        "title": "UMKM Kepahiang",
        "producer_unit": "Bidang UMKM",
        "source": "indikator:umkm-jumlah",
        "measure": "numerator",
        "year": 2025,
        "definition": "UMKM terdata",
        "formula": "Jumlah",
        "unit": "UMKM",
        "tags": "umkm, kepahiang",
    }
    api = _api(kepahiang_officer)
    made = api.post("/api/v1/opendata/datasets", data, content_type="application/json")
    assert made.status_code == 201, made.content
    assert (made.json()["status"], made.json()["tags"]) == ("draft", ["umkm", "kepahiang"])
    again = api.post("/api/v1/opendata/datasets", data, content_type="application/json")
    assert again.status_code == 422  # the short name is taken
    wrong = api.post(
        "/api/v1/opendata/datasets", {**data, "slug": "x", "measure": "nope"}, content_type="application/json"
    )
    assert "measure" in wrong.json()["errors"]
    viewer = _api(kepahiang_viewer).post(
        "/api/v1/opendata/datasets", {**data, "slug": "y"}, content_type="application/json"
    )
    assert viewer.status_code == 403
    pk = made.json()["id"]
    assert _api(jember_officer).get(f"/api/v1/opendata/datasets/{pk}").status_code == 404
    assert _api(jember_officer).get("/api/v1/opendata/datasets").json()["items"] == []
    assert api.get(f"/api/v1/opendata/datasets/{pk}").json()["source"] == "indikator:umkm-jumlah"
    assert Dataset.objects.count() == 1
