"""The API: scoped like the pages, matches with every component in words, status steps in order, bad input as
problem JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sinergi.accounts.services import api_token_create, system_actor
from sinergi.core.testing import ApiCreateContract
from sinergi.partnerships.models import Partner
from sinergi.partnerships.tests.factories import business, need, partner, partnership

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _api(user: Any) -> Client:
    _token, raw = api_token_create(actor=system_actor(), user=user, name="uji")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


class TestPartnerApi(ApiCreateContract):
    list_path = "/api/v1/partnerships/partners"
    detail_path = "/api/v1/partnerships/partners/{pk}"
    create_path = "/api/v1/partnerships/partners"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return partner(request.getfixturevalue("kepahiang_officer"), name=f"Mitra {index}")

    def bad_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        request.getfixturevalue("regions")
        return {"office": "17.08", "kind": "bank", "name": ""}


class TestPartnershipApi(ApiCreateContract):
    list_path = "/api/v1/partnerships/agreements"
    detail_path = "/api/v1/partnerships/agreements/{pk}"
    create_path = "/api/v1/partnerships/agreements"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        officer = request.getfixturevalue("kepahiang_officer")
        of = Partner.objects.filter(name="Universitas Bengkulu").first() or partner(officer)
        return partnership(officer, of, title=f"MoU {index}")

    def bad_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        of = partner(request.getfixturevalue("kepahiang_officer"))
        return {"partner": of.pk, "title": "MoU", "starts_on": "2026-02-30"}


def test_matches_list_every_component_in_words(kepahiang_officer, jember_officer, kepahiang_desa, clusters):
    uni = partner(kepahiang_officer)
    shop = business(kepahiang_officer, kepahiang_desa, clusters["kuliner"], "Kopi Kaba", documents=("nib",))
    wanted = need(kepahiang_officer, uni, cluster_id=clusters["kuliner"].pk, required_documents=["nib", "halal"])
    response = _api(kepahiang_officer).get(f"/api/v1/partnerships/needs/{wanted.pk}/matches")
    assert response.status_code == 200
    (match,) = response.json()
    assert match["business"] == {"id": shop.pk, "name": "Kopi Kaba"}
    assert match["score"] == 50
    assert match["most"] == 90
    assert {c["key"]: c["met"] for c in match["components"]} == {
        "cluster": True,
        "products": False,
        "document:nib": True,
        "document:halal": False,
    }
    assert "No valid Halal certificate." in [c["text"] for c in match["components"]]
    back = _api(kepahiang_officer).get(f"/api/v1/partnerships/businesses/{shop.pk}/partners").json()
    assert [(m["need"]["id"], m["score"]) for m in back] == [(wanted.pk, 50)]
    other = _api(jember_officer).get(f"/api/v1/partnerships/needs/{wanted.pk}/matches")
    assert other.status_code == 404
    assert other["Content-Type"] == PROBLEM


def test_status_steps_in_order_through_the_api(kepahiang_officer, jember_officer):
    mou = partnership(kepahiang_officer, partner(kepahiang_officer))
    url = f"/api/v1/partnerships/agreements/{mou.pk}/status"
    client = _api(kepahiang_officer)
    skipped = client.post(url, {"to": "ended"}, content_type="application/json")
    assert skipped.status_code == 422
    assert skipped["Content-Type"] == PROBLEM
    assert "moves only to agreed" in skipped.json()["errors"]["to"][0]
    assert _api(jember_officer).post(url, {"to": "agreed"}, content_type="application/json").status_code == 404
    done = client.post(url, {"to": "agreed"}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["status"] == "agreed"


def test_a_need_with_bad_fields_is_a_problem(kepahiang_officer):
    uni = partner(kepahiang_officer)
    response = _api(kepahiang_officer).post(
        f"/api/v1/partnerships/partners/{uni.pk}/needs",
        {"direction": "offers", "topic": "training", "title": "Latihan", "required_documents": ["ktp"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["required_documents"]
