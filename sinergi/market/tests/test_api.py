"""The market API: products scoped like the pages (contract), and the public catalogue without a token that
returns public fields only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.accounts.services import api_token_create, system_actor, user_create
from sinergi.core.testing import ApiCreateContract
from sinergi.market import services
from sinergi.market.models import Product
from sinergi.market.tests.conftest import KepahiangProducts


class TestProductApi(KepahiangProducts, ApiCreateContract):
    list_path = "/api/v1/market/products"
    detail_path = "/api/v1/market/products/{pk}"
    create_path = "/api/v1/market/products"
    list_queries = 12

    def bad_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {
            "business": request.getfixturevalue("food_business").pk,
            "name": "Kopi",
            "category": request.getfixturevalue("clusters")["kopi"].pk,
            "price": "1.5",
        }

    def test_api_create(self, request: pytest.FixtureRequest) -> None:
        payload = self.bad_payload(request) | {"price": "Rp 45.000/kg"}
        response = self._client(request, self.editor).post(self.create_path, payload, content_type="application/json")
        assert response.status_code == 201, response.content
        assert response.json()["price"] == "45000.00"
        assert response.json()["unit"] == "kg"
        outsider = self._client(request, self.outsider).post(self.create_path, payload, content_type="application/json")
        assert outsider.status_code == 404


@pytest.mark.django_db
def test_public_catalogue_needs_no_token_and_shows_public_fields_only(kepahiang_officer, product, pirt, clusters):
    assert Client().get("/api/v1/market/catalogue").json()["items"] == []
    permit = services.product_permit_add(actor=kepahiang_officer, product=product, document_id=pirt.pk)
    services.product_permit_verify(actor=kepahiang_officer, permit=permit)
    body = Client().get("/api/v1/market/catalogue", {"q": "kripik"}).json()
    (item,) = body["items"]
    assert item["id"] == product.pk
    assert item["price"] == "25000.00"
    assert set(item) == {
        "id",
        "name",
        "description",
        "category",
        "unit",
        "price",
        "minimum_order",
        "stock_status",
        "business",
        "kecamatan",
        "halal",
    }
    assert set(item["business"]) == {"id", "name"}
    bad = Client().get("/api/v1/market/catalogue", {"kecamatan": "x"})
    assert bad.status_code in (400, 422)
    assert Product.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COOPERATIVE, Role.ASN])
def test_the_api_refuses_whom_the_pages_refuse(role, product):
    """The product pages are for the registry's users (staff, owners, associations): a cooperative officer or a
    civil servant gets 403 there, and the same 403, as problem JSON with the page's reason, from the API, rather
    than an empty list that reads as "no products"."""
    user = user_create(actor=system_actor(), username=f"m_{role}", password=None, role=role)
    page = Client()
    page.force_login(user)
    assert page.get(reverse("market_product_list")).status_code == 403
    assert page.get(reverse("market_product_detail", args=[product.pk])).status_code == 403
    _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
    api = Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})
    payload = {"business": product.business_id, "name": "Kopi", "category": product.category_id, "price": "1000"}
    for response in (
        api.get("/api/v1/market/products"),
        api.get(f"/api/v1/market/products/{product.pk}"),
        api.post("/api/v1/market/products", payload, content_type="application/json"),
    ):
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == (
            "The business registry is for the office's staff, business owners and associations."
        )
    assert Product.objects.count() == 1
