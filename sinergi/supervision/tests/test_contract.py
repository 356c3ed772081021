"""The supervision pages held to the generic contract (sinergi.core.testing): inspection plans (list, detail,
create, edit) and inspections (detail, create, edit; their list is the plan's page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.core.testing import CreateContract, EditContract
from sinergi.supervision import services
from sinergi.supervision.models import Inspection, InspectionPlan

YEAR = timezone.localdate().year


def _plan(request: pytest.FixtureRequest, index: int) -> InspectionPlan:
    return services.inspection_plan_create(
        actor=request.getfixturevalue("kepahiang_officer"),
        data={"title": f"Rencana pemeriksaan {index + 1}", "region_id": "17.08", "year": YEAR},
    )


class TestPlanPages(CreateContract, EditContract):
    list_url = "supervision_plan_list"
    detail_url = "supervision_plan_detail"
    create_url = "supervision_plan_create"
    edit_url = "supervision_plan_edit"
    reader = "kepahiang_viewer"
    list_queries = 12

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return _plan(request, index)

    def shown_as(self, obj: Any) -> str:
        return obj.title

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"title": "Rencana 2026", "region": "17.08", "year": YEAR}

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"title": "", "region": "99", "year": "x", "starts_on": "later"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return InspectionPlan.objects.filter(title=data["title"], region_id="17.08").exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {"title": "Rencana pemeriksaan triwulan I", "region": obj.region_id, "year": obj.year}

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.title == "Rencana pemeriksaan triwulan I"


@pytest.fixture
def coop(kepahiang_officer):
    return cooperative_make(actor=kepahiang_officer, region_code=village("17.08.01"), name="KSP Kaba Makmur")


class TestInspectionPages(CreateContract, EditContract):
    detail_url = "supervision_inspection_detail"
    create_url = "supervision_inspection_create"
    edit_url = "supervision_inspection_edit"
    reader = "kepahiang_viewer"

    def make(self, request: pytest.FixtureRequest, *, index: int = 0) -> Any:
        return services.inspection_create(
            actor=request.getfixturevalue("kepahiang_officer"),
            cooperative=request.getfixturevalue("coop"),
            data={"status": "planned", "inspectors": f"Tim {index + 1}"},
        )

    def shown_as(self, obj: Any) -> str:
        return obj.cooperative.name

    def create_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"cooperative": request.getfixturevalue("coop").pk, "status": "planned", "inspectors": "Tim B"}

    def bad_data(self, request: pytest.FixtureRequest) -> dict[str, Any]:
        return {"cooperative": "999999", "status": "planned"}

    def created(self, request: pytest.FixtureRequest, data: dict[str, Any]) -> bool:
        return Inspection.objects.filter(cooperative_id=data["cooperative"], inspectors="Tim B").exists()

    def edit_data(self, request: pytest.FixtureRequest, obj: Any) -> dict[str, Any]:
        return {"status": "planned", "inspectors": "Tim Pengawas Kabupaten"}

    def edited(self, obj: Any) -> bool:
        obj.refresh_from_db()
        return obj.inspectors == "Tim Pengawas Kabupaten"

    def test_a_cooperative_officer_gets_403(self, request: pytest.FixtureRequest) -> None:
        obj = self.make(request)
        officer = user_create(
            actor=system_actor(),
            username="kop",
            password=None,
            role=Role.COOPERATIVE,
            cooperative_id=obj.cooperative_id,
        )
        client = request.getfixturevalue("client")
        client.force_login(officer)
        for url in (
            reverse("supervision_plan_list"),
            reverse(self.detail_url, args=[obj.pk]),
            reverse(self.create_url),
            reverse(self.edit_url, args=[obj.pk]),
        ):
            assert client.get(url).status_code == 403, url
