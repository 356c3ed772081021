"""The program pages and API held to the generic contract (sinergi.core.testing)."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.core.testing import ApiContract, CreateContract, EditContract
from sinergi.programs.models import Program
from sinergi.programs.tests.factories import program


def _make(request: pytest.FixtureRequest, index: int) -> Program:
    return program(request.getfixturevalue("kepahiang_officer"), name=f"Pelatihan Kemasan Kepahiang {index + 1}")


class TestProgramPages(CreateContract, EditContract):
    list_url = "program_list"
    detail_url = "program_detail"
    create_url = "program_create"
    edit_url = "program_edit"
    tabs = ("overview", "budget", "rules", "applications", "selection", "enrollments", "history")
    reader = "kepahiang_viewer"
    list_queries = 12
    filter_hit = {"q": "Kemasan", "year": "2025"}
    filter_miss = {"year": "2024"}

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _make(request, index)

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {
            "name": "Studi Banding Batik 2025",
            "kind": "studi_banding",
            "target": "business",
            "fiscal_year": "2025",
            "region": "17.08",
        }

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"name": "", "kind": "diklat", "target": "business", "fiscal_year": "1990", "region": "17.08"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return Program.objects.filter(name=data["name"], region_id="17.08", status="draft").exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {
            "name": "Pelatihan Kemasan Lanjutan",
            "kind": obj.kind,
            "target": obj.target,
            "fiscal_year": str(obj.fiscal_year),
            "region": obj.region_id,
        }

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.name == "Pelatihan Kemasan Lanjutan"


class TestProgramApi(ApiContract):
    list_path = "/api/v1/programs"
    detail_path = "/api/v1/programs/{pk}"
    list_queries = 10

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _make(request, index)
