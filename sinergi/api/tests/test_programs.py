"""Programs through the API: create, read, correct, status, delete; budget lines and realisations with money
as decimal strings; rules and the eligibility preview with pass/fail per rule; region scoping (404),
viewers (403) and problem JSON on bad input."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from conftest import village
from sinergi.core.models import ChangeLog
from sinergi.programs import services
from sinergi.programs.models import Program
from sinergi.programs.tests.factories import business, person, program

JSON = "application/json"


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


@pytest.fixture
def draft(kepahiang_officer) -> Program:
    return program(kepahiang_officer, name="Pelatihan Kopi", topics=["Pemasaran digital"])


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def test_program_lifecycle(client):
    response = client.post(
        "/api/v1/programs",
        {
            "name": "  Diklat   Pengemasan ",
            "kind": "diklat",
            "fiscal_year": 2025,
            "region": "17.08",
            "capacity": 20,
            "starts_on": "2025-06-02",
            "topics": ["Kemasan", " pemasaran  digital"],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["name"], created["status"], created["target"]) == ("Diklat Pengemasan", "draft", "business")
    assert created["region"]["code"] == "17.08"
    assert created["topics"] == ["kemasan", "pemasaran digital"]
    pk = created["id"]
    assert ChangeLog.objects.filter(object_id=str(pk), source="api").exists()
    assert client.get(f"/api/v1/programs/{pk}").json() == created

    patched = client.patch(f"/api/v1/programs/{pk}", {"location": "Aula Dinas", "capacity": 25}, content_type=JSON)
    assert patched.status_code == 200, patched.content
    assert (patched.json()["location"], patched.json()["capacity"], patched.json()["name"]) == (
        "Aula Dinas",
        25,
        "Diklat Pengemasan",
    )

    moved = client.post(f"/api/v1/programs/{pk}/status", {"to": "open"}, content_type=JSON)
    assert moved.status_code == 200
    assert moved.json()["status"] == "open"
    body = _problem(client.post(f"/api/v1/programs/{pk}/status", {"to": "closed"}, content_type=JSON), 422)
    assert list(body["errors"]) == ["status"]
    assert "cannot go from open for applications to closed" in body["errors"]["status"][0]
    assert client.post(f"/api/v1/programs/{pk}/status", {"to": "draft"}, content_type=JSON).status_code == 200

    listed = client.get("/api/v1/programs?year=2025&kind=diklat&with_total=true").json()
    assert ([p["id"] for p in listed["items"]], listed["total"]) == ([pk], 1)
    assert client.get("/api/v1/programs?kind=bantuan_modal").json()["items"] == []
    assert client.delete(f"/api/v1/programs/{pk}").status_code == 204
    _problem(client.get(f"/api/v1/programs/{pk}"), 404)


def test_program_list_pages(client, kepahiang_officer):
    made = [program(kepahiang_officer, name=f"Program {i}").pk for i in range(3)]
    first = client.get("/api/v1/programs?limit=2").json()
    assert [p["id"] for p in first["items"]] == sorted(made, reverse=True)[:2]
    second = client.get(f"/api/v1/programs?limit=2&cursor={first['next']}").json()
    assert ([p["id"] for p in second["items"]], second["next"]) == ([min(made)], None)
    body = _problem(client.get("/api/v1/programs?cursor=%%%"), 422)
    assert list(body["errors"]) == ["cursor"]


def test_program_input_errors_are_problems(client, draft):
    body = _problem(
        client.post(
            "/api/v1/programs",
            {"name": "X", "kind": "piknik", "fiscal_year": 1900, "region": "17.08", "extra": 1},
            content_type=JSON,
        ),
        422,
    )
    assert {"kind", "fiscal_year", "extra"} <= set(body["errors"])
    body = _problem(
        client.post(
            "/api/v1/programs",
            {"name": "X", "kind": "diklat", "fiscal_year": 2025, "region": village("17.08")},
            content_type=JSON,
        ),
        422,
    )
    assert list(body["errors"]) == ["region"]
    body = _problem(
        client.patch(
            f"/api/v1/programs/{draft.pk}", {"starts_on": "2025-06-02", "ends_on": "2025-06-01"}, content_type=JSON
        ),
        422,
    )
    assert list(body["errors"]) == ["ends_on"]
    _problem(client.post("/api/v1/programs", "{not json", content_type=JSON), 400)
    _problem(client.get("/api/v1/programs/99999999999999999999"), 422)
    _problem(client.post(f"/api/v1/programs/{draft.pk}/status", {"to": "nowhere"}, content_type=JSON), 422)


def test_scoping_and_viewers(
    client_for, draft, kepahiang_officer, jember_officer, kepahiang_viewer, bengkulu_officer, world, owner_user
):
    jember = client_for(jember_officer)
    for path in ("", "/budget", "/rules", "/eligibility", "/applications", "/enrollments", "/selection-runs"):
        _problem(jember.get(f"/api/v1/programs/{draft.pk}{path}"), 404)
    _problem(jember.patch(f"/api/v1/programs/{draft.pk}", {"name": "Diambil"}, content_type=JSON), 404)
    _problem(jember.delete(f"/api/v1/programs/{draft.pk}"), 404)
    assert jember.get("/api/v1/programs").json()["items"] == []
    body = _problem(
        jember.post(
            "/api/v1/programs",
            {"name": "X", "kind": "diklat", "fiscal_year": 2025, "region": "17.08"},
            content_type=JSON,
        ),
        403,
    )
    assert body["detail"]

    viewer = client_for(kepahiang_viewer)
    assert viewer.get(f"/api/v1/programs/{draft.pk}").status_code == 200
    assert viewer.get(f"/api/v1/programs/{draft.pk}/budget").status_code == 200
    _problem(viewer.patch(f"/api/v1/programs/{draft.pk}", {"name": "Ganti"}, content_type=JSON), 403)
    _problem(viewer.post(f"/api/v1/programs/{draft.pk}/status", {"to": "open"}, content_type=JSON), 403)
    _problem(
        viewer.post(f"/api/v1/programs/{draft.pk}/budget-lines", {"source": "apbn", "amount": "1"}, content_type=JSON),
        403,
    )
    _problem(viewer.delete(f"/api/v1/programs/{draft.pk}"), 403)
    province = client_for(bengkulu_officer)
    assert province.get(f"/api/v1/programs/{draft.pk}").status_code == 200

    owner = client_for(owner_user)
    _problem(owner.get(f"/api/v1/programs/{draft.pk}"), 404)  # a draft is for the office only
    services.program_transition(actor=kepahiang_officer, program=draft, to="open")
    assert owner.get(f"/api/v1/programs/{draft.pk}").status_code == 200
    _problem(owner.get(f"/api/v1/programs/{draft.pk}/budget"), 403)
    _problem(owner.get(f"/api/v1/programs/{draft.pk}/eligibility"), 403)
    anonymous = client_for(owner_user)
    anonymous.defaults.pop("HTTP_AUTHORIZATION", None)
    _problem(anonymous.get("/api/v1/programs"), 401)


def test_budget_lines_and_realisations(client, draft):
    base = f"/api/v1/programs/{draft.pk}"
    response = client.post(
        f"{base}/budget-lines",
        {"source": "dak_non_fisik", "amount": "451803000.00", "reference": "DPA 1"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    budget = response.json()
    line = budget["lines"][0]
    assert (line["source"], line["amount"], line["realised"], line["remaining"]) == (
        "dak_non_fisik",
        "451803000.00",
        "0.00",
        "451803000.00",
    )
    body = _problem(client.post(f"{base}/budget-lines", {"source": "apbn", "amount": 1.5}, content_type=JSON), 422)
    assert list(body["errors"]) == ["amount"]
    body = _problem(client.post(f"{base}/budget-lines", {"source": "apbn", "amount": "-5"}, content_type=JSON), 422)
    assert list(body["errors"]) == ["amount"]

    spent = client.post(
        f"{base}/budget-lines/{line['id']}/realisations",
        {"amount": "400000000", "spent_on": "2025-03-01", "description": "Honor pendamping"},
        content_type=JSON,
    )
    assert spent.status_code == 201, spent.content
    assert (spent.json()["amount"], spent.json()["disbursement"]) == ("400000000.00", False)
    body = _problem(
        client.post(
            f"{base}/budget-lines/{line['id']}/realisations",
            {"amount": "60000000.00", "spent_on": "2025-03-02", "description": "Lagi"},
            content_type=JSON,
        ),
        422,
    )
    assert "51.803.000,00" in body["errors"]["amount"][0]
    budget = client.get(f"{base}/budget").json()
    assert (budget["allotted"], budget["realised"], budget["remaining"]) == (
        "451803000.00",
        "400000000.00",
        "51803000.00",
    )
    listed = client.get(f"{base}/budget-lines/{line['id']}/realisations").json()
    assert [r["amount"] for r in listed] == ["400000000.00"]
    body = _problem(client.patch(f"{base}/budget-lines/{line['id']}", {"amount": "1000"}, content_type=JSON), 422)
    assert list(body["errors"]) == ["amount"]
    assert (
        client.patch(f"{base}/budget-lines/{line['id']}", {"note": "P-APBD"}, content_type=JSON).json()["lines"][0][
            "note"
        ]
        == "P-APBD"
    )
    _problem(client.delete(f"{base}/budget-lines/{line['id']}"), 422)
    assert client.delete(f"{base}/budget-lines/{line['id']}/realisations/{listed[0]['id']}").status_code == 204
    assert client.delete(f"{base}/budget-lines/{line['id']}").status_code == 204
    _problem(client.get(f"{base}/budget-lines/{line['id']}/realisations"), 404)


def test_rules_and_eligibility(client, draft, clusters, kepahiang_desa):
    base = f"/api/v1/programs/{draft.pk}"
    rules = client.put(
        f"{base}/rules",
        {
            "rules": [
                {"kind": "legality", "params": {"nib": True}, "label": "Legalitas dulu"},
                {"kind": "cluster", "params": {"in": ["kopi"]}},
            ]
        },
        content_type=JSON,
    )
    assert rules.status_code == 200, rules.content
    assert [(r["position"], r["kind"], r["label"]) for r in rules.json()] == [
        (1, "legality", "Legalitas dulu"),
        (2, "cluster", ""),
    ]
    assert rules.json()[1]["description"]
    body = _problem(
        client.put(f"{base}/rules", {"rules": [{"kind": "scale", "params": {"in": ["raksasa"]}}]}, content_type=JSON),
        422,
    )
    assert [k.startswith("rules.1") for k in body["errors"]] == [True]
    _problem(
        client.post(f"{base}/rules", {"kind": "cooperative_health", "params": {"in": ["SEHAT"]}}, content_type=JSON),
        422,
    )
    added = client.post(f"{base}/rules", {"kind": "gender", "params": {"in": ["P"]}}, content_type=JSON)
    assert added.status_code == 201
    assert len(added.json()) == 3
    assert client.delete(f"{base}/rules/{added.json()[2]['id']}").status_code == 204

    woman = person(kepahiang_desa, sex="P")
    good = business(kepahiang_desa, owner=woman, cluster=clusters["kopi"], docs=(("nib", None),))
    informal = business(kepahiang_desa, cluster=clusters["kopi"])
    other = business(kepahiang_desa, cluster=clusters["batik"], docs=(("nib", None),))
    business(village("35.09"), cluster=clusters["kopi"], docs=(("nib", None),))  # outside the office's region

    result = client.get(f"{base}/eligibility?per_rule=true&limit=2").json()
    assert (result["candidates"], result["eligible"]) == (3, 1)
    assert result["failing"] == {"r1": 1, "r2": 1}
    assert [r["key"] for r in result["rules"]] == ["r1", "r2"]
    assert [(c["id"], c["eligible"], c["failed"]) for c in result["items"]] == [
        (good.pk, True, []),
        (informal.pk, False, ["r1"]),
    ]
    following = client.get(f"{base}/eligibility?limit=2&cursor={result['next']}").json()
    assert [(c["id"], c["passed"], c["failed"], following["next"]) for c in following["items"]] == [
        (other.pk, ["r1"], ["r2"], None)
    ]
    only = client.get(f"{base}/eligibility?only=false").json()
    assert [c["id"] for c in only["items"]] == [informal.pk, other.pk]
    for rule in client.get(f"{base}/rules").json():
        assert client.delete(f"{base}/rules/{rule['id']}").status_code == 204
    assert client.get(f"{base}/eligibility?only=false").json()["items"] == []
    assert len(client.get(f"{base}/eligibility?only=true").json()["items"]) == 3
    bad = base64.urlsafe_b64encode(b"abc").decode()
    assert list(_problem(client.get(f"{base}/eligibility?cursor={bad}"), 422)["errors"]) == ["cursor"]
    _problem(client.get(f"{base}/eligibility?limit=0"), 422)


def test_openapi_lists_the_program_paths(db):
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/programs",
        "/api/v1/programs/{program_id}",
        "/api/v1/programs/{program_id}/status",
        "/api/v1/programs/{program_id}/budget",
        "/api/v1/programs/{program_id}/rules",
        "/api/v1/programs/{program_id}/eligibility",
        "/api/v1/programs/{program_id}/applications",
        "/api/v1/programs/{program_id}/applicant-imports",
        "/api/v1/programs/{program_id}/selection-runs",
        "/api/v1/programs/{program_id}/report",
        "/api/v1/programs/{program_id}/enrollments",
        "/api/v1/programs/{program_id}/sessions/{session_id}/attendance",
        "/api/v1/programs/reports/beneficiaries",
    ):
        assert path in paths, path
    assert paths["/api/v1/programs/{program_id}/report"]["get"].get("security") in (None, [], [{}])
    assert "422" in paths["/api/v1/programs"]["post"]["responses"]
