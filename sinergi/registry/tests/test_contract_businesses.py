"""The business pages and API held to the generic contract (sinergi.core.testing)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sinergi.core.testing import ApiContract, CreateContract, EditContract
from sinergi.registry import services
from sinergi.registry.models import Business

NAMES = ("Kopi Bubuk Kaba", "Keripik Ubi Talang", "Tenun Songket Rejang", "Gula Aren Ujan Mas", "Madu Hutan", "Dodol")


def _business(request: pytest.FixtureRequest, index: int) -> Business:
    return services.business_create(
        actor=request.getfixturevalue("kepahiang_officer"),
        data={"name": f"{NAMES[index % len(NAMES)]} {index + 1}", "desa_id": request.getfixturevalue("kepahiang_desa")},
    )


class TestBusinessPages(CreateContract, EditContract):
    list_url = "business_list"
    detail_url = "business_detail"
    create_url = "business_create"
    edit_url = "business_edit"
    tabs = ("data", "owner", "years", "documents", "associations", "history")
    reader = "kepahiang_viewer"
    list_queries = 10
    filter_hit = {"q": "Kopi"}
    filter_miss = {"q": "Batik"}
    export_formats = ("csv", "xlsx")

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _business(request, index)

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {
            "name": "Keripik Pisang Ujan Mas",
            "desa": request.getfixturevalue("kepahiang_desa"),
            "owner_name": "Budi Santoso",
            "owner_nik": "1708010507850002",
            "owner_sex": "L",
        }

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"name": "", "desa": "99.99.99.9999", "owner_nik": "12345", "workforce": "-1"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return Business.objects.filter(name=data["name"], owner__nik=data["owner_nik"]).exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {"name": "Kopi Bubuk Kaba Asli", "desa": obj.desa_id, "address": "Jl. Raya Kepahiang 12"}

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return (obj.name, obj.address) == ("Kopi Bubuk Kaba Asli", "Jl. Raya Kepahiang 12")

    def test_export_of_a_bad_filter_is_refused(self, request: pytest.FixtureRequest) -> None:
        self.make(request)
        client = self._client(request, self.editor)
        response = client.get(reverse("business_export_xlsx"), {"region_code": "abc"}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("business_list") + "?region_code=abc"
        assert "Correct the filter before exporting." in response.content.decode()


class TestBusinessApi(ApiContract):
    list_path = "/api/v1/businesses"
    detail_path = "/api/v1/businesses/{pk}"
    list_queries = 10

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _business(request, index)
