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


def test_evidence_is_uploaded_through_the_api_sniffed_and_size_limited(
    world, kepahiang_officer, jember_officer, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sinergi.workprograms.models import Evidence
    from sinergi.workprograms.tests.test_pages import PDF, PNG, _running

    _program, (item, _second) = _running(world, kepahiang_officer)
    url = f"/api/v1/work-program-items/{item.pk}/progress"
    body = {"reported_on": "2023-12-01", "achieved": "12", "narrative": "First session"}
    officer = _api(world.officer)
    disguised = officer.post(url, {**body, "evidence": [SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a photo")]})
    assert disguised.status_code == 422
    assert disguised["Content-Type"].startswith("application/problem+json")
    assert not Evidence.objects.exists()
    limit = settings.SINERGI_EVIDENCE_MAX_BYTES
    settings.SINERGI_EVIDENCE_MAX_BYTES = 100
    too_big = officer.post(url, {**body, "evidence": [SimpleUploadedFile("foto.png", PNG)]})
    assert too_big.status_code == 422
    settings.SINERGI_EVIDENCE_MAX_BYTES = limit
    created = officer.post(
        url,
        {
            **body,
            "evidence": [
                SimpleUploadedFile("foto.png", PNG, content_type="application/octet-stream"),
                SimpleUploadedFile("daftar-hadir.pdf", PDF, content_type="text/plain"),
            ],
        },
    )
    assert created.status_code == 201, created.content
    assert sorted(e["content_type"] for e in created.json()["evidence"]) == ["application/pdf", "image/png"]
    assert Evidence.objects.get(content_type="image/png").thumbnail
    assert _api(jember_officer).post(url, body).status_code == 404  # another region's item
