"""The cooperative pages and API held to the generic contract (sinergi.core.testing)."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.core.testing import ApiContract, CreateContract, EditContract


def _make(request: pytest.FixtureRequest, index: int) -> Cooperative:
    return cooperative_make(
        actor=request.getfixturevalue("kepahiang_officer"), region_code="17.08", name=f"KSP Kaba Makmur {index + 1}"
    )


class TestCooperativePages(CreateContract, EditContract):
    list_url = "cooperative_list"
    detail_url = "cooperative_detail"
    create_url = "cooperative_create"
    edit_url = "cooperative_edit"
    tabs = ("data", "officers", "members", "reports", "history")
    reader = "kepahiang_viewer"
    list_queries = 12
    filter_hit = {"q": "Kaba"}
    filter_miss = {"q": "Tembakau"}

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _make(request, index)

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {
            "name": "Koperasi Produsen Kopi Kaba",
            "kind": "produsen",
            "tier": "primer",
            "status": "operating",
            "region": "17.08",
        }

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"name": "", "region": "99.99.99", "email": "not an address"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return Cooperative.objects.filter(name=data["name"], region_id="17.08").exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {
            "name": "KSP Kaba Makmur Sejahtera",
            "kind": obj.kind,
            "tier": obj.tier,
            "status": obj.status,
            "region": obj.region_id,
        }

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.name == "KSP Kaba Makmur Sejahtera"


class TestCooperativeApi(ApiContract):
    list_path = "/api/v1/cooperatives"
    detail_path = "/api/v1/cooperatives/{pk}"
    list_queries = 10

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _make(request, index)


@pytest.mark.django_db
def test_list_says_what_active_means_in_words(client, kepahiang_officer):
    from django.urls import reverse

    from sinergi.cooperatives.activity import office_rule

    client.force_login(kepahiang_officer)
    html = client.get(reverse("cooperative_list")).content.decode()
    assert f"Active means: {office_rule().label()}." in html
    assert "bound method" not in html
