"""The work-program pages and API on the house contracts: lists scoped to the region, no N+1, detail tabs, 404 for
another region, the edit form, and the API list, detail and create."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sinergi.core.testing import ApiCreateContract, EditContract, PageContract
from sinergi.registry import services as registry
from sinergi.workprograms import services
from sinergi.workprograms.models import WorkProgram
from sinergi.workprograms.tests.conftest import item_data


def _program(request: pytest.FixtureRequest, index: int) -> WorkProgram:
    world = request.getfixturevalue("world")
    year = 2024 + index
    program = services.program_create(
        actor=world.officer,
        association=world.association,
        data={
            "kind": "annual",
            "title": f"Program tahunan {year}",
            "period_start": dt.date(year, 1, 1),
            "period_end": dt.date(year, 12, 31),
        },
    )
    services.item_add(actor=world.officer, program=program, data=item_data(world, deadline=dt.date(year, 6, 30)))
    return program


class TestProgramPages(EditContract):
    list_url = "workprogram_list"
    detail_url = "workprogram_detail"
    edit_url = "workprogram_edit"
    tabs = ("items", "scorecard", "history")
    reader = "kepahiang_viewer"
    filter_hit = {"q": "tahunan"}
    filter_miss = {"q": "tidak ada"}
    export_formats = ("xlsx",)

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _program(request, index)

    def shown_as(self, obj: Any) -> str:
        return obj.title

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {
            "kind": "annual",
            "title": "Program tahunan diperbaiki",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
        }

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.title == "Program tahunan diperbaiki"


class TestScorecardPages(PageContract):
    list_url = "workprogram_scorecards"
    filter_hit = {"kind": "annual"}
    filter_miss = {"kind": "term"}
    export_formats = ("xlsx",)

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _program(request, index)

    def shown_as(self, obj: Any) -> str:
        return obj.title


class TestStandingPages(PageContract):
    list_url = "workprogram_standing"
    detail_url = "workprogram_association"
    filter_hit = {"overdue": "on"}
    export_formats = ("xlsx",)

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        officer = request.getfixturevalue("kepahiang_officer")
        return registry.association_create(
            actor=officer,
            data={"name": f"Asosiasi Contoh {index}", "region_id": "17.08", "inaugurated_on": dt.date(2023, 10, 26)},
        )


class TestProgramApi(ApiCreateContract):
    list_path = "/api/v1/work-programs"
    detail_path = "/api/v1/work-programs/{pk}"
    create_path = "/api/v1/work-programs"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _program(request, index)

    def bad_payload(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        world = request.getfixturevalue("world")
        return {"association_id": world.association.pk, "kind": "weekly"}
