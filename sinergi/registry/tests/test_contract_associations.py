"""The association pages and API held to the generic contract (sinergi.core.testing)."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.core.testing import ApiCreateContract, PageContract
from sinergi.registry import services
from sinergi.registry.models import Association


def _association(request: pytest.FixtureRequest, index: int) -> Association:
    return services.association_create(
        actor=request.getfixturevalue("kepahiang_officer"),
        data={
            "name": f"Asosiasi UMKM Kepahiang {index + 1}",
            "region_id": "17.08",
            "term_start": "2023-10-26",
            "term_end": "2028-10-25",
        },
    )


class TestAssociationPages(PageContract):
    list_url = "association_list"
    detail_url = "association_detail"
    tabs = ("board", "members", "history")
    list_queries = 12

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _association(request, index)


class TestAssociationApi(ApiCreateContract):
    list_path = "/api/v1/associations"
    detail_path = "/api/v1/associations/{pk}"
    create_path = "/api/v1/associations"
    list_queries = 10

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _association(request, index)

    def bad_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"name": "", "region": "99.99", "term_start": "not a date"}
