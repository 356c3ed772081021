"""The product pages held to the generic contract (sinergi.core.testing): list, detail with its tabs, create,
edit, delete; another region's product answers 404, a viewer reads but may not write."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.core.testing import CreateContract, DeleteContract, EditContract
from sinergi.market.models import Product
from sinergi.market.tests.conftest import KepahiangProducts


class TestProductPages(KepahiangProducts, CreateContract, EditContract, DeleteContract):
    list_url = "market_product_list"
    detail_url = "market_product_detail"
    create_url = "market_product_create"
    edit_url = "market_product_edit"
    delete_url = "market_product_delete"
    tabs = ("permits", "history")
    reader = "kepahiang_viewer"
    list_queries = 12
    filter_hit = {"q": "kripik KEPOK"}
    filter_miss = {"q": "tenun"}

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {
            "business": request.getfixturevalue("food_business").pk,
            "name": "Dodol Durian",
            "category": request.getfixturevalue("clusters")["kuliner"].pk,
            "price": "Rp 30.000/kotak",
            "minimum_order": 2,
            "stock_status": "available",
            "is_active": "on",
        }

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {
            "business": request.getfixturevalue("food_business").pk,
            "name": "",
            "price": "1.5",
            "stock_status": "available",
        }

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        product = Product.objects.filter(name=data["name"]).first()
        return product is not None and product.unit == "kotak" and str(product.price) == "30000.00"

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {
            "name": "Keripik Pisang Manis",
            "category": obj.category_id,
            "price": "27.500",
            "unit": "pak",
            "minimum_order": 1,
            "stock_status": "pre_order",
        }

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.name == "Keripik Pisang Manis" and str(obj.price) == "27500.00" and not obj.is_active
