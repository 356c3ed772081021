"""The supervision and indicator API: indicators and risk, inspections, findings and follow-ups through
/api/v1/, with keyset pages, 404 out of scope, 403 for viewers' writes and cooperative officers, and 422
problem JSON for bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import village
from sinergi.accounts.models import Role
from sinergi.accounts.services import api_token_create, system_actor, user_create
from sinergi.cooperatives import services
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.tests.factories import cooperative_make, rat, report_data
from sinergi.supervision.models import FollowUp
from sinergi.supervision.services import inspection_create

TODAY = timezone.localdate()
YEAR = last_due_fiscal_year(today=TODAY)
VISIT = (TODAY - timedelta(days=20)).isoformat()
JSON = "application/json"


@pytest.fixture
def client_for():
    def make(user) -> Client:
        _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
        return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})

    return make


@pytest.fixture
def coops(kepahiang_officer, jember_officer):
    k = kepahiang_officer
    made = [cooperative_make(actor=k, region_code=village("17.08.01", i), name=f"KSP {i}") for i in range(4)]
    for coop in made[:3]:
        for year in (YEAR - 1, YEAR):
            services.annual_report_save(
                actor=k, cooperative=coop, fiscal_year=year, data={**report_data(), **rat(year)}
            )
    jember = cooperative_make(actor=jember_officer, region_code=village("35.09"), name="KSP Jember")
    return made, jember


@pytest.fixture
def kepahiang(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def test_indicators(coops, kepahiang, client_for, jember_officer):
    body = kepahiang.get("/api/v1/cooperatives/indicators", {"year": YEAR}).json()
    assert body["region"] == {"code": "17.08", "name": "Kabupaten Kepahiang"}
    total = body["total"]
    assert (total["cooperatives"], total["active"], total["active_pct"]) == (4, 3, "75.00")
    assert total["savings_participation_pct"] == "66.67"
    assert total["outside_capital_pct"] == "50.00"
    assert body["active_rule"]["window"] == [YEAR - 1, YEAR]
    assert body["active_rule"]["mode"] == "each"
    assert next(p["code"] for p in body["predicates"]) == "SEHAT"
    assert {r["code"]: r["cooperatives"] for r in body["rows"]}["17.08.01"] == 4
    by_kecamatan = kepahiang.get("/api/v1/cooperatives/indicators", {"year": YEAR, "region": "170801"}).json()
    assert by_kecamatan["total"]["cooperatives"] == 4

    jember = client_for(jember_officer)
    _problem(jember.get("/api/v1/cooperatives/indicators", {"region": "17.08"}), 404)
    errors = _problem(kepahiang.get("/api/v1/cooperatives/indicators", {"year": "dua", "region": "17-x"}), 422)
    assert set(errors["errors"]) == {"year", "region"}


def test_risk_is_paged_and_scoped(coops, kepahiang, kepahiang_officer, client_for, jember_officer):
    made, _jember = coops
    first = kepahiang.get("/api/v1/cooperatives/risk", {"limit": 1}).json()
    assert [r["cooperative"]["id"] for r in first["items"]] == [made[3].pk]  # no report at all
    assert first["items"][0]["score"] == 35
    assert "No annual report has been entered." in first["items"][0]["reasons"]
    assert first["next"] is None
    more = [cooperative_make(actor=kepahiang_officer, region_code="17.08", name=f"KSP Baru {i}") for i in range(2)]
    page = kepahiang.get("/api/v1/cooperatives/risk", {"limit": 2, "with_total": "true"}).json()
    rest = kepahiang.get("/api/v1/cooperatives/risk", {"limit": 2, "cursor": page["next"]}).json()
    seen = [r["cooperative"]["id"] for r in page["items"] + rest["items"]]
    assert sorted(seen) == sorted([made[3].pk, *(c.pk for c in more)])
    assert page["total"] == 3
    assert rest["next"] is None
    jember = client_for(jember_officer).get("/api/v1/cooperatives/risk").json()["items"]
    assert [r["cooperative"]["name"] for r in jember] == ["KSP Jember"]
    assert _problem(kepahiang.get("/api/v1/cooperatives/risk", {"cursor": "!!"}), 422)["errors"]["cursor"]


def test_plans(coops, kepahiang, client_for, jember_officer, kepahiang_viewer):
    response = kepahiang.post(
        "/api/v1/supervision/plans", {"title": "Rencana", "region": "17.08", "year": 1800}, content_type=JSON
    )
    assert set(_problem(response, 422)["errors"]) == {"year"}
    plan = kepahiang.post(
        "/api/v1/supervision/plans", {"title": "Rencana", "region": "1708", "year": TODAY.year}, content_type=JSON
    ).json()
    assert plan["region"] == {"code": "17.08", "name": "Kabupaten Kepahiang"}
    url = f"/api/v1/supervision/plans/{plan['id']}"
    response = kepahiang.patch(url, {"starts_on": "2025-05-01", "ends_on": "2025-04-01"}, content_type=JSON)
    assert set(_problem(response, 422)["errors"]) == {"ends_on"}
    assert kepahiang.patch(url, {"notes": "KSP dulu"}, content_type=JSON).json()["notes"] == "KSP dulu"
    assert [p["id"] for p in kepahiang.get("/api/v1/supervision/plans", {"year": TODAY.year}).json()["items"]] == [
        plan["id"]
    ]
    _problem(client_for(jember_officer).get(url), 404)
    _problem(client_for(kepahiang_viewer).patch(url, {"notes": "x"}, content_type=JSON), 403)
    response = client_for(jember_officer).post(
        "/api/v1/supervision/plans", {"title": "X", "region": "17.08", "year": TODAY.year}, content_type=JSON
    )
    _problem(response, 403)


def test_inspection_finding_follow_up_lifecycle(coops, kepahiang):
    made, _ = coops
    coop = made[0]
    plan = kepahiang.post(
        "/api/v1/supervision/plans", {"title": "Rencana", "region": "17.08", "year": TODAY.year}, content_type=JSON
    )
    assert plan.status_code == 201, plan.content
    plan_id = plan.json()["id"]
    response = kepahiang.post(
        "/api/v1/supervision/inspections",
        {"cooperative": coop.pk, "plan": plan_id, "status": "done"},
        content_type=JSON,
    )
    assert _problem(response, 422)["errors"] == {"visited_on": ["Give the date of the visit."]}
    response = kepahiang.post(
        "/api/v1/supervision/inspections",
        {"cooperative": coop.pk, "plan": plan_id, "status": "done", "visited_on": VISIT, "inspectors": "Tim A"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    inspection = response.json()
    assert inspection["cooperative"]["region"]["code"] == coop.region_id
    assert inspection["plan"] == plan_id
    pk = inspection["id"]

    finding = kepahiang.post(
        f"/api/v1/supervision/inspections/{pk}/findings", {"description": "Kas selisih"}, content_type=JSON
    ).json()
    assert (finding["severity"], finding["follow_ups"]) == ("medium", [])
    url = f"/api/v1/supervision/findings/{finding['id']}/follow-ups"
    assert set(_problem(kepahiang.post(url, {"action": "Setor"}, content_type=JSON), 422)["errors"]) == {"due_on"}
    late = kepahiang.post(
        url, {"action": "Setor kas", "due_on": (TODAY - timedelta(days=2)).isoformat()}, content_type=JSON
    ).json()
    assert late["overdue"] is True
    kepahiang.post(url, {"action": "Rapat", "due_on": TODAY.isoformat()}, content_type=JSON)

    overdue = kepahiang.get("/api/v1/supervision/follow-ups", {"overdue": "true"}).json()["items"]
    assert [f["id"] for f in overdue] == [late["id"]]
    assert overdue[0]["cooperative"]["id"] == coop.pk
    page = kepahiang.get("/api/v1/supervision/follow-ups", {"limit": 1}).json()
    rest = kepahiang.get("/api/v1/supervision/follow-ups", {"limit": 1, "cursor": page["next"]}).json()
    assert len(page["items"]) == len(rest["items"]) == 1
    assert rest["next"] is None

    patch = f"/api/v1/supervision/follow-ups/{late['id']}"
    response = kepahiang.patch(patch, {"status": "done"}, content_type=JSON)
    assert _problem(response, 422)["errors"] == {"done_on": ["Give the date it was done."]}
    done = kepahiang.patch(patch, {"status": "done", "done_on": TODAY.isoformat()}, content_type=JSON).json()
    assert (done["status"], done["overdue"]) == ("done", False)

    findings = kepahiang.get(f"/api/v1/supervision/inspections/{pk}/findings").json()
    assert [len(f["follow_ups"]) for f in findings] == [2]
    response = kepahiang.patch(f"/api/v1/supervision/inspections/{pk}", {"status": "planned"}, content_type=JSON)
    assert "status" in _problem(response, 422)["errors"]
    listed = kepahiang.get("/api/v1/supervision/inspections", {"cooperative": coop.pk}).json()["items"]
    assert [i["id"] for i in listed] == [pk]
    assert kepahiang.delete(f"/api/v1/supervision/findings/{finding['id']}").status_code == 204
    assert not FollowUp.objects.filter(finding_id=finding["id"]).exists()


def test_scope_roles_and_bad_input(coops, kepahiang, kepahiang_officer, kepahiang_viewer, jember_officer, client_for):
    made, jember_coop = coops
    inspection = inspection_create(actor=kepahiang_officer, cooperative=made[0], data={"planned_on": TODAY})
    url = f"/api/v1/supervision/inspections/{inspection.pk}"

    jember = client_for(jember_officer)
    _problem(jember.get(url), 404)
    _problem(jember.patch(url, {"summary": "x"}, content_type=JSON), 404)
    _problem(jember.post(f"{url}/findings", {"description": "x"}, content_type=JSON), 404)
    assert jember.get("/api/v1/supervision/inspections").json()["items"] == []
    response = jember.post("/api/v1/supervision/inspections", {"cooperative": made[0].pk}, content_type=JSON)
    assert _problem(response, 422)["errors"] == {"cooperative": ["Unknown cooperative."]}

    viewer = client_for(kepahiang_viewer)
    assert viewer.get(url).status_code == 200
    _problem(viewer.patch(url, {"summary": "x"}, content_type=JSON), 403)

    officer = user_create(
        actor=system_actor(), username="kop", password=None, role=Role.COOPERATIVE, cooperative_id=made[0].pk
    )
    own = client_for(officer)
    _problem(own.get(url), 403)
    _problem(own.get("/api/v1/cooperatives/risk"), 403)
    _problem(own.get("/api/v1/cooperatives/indicators"), 403)

    bad = kepahiang.post(
        "/api/v1/supervision/inspections",
        {"cooperative": made[0].pk, "status": "visited", "planned_on": "31-02-2025", "colour": "red"},
        content_type=JSON,
    )
    assert set(_problem(bad, 422)["errors"]) == {"status", "planned_on", "colour"}
    response = kepahiang.patch(url, {"visited_on": (TODAY + timedelta(days=3)).isoformat()}, content_type=JSON)
    assert set(_problem(response, 422)["errors"]) == {"visited_on"}
    _problem(kepahiang.get("/api/v1/supervision/inspections/99999999"), 404)
    _problem(Client().get("/api/v1/cooperatives/risk"), 401)
    jember_inspection = inspection_create(actor=jember_officer, cooperative=jember_coop, data={})
    listed = [i["id"] for i in kepahiang.get("/api/v1/supervision/inspections").json()["items"]]
    assert listed == [inspection.pk]
    assert jember_inspection.pk not in listed


def test_openapi_lists_the_supervision_paths(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/cooperatives/indicators",
        "/api/v1/cooperatives/risk",
        "/api/v1/supervision/plans",
        "/api/v1/supervision/plans/{plan_id}",
        "/api/v1/supervision/inspections",
        "/api/v1/supervision/inspections/{inspection_id}",
        "/api/v1/supervision/inspections/{inspection_id}/findings",
        "/api/v1/supervision/findings/{finding_id}",
        "/api/v1/supervision/findings/{finding_id}/follow-ups",
        "/api/v1/supervision/follow-ups",
        "/api/v1/supervision/follow-ups/{follow_up_id}",
    ):
        assert path in paths, path
    assert "422" in paths["/api/v1/supervision/inspections"]["post"]["responses"]
    assert "cursor" in {p["name"] for p in paths["/api/v1/cooperatives/risk"]["get"]["parameters"]}


def test_operation_ids_stayed_when_supervision_became_an_app(db):
    """Clients generated from the OpenAPI document call operations by id: the move kept every one of them."""
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    ids = {
        (method, path): operation["operationId"]
        for path, methods in paths.items()
        for method, operation in methods.items()
        if path.startswith(("/api/v1/supervision/", "/api/v1/cooperatives/risk", "/api/v1/cooperatives/indicators"))
    }
    assert len(ids) == 16
    assert ids[("get", "/api/v1/supervision/plans")] == "sinergi_cooperatives_supervision_api_plan_list"
    assert ids[("get", "/api/v1/cooperatives/indicators")] == "sinergi_cooperatives_supervision_api_indicators_get"
    assert all(i.startswith("sinergi_cooperatives_supervision_api_") for i in ids.values())
    # The indicators' rule (with its window) no longer shares a component name with the cooperative activity's.
    assert "window" in document["components"]["schemas"]["IndicatorRuleOut"]["properties"]
