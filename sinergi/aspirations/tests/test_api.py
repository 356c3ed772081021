"""The aspirations API beyond the contract: the handling steps, the figures, the similar-ones panel, and the
public endpoints that need no token."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sinergi.accounts.services import api_token_create, system_actor
from sinergi.aspirations.tests.factories import TANJUNGREJO, aspiration, forum

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _token, raw = api_token_create(actor=system_actor(), user=user, name="t")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


def test_the_handling_steps_through_the_api(jember_officer, kepahiang_officer):
    a = aspiration(jember_officer)
    client = _api(jember_officer)
    url = f"/api/v1/aspirations/{a.pk}/actions"
    bad = client.post(url, {"action": "answer", "text": "Belum"}, content_type="application/json")
    assert bad.status_code == 422
    assert "Assign it to an officer first" in str(bad.json()["errors"])
    step = client.post(url, {"action": "assign", "officer": jember_officer.pk}, content_type="application/json")
    assert step.json()["status"] == "assigned"
    step = client.post(url, {"action": "answer", "text": "Dijadwalkan Mei"}, content_type="application/json")
    assert step.json()["status"] == "answered"
    assert client.post(url, {"action": "close"}, content_type="application/json").json()["status"] == "closed"
    outsider = _api(kepahiang_officer).post(url, {"action": "close"}, content_type="application/json")
    assert outsider.status_code == 404
    figures = client.get("/api/v1/aspirations/figures").json()
    assert figures["total"] == 1
    assert figures["answered"] == 1
    assert figures["by_kecamatan"] == [{"label": "Wuluhan", "count": 1}]


def test_merge_through_the_api_by_code(jember_officer):
    first, second = aspiration(jember_officer), aspiration(jember_officer)
    response = _api(jember_officer).post(
        f"/api/v1/aspirations/{second.pk}/actions",
        {"action": "merge", "into": first.code.lower()},
        content_type="application/json",
    )
    assert response.json()["merged_into"] == first.pk


def test_public_endpoints_need_no_token_and_answer_404_for_unknown(jember_officer):
    cache.clear()
    f = forum(jember_officer)
    a = aspiration(jember_officer, confidentiality="terbuka", forum_id=f.pk)
    client = Client()
    body = client.get(f"/api/v1/public/aspirations/{a.code}").json()
    assert body["status"] == "received"
    assert body["name"] == "Pak Slamet"
    assert "phone" not in body
    assert "email" not in body
    assert client.get("/api/v1/public/aspirations/3509-00009-ABCD").status_code == 404
    assert client.get(f"/api/v1/public/aspiration-forums/{f.pk}").json()["total"] == 1
    assert client.get("/api/v1/public/aspiration-forums/999999").status_code == 404
    assert client.get("/api/v1/aspirations").status_code == 401


def test_the_similar_panel_lists_open_ones_while_typing(jember_officer, client):
    a = aspiration(jember_officer, text="Studi banding pemasaran kopi ke Malang")
    client.force_login(jember_officer)
    response = client.get(
        reverse("aspiration_similar"),
        {"text": "studi banding kopi", "desa": TANJUNGREJO, "category": "study_tour", "office": "35.09"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert a.code in response.content.decode()
    nothing = client.get(reverse("aspiration_similar"), {"text": "jalan rusak", "office": "35.09"})
    assert a.code not in nothing.content.decode()


def test_an_office_sets_its_deadlines_per_category(jember_officer, kepahiang_officer):
    client = _api(jember_officer)
    url = "/api/v1/aspiration-deadlines/35.09/capital"
    assert client.get(url).json()["plan_days"] == 5  # SP4N-LAPOR!'s default
    body = {"verify_days": 2, "plan_days": 7, "close_days": 10, "reopen_days": 15}
    assert client.put(url, body, content_type="application/json").json()["plan_days"] == 7
    assert client.get(url).json()["reopen_days"] == 15
    bad = client.put(url, {**body, "plan_days": 1}, content_type="application/json")
    assert bad.status_code == 422
    refused = _api(kepahiang_officer).put(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert _api(kepahiang_officer).get(url).status_code == 404  # another region's office is not read either
    assert client.get("/api/v1/aspiration-deadlines/99.99/capital").status_code == 404
    assert aspiration(jember_officer, category="capital").plan_due > aspiration(jember_officer).plan_due
