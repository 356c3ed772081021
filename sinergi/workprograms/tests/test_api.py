"""The work-program API: the flow through its endpoints, refusals, and the standing list."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.accounts.services import api_token_create, system_actor
from sinergi.workprograms.models import ProgramStatus, WorkProgram
from sinergi.workprograms.tests.conftest import draft

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _token, raw = api_token_create(actor=system_actor(), user=user, name="t")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


def test_the_flow_through_the_api(world, kepahiang_officer):
    officer = _api(world.officer)
    created = officer.post(
        "/api/v1/work-programs",
        {"association_id": world.association.pk, "kind": "100day"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    item = officer.post(
        f"/api/v1/work-programs/{pk}/items",
        {
            "goal": "Sell online",
            "activity": "Training",
            "target_number": "20",
            "target_unit": "members",
            "deadline": "2023-12-01",
            "budget": "1000000",
            "budget_source": "dues",
        },
        content_type="application/json",
    )
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]
    step = officer.post(f"/api/v1/work-programs/{pk}/steps", {"step": "submit"}, content_type="application/json")
    assert step.json()["status"] == "submitted"
    refused = officer.post(
        f"/api/v1/work-programs/{pk}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert refused.status_code == 403
    office = _api(kepahiang_officer)
    returned = office.post(
        f"/api/v1/work-programs/{pk}/review",
        {"decision": "return", "comments": {str(item_id): "Add the venue."}},
        content_type="application/json",
    )
    assert returned.status_code == 200, returned.content
    body = returned.json()
    assert body["status"] == "returned"
    assert body["items"][0]["review_comment"] == "Add the venue."
    out_of_order = office.post(f"/api/v1/work-programs/{pk}/steps", {"step": "close"}, content_type="application/json")
    assert out_of_order.status_code == 422
    assert WorkProgram.objects.get(pk=pk).status == ProgramStatus.RETURNED


def test_another_associations_officer_gets_404(world):
    program, _items = draft(world)
    other = _api(world.other_officer)
    assert other.get(f"/api/v1/work-programs/{program.pk}").status_code == 404
    assert (
        other.post(f"/api/v1/work-programs/{program.pk}/steps", {"step": "submit"}, content_type="application/json")
    ).status_code == 404
    created = other.post(
        "/api/v1/work-programs",
        {"association_id": world.association.pk, "kind": "annual"},
        content_type="application/json",
    )
    assert created.status_code == 404


def test_standing_is_scoped_and_says_days_late(world, jember_officer, kepahiang_officer):
    rows = _api(kepahiang_officer).get("/api/v1/work-programs/standing", {"overdue": "true"}).json()["items"]
    assert [r["association"] for r in rows] == ["Asosiasi UMKM MMS Kepahiang"]
    assert rows[0]["state"] == "overdue"
    assert rows[0]["days_late"] > 300
    assert rows[0]["due_on"] == "2023-11-25"
    jember = _api(jember_officer).get("/api/v1/work-programs/standing").json()["items"]
    assert [r["association"] for r in jember] == ["Asosiasi Batik Jember"]


def test_scorecard(world, kepahiang_officer):
    program, _items = draft(world)
    body = _api(kepahiang_officer).get(f"/api/v1/work-programs/{program.pk}/scorecard").json()
    assert body["items"] == 2
    assert body["not_done"] == 2  # both deadlines (15 December 2023) have long passed
