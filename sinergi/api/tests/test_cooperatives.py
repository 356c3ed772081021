"""The cooperative register through the API: create, read, correct, officers, members, delete; the list's
filters, pages and activity; region scoping, viewers and a cooperative's own officer."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import village
from sinergi.cooperatives import services
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.models import Cooperative, CooperativeMember, CooperativeOfficer
from sinergi.cooperatives.tests.factories import cooperative_make, rat, report_data
from sinergi.core.models import ChangeLog
from sinergi.registry import services as registry_services
from sinergi.registry.models import Person

JSON = "application/json"


@pytest.fixture
def client(kepahiang_officer, client_for):
    return client_for(kepahiang_officer)


@pytest.fixture
def person(kepahiang_officer, kepahiang_desa) -> Person:
    return registry_services.person_create(actor=kepahiang_officer, data={"name": "Rahmat", "desa_id": kepahiang_desa})


def test_cooperative_lifecycle(client, person, kepahiang_desa):
    response = client.post(
        "/api/v1/cooperatives",
        {
            "name": "  Koperasi   Maju Bersama ",
            "nik_koperasi": "1708.0123.4567.8901",
            "kind": "ksp",
            "region": kepahiang_desa,
            "legal_entity_number": "AHU-0001234.AH.01.26.2019",
            "legal_entity_date": "2019-03-04",
            "phone": "0812 7300 1234",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "Koperasi Maju Bersama"
    assert created["nik_koperasi"] == "1708012345678901"
    assert created["phone"] == "+6281273001234"
    assert (created["kind"], created["tier"], created["status"]) == ("ksp", "primer", "operating")
    assert created["region"]["code"] == kepahiang_desa
    assert (created["health_year"], created["health_total"], created["health_predicate"]) == (None, None, "")
    activity = created["activity"]
    year = last_due_fiscal_year(today=timezone.localdate())
    assert activity["active"] is False
    assert activity["window"] == [year - 1, year]
    assert (activity["held"], activity["missing"]) == ([], [year - 1, year])
    assert activity["rule"]["years"] == 2
    assert activity["rule"]["mode"] == "each"
    assert activity["reason"].startswith("Inactive: no RAT for fiscal years")
    pk = created["id"]
    assert client.get(f"/api/v1/cooperatives/{pk}").json() == created

    response = client.patch(
        f"/api/v1/cooperatives/{pk}", {"status": "dormant", "address": "Jl. Kopi 2"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["address"]) == ("dormant", "Jl. Kopi 2")
    assert response.json()["nik_koperasi"] == "1708012345678901"  # untouched by the partial update

    response = client.post(
        f"/api/v1/cooperatives/{pk}/officers",
        {"person": person.pk, "body": "pengurus", "role": "Ketua", "term_start": "2024-01-01"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    officer = response.json()
    assert officer["person"] == {"id": person.pk, "name": "Rahmat"}
    assert (officer["body"], officer["role"]) == ("pengurus", "Ketua")
    assert [o["id"] for o in client.get(f"/api/v1/cooperatives/{pk}/officers").json()] == [officer["id"]]

    response = client.post(
        f"/api/v1/cooperatives/{pk}/members", {"person": person.pk, "member_number": "A-001"}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    member = response.json()
    assert (member["person"]["id"], member["member_number"]) == (person.pk, "A-001")
    again = client.post(f"/api/v1/cooperatives/{pk}/members", {"person": person.pk}, content_type=JSON)
    assert again.status_code == 422
    assert list(again.json()["errors"]) == ["person"]
    members = client.get(f"/api/v1/cooperatives/{pk}/members?with_total=true").json()
    assert ([m["id"] for m in members["items"]], members["total"], members["next"]) == ([member["id"]], 1, None)

    assert client.delete(f"/api/v1/cooperatives/{pk}/officers/{officer['id']}").status_code == 204
    assert client.get(f"/api/v1/cooperatives/{pk}/officers").json() == []
    assert client.delete(f"/api/v1/cooperatives/{pk}/members/{member['id']}").status_code == 204
    assert client.delete(f"/api/v1/cooperatives/{pk}/members/{member['id']}").status_code == 404
    assert client.delete(f"/api/v1/cooperatives/{pk}").status_code == 204
    assert client.get(f"/api/v1/cooperatives/{pk}").status_code == 404
    assert not Cooperative.objects.filter(pk=pk).exists()
    logged = ChangeLog.objects.filter(object_id=str(pk), content_type__model="cooperative")
    assert sorted(logged.values_list("action", "source")) == [("create", "api"), ("delete", "api"), ("update", "api")]


def test_register_validation_is_field_errors(client, coop, person):
    url = f"/api/v1/cooperatives/{coop.pk}"
    cases: list[tuple[str, dict[str, Any], set[str]]] = [
        ("post", {"name": "A", "kind": "bank", "region": "17.08"}, {"kind"}),
        ("post", {"name": "A", "kind": "ksp", "region": "17"}, {"region"}),
        ("post", {"name": "A", "kind": "ksp", "region": "17.99"}, {"region"}),
        ("post", {"name": " ", "kind": "ksp", "region": "17.08", "nik_koperasi": "12-AB"}, {"name", "nik_koperasi"}),
        ("post", {"kind": "ksp", "region": "17.08", "nama": "A"}, {"name", "nama"}),
        ("patch", {"legal_entity_date": "2020-01-01", "amendment_date": "2019-01-01"}, {"amendment_date"}),
        ("patch", {"email": "not-an-email"}, {"email"}),
        ("patch", {"name": "A" * 201}, {"name"}),
        ("patch", {"status": "asleep"}, {"status"}),
    ]
    for method, body, fields in cases:
        target = url if method == "patch" else "/api/v1/cooperatives"
        response = getattr(client, method)(target, body, content_type=JSON)
        assert response.status_code == 422, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert set(response.json()["errors"]) == fields, body
    bad_officer = client.post(
        url + "/officers",
        {
            "person": person.pk,
            "body": "pengurus",
            "role": "Ketua",
            "term_start": "2024-01-01",
            "term_end": "2023-01-01",
        },
        content_type=JSON,
    )
    assert list(bad_officer.json()["errors"]) == ["term_end"]
    assert client.get(url).json()["name"] == "KSP Kopi Kabawetan"


def test_cooperative_with_reports_cannot_be_deleted(client, coop, kepahiang_officer):
    services.annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=2023, data=report_data())
    response = client.delete(f"/api/v1/cooperatives/{coop.pk}")
    assert response.status_code == 422
    assert "dissolved" in response.json()["errors"]["__all__"][0]
    assert Cooperative.objects.filter(pk=coop.pk).exists()


def test_list_filters_and_activity(client, coop, jember_coop, kepahiang_officer):
    year = last_due_fiscal_year(today=timezone.localdate())
    other = cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KUD Lestari", kind="konsumen")
    for fiscal_year in (year - 1, year):
        services.annual_report_save(
            actor=kepahiang_officer, cooperative=coop, fiscal_year=fiscal_year, data=report_data(**rat(fiscal_year))
        )
    coop.refresh_from_db()

    def names(query: str) -> list[str]:
        response = client.get(f"/api/v1/cooperatives?{query}")
        assert response.status_code == 200, response.content
        return [c["name"] for c in response.json()["items"]]

    assert names("") == ["KSP Kopi Kabawetan", "KUD Lestari"]
    assert names("q=kopi") == ["KSP Kopi Kabawetan"]
    assert names("kind=konsumen") == ["KUD Lestari"]
    assert names(f"region={village('17.08')}") == ["KSP Kopi Kabawetan"]
    assert names(f"predicate={coop.health_predicate}") == ["KSP Kopi Kabawetan"]
    assert names("status=dissolved") == []
    assert names("region=35.09") == []  # Jember is outside the officer's scope
    listed = {c["id"]: c for c in client.get("/api/v1/cooperatives").json()["items"]}
    # The page's activity, read for all rows at once, is what the detail computes one by one.
    for pk in (coop.pk, other.pk):
        assert listed[pk]["activity"] == client.get(f"/api/v1/cooperatives/{pk}").json()["activity"]
    assert listed[coop.pk]["activity"]["active"] is True
    assert listed[coop.pk]["activity"]["held"] == [year - 1, year]
    assert listed[coop.pk]["activity"]["reason"].startswith("Active: RAT held for fiscal years")
    assert listed[coop.pk]["health_year"] == year
    assert listed[coop.pk]["health_total"] == f"{coop.health_total:.2f}"
    assert listed[other.pk]["activity"]["active"] is False
    for query in ["kind=bank", "status=x", "region=abc", "limit=0", "cursor=zzz", "predicate=" + "X" * 31]:
        response = client.get(f"/api/v1/cooperatives?{query}")
        assert response.status_code == 422, query
        assert response.json()["errors"], query


def test_list_queries_do_not_grow_with_the_page(client, kepahiang_officer):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/cooperatives?limit=50").status_code == 200
        return len(queries)

    for i in range(2):
        cooperative_make(actor=kepahiang_officer, region_code="17.08", name=f"Koperasi {i}")
    count()  # the token's first use is recorded once
    few = count()
    for i in range(2, 12):
        cooperative_make(actor=kepahiang_officer, region_code="17.08", name=f"Koperasi {i}")
    assert count() == few


def test_walk_all_pages(client, kepahiang_officer):
    names = ["Koperasi Tani"] * 4 + ["Koperasi Nelayan"] * 3 + ["KUD Mandiri", "koperasi tani"]
    for name in names:
        cooperative_make(actor=kepahiang_officer, region_code="17.08", name=name)
    first = client.get("/api/v1/cooperatives?limit=2&with_total=true").json()
    assert first["total"] == len(names)
    seen, cursor = [], None
    while True:
        body = client.get("/api/v1/cooperatives?limit=2" + (f"&cursor={cursor}" if cursor else "")).json()
        assert len(body["items"]) <= 2
        seen.extend(body["items"])
        cursor = body["next"]
        if cursor is None:
            break
    everything = client.get("/api/v1/cooperatives?limit=200").json()["items"]
    assert [c["id"] for c in seen] == [c["id"] for c in everything]
    assert len({c["id"] for c in seen}) == len(names)


# --- scoping --------------------------------------------------------------------------------------

# (method, url template, body): every endpoint that addresses one Kepahiang cooperative or its parts.
RECORD_ENDPOINTS = [
    ("get", "/api/v1/cooperatives/{coop}", None),
    ("patch", "/api/v1/cooperatives/{coop}", {"name": "Diganti"}),
    ("delete", "/api/v1/cooperatives/{coop}", None),
    ("get", "/api/v1/cooperatives/{coop}/officers", None),
    ("post", "/api/v1/cooperatives/{coop}/officers", {"person": "{person}", "body": "pengawas", "role": "Ketua"}),
    ("delete", "/api/v1/cooperatives/{coop}/officers/{officer}", None),
    ("get", "/api/v1/cooperatives/{coop}/members", None),
    ("post", "/api/v1/cooperatives/{coop}/members", {"person": "{person}"}),
    ("delete", "/api/v1/cooperatives/{coop}/members/{member}", None),
]
WRITES = [e for e in RECORD_ENDPOINTS if e[0] != "get"]


@pytest.fixture
def ids(coop, person, kepahiang_officer, kepahiang_desa) -> dict[str, int]:
    officer = services.cooperative_officer_add(
        actor=kepahiang_officer, cooperative=coop, data={"person_id": person.pk, "body": "pengurus", "role": "Ketua"}
    )
    other = registry_services.person_create(actor=kepahiang_officer, data={"name": "Yanti", "desa_id": kepahiang_desa})
    member = services.cooperative_member_add(actor=kepahiang_officer, cooperative=coop, data={"person_id": other.pk})
    return {"coop": coop.pk, "person": person.pk, "officer": officer.pk, "member": member.pk}


def _call(client, method: str, template: str, body: dict[str, Any] | None, ids: dict[str, int]):
    url = template.format(**ids)
    if body is None:
        return getattr(client, method)(url)
    data = {k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    return getattr(client, method)(url, data, content_type=JSON)


def _state() -> tuple[list[Any], ...]:
    return (
        list(Cooperative.objects.order_by("pk").values_list("pk", "name", "status")),
        list(CooperativeOfficer.objects.order_by("pk").values_list("pk", flat=True)),
        list(CooperativeMember.objects.order_by("pk").values_list("pk", flat=True)),
    )


@pytest.mark.parametrize(("method", "template", "body"), RECORD_ENDPOINTS)
def test_other_region_officer_gets_404(ids, jember_officer, client_for, method, template, body):
    before = _state()
    response = _call(client_for(jember_officer), method, template, body, ids)
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert _state() == before


@pytest.mark.parametrize(("method", "template", "body"), WRITES)
def test_viewer_gets_403_on_writes(ids, kepahiang_viewer, client_for, method, template, body):
    before = _state()
    response = _call(client_for(kepahiang_viewer), method, template, body, ids)
    assert response.status_code == 403, response.content
    assert response.json()["detail"]
    assert _state() == before


def test_viewer_reads_and_may_not_create(ids, kepahiang_viewer, client_for):
    client = client_for(kepahiang_viewer)
    assert client.get(f"/api/v1/cooperatives/{ids['coop']}").status_code == 200
    assert [c["id"] for c in client.get("/api/v1/cooperatives").json()["items"]] == [ids["coop"]]
    response = client.post("/api/v1/cooperatives", {"name": "A", "kind": "ksp", "region": "17.08"}, content_type=JSON)
    assert response.status_code == 403


def test_other_region_never_lists_nor_creates_there(coop, jember_coop, jember_officer, bengkulu_officer, client_for):
    client = client_for(jember_officer)
    assert [c["id"] for c in client.get("/api/v1/cooperatives?with_total=true").json()["items"]] == [jember_coop.pk]
    assert client.get("/api/v1/cooperatives?q=kopi").json()["items"] == []
    response = client.post("/api/v1/cooperatives", {"name": "A", "kind": "ksp", "region": "17.08"}, content_type=JSON)
    assert response.status_code == 403
    province = client_for(bengkulu_officer).get("/api/v1/cooperatives").json()["items"]
    assert [c["id"] for c in province] == [coop.pk]


def test_cooperative_officer_sees_only_their_cooperative(ids, jember_coop, coop_officer, client_for):
    client = client_for(coop_officer)
    assert [c["id"] for c in client.get("/api/v1/cooperatives").json()["items"]] == [ids["coop"]]
    assert client.get(f"/api/v1/cooperatives/{ids['coop']}").status_code == 200
    assert client.get(f"/api/v1/cooperatives/{ids['coop']}/officers").status_code == 200
    assert client.get(f"/api/v1/cooperatives/{jember_coop.pk}").status_code == 404
    before = _state()
    # The register entry, its officers and members are the office's to change.
    for method, template, body in WRITES:
        assert _call(client, method, template, body, ids).status_code in {403, 422}, template
    response = client.post("/api/v1/cooperatives", {"name": "A", "kind": "ksp", "region": "17.08"}, content_type=JSON)
    assert response.status_code == 403
    assert _state() == before


def test_openapi_lists_the_cooperative_paths(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/cooperatives",
        "/api/v1/cooperatives/{cooperative_id}",
        "/api/v1/cooperatives/{cooperative_id}/officers",
        "/api/v1/cooperatives/{cooperative_id}/officers/{officer_id}",
        "/api/v1/cooperatives/{cooperative_id}/members",
        "/api/v1/cooperatives/{cooperative_id}/members/{member_id}",
        "/api/v1/cooperatives/{cooperative_id}/reports",
        "/api/v1/cooperatives/{cooperative_id}/reports/{year}",
        "/api/v1/cooperatives/{cooperative_id}/reports/{year}/assess",
        "/api/v1/cooperatives/{cooperative_id}/assessments",
        "/api/v1/assessments/{assessment_id}",
    ]:
        assert path in paths, path
    report = paths["/api/v1/cooperatives/{cooperative_id}/reports/{year}"]
    assert set(report) == {"get", "put", "patch", "delete"}
    assert "422" in report["put"]["responses"]
    params = {p["name"] for p in paths["/api/v1/cooperatives"]["get"]["parameters"]}
    assert {"q", "region", "kind", "predicate", "status", "limit", "cursor", "with_total"} <= params
