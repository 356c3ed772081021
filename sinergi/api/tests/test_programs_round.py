"""A program round through the API: applications with needs (staff and self-service), the pre-selection
checks, a seeded selection with a quota per cluster, acceptance, publication and the public report (no
private data), enrollments with the double-aid warning, sessions and attendance, aid from a budget line,
and the beneficiaries report with its XLSX export."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client

from conftest import village
from sinergi.programs.models import Application, Program
from sinergi.programs.tests.factories import business, past_aid, person, program

JSON = "application/json"
CLUSTERS = ("batik", "kopi")


@pytest.fixture
def client(jember_officer, client_for):
    return client_for(jember_officer)


@pytest.fixture
def tour(jember_officer, clusters) -> tuple[Program, dict[str, Any]]:
    """An open Jember study tour, NIB required, with two NIB businesses per cluster and one without."""
    p = program(
        jember_officer,
        region="35.09",
        name="Studi Banding 2025",
        kind="studi_banding",
        capacity=2,
        topics=["Pemasaran digital"],
        status="open",
    )
    desa = village("35.09.01")
    made: dict[str, Any] = {}
    for slug in CLUSTERS:
        for j in range(2):
            owner = person(
                desa, sex="P" if j else "L", nik=f"350901{len(made):02d}0190000{j}", name=f"Pemilik {slug}{j}"
            )
            made[f"{slug}{j}"] = business(
                desa, owner=owner, cluster=clusters[slug], docs=(("nib", None),), name=f"Usaha {slug} {j}"
            )
    made["informal"] = business(desa, cluster=clusters["batik"], name="Usaha Informal")
    return p, made


def _apply(client: Client, p: Program, business_id: int, **extra: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/programs/{p.pk}/applications", {"business": business_id, **extra}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def test_applications(client, tour, client_for, kepahiang_viewer, jember_officer):
    p, made = tour
    base = f"/api/v1/programs/{p.pk}"
    first = _apply(client, p, made["batik0"].pk, needs=["Pemasaran Digital"], external_ref="F-01")
    assert (first["source"], first["status"], first["needs"]) == ("staff", "submitted", ["pemasaran digital"])
    assert first["business"] == {"id": made["batik0"].pk, "name": "Usaha batik 0"}
    body = client.post(f"{base}/applications", {"business": made["batik0"].pk}, content_type=JSON)
    assert body.status_code == 422
    assert list(body.json()["errors"]) == ["business"]
    body = client.post(f"{base}/applications", {"person": made["batik0"].owner_id}, content_type=JSON)
    assert body.status_code == 422
    assert list(body.json()["errors"]) == ["person"]
    outside = business(village("17.08"))
    body = client.post(f"{base}/applications", {"business": outside.pk}, content_type=JSON)
    assert body.status_code == 422
    assert list(body.json()["errors"]) == ["business"]
    assert body.json()["errors"]["business"] == ["Unknown business."]

    patched = client.patch(f"{base}/applications/{first['id']}", {"needs": ["ekspor"]}, content_type=JSON)
    assert patched.status_code == 200
    assert patched.json()["needs"] == ["ekspor"]
    checks = client.get(f"{base}/checks").json()
    assert [(c["application"], c["mismatch"], c["need_match"]) for c in checks["items"]] == [
        (first["id"], True, "0.0000")
    ]
    assert checks["needs"] == {"pemasaran digital": 0, "ekspor": 1}
    assert [r["key"] for r in checks["rules"]] == ["r0"]

    withdrawn = client.post(f"{base}/applications/{first['id']}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert client.post(f"{base}/applications/{first['id']}/withdraw").status_code == 422
    listed = client.get(f"{base}/applications?status=withdrawn&with_total=true").json()
    assert ([a["id"] for a in listed["items"]], listed["total"]) == ([first["id"]], 1)

    viewer = client_for(kepahiang_viewer)
    assert viewer.get(f"{base}/applications").status_code == 404


def test_self_service_application(tour, jember_officer, client_for):
    from sinergi.accounts.models import Role
    from sinergi.accounts.services import system_actor, user_create

    p, made = tour
    owner = user_create(
        actor=system_actor(), username="pemilik", password=None, role=Role.OWNER, person_id=made["kopi1"].owner_id
    )
    mine = client_for(owner)
    body = _apply(mine, p, made["kopi1"].pk, needs=["pemasaran digital"])
    assert body["source"] == "self_service"
    other = mine.post(f"/api/v1/programs/{p.pk}/applications", {"business": made["kopi0"].pk}, content_type=JSON)
    assert other.status_code == 422
    assert list(other.json()["errors"]) == ["business"]
    _apply(client_for(jember_officer), p, made["kopi0"].pk)
    assert [a["id"] for a in mine.get(f"/api/v1/programs/{p.pk}/applications").json()["items"]] == [body["id"]]
    assert mine.get(f"/api/v1/programs/{p.pk}/selection-runs").status_code == 403
    assert mine.get(f"/api/v1/programs/{p.pk}/checks").status_code == 403


def test_selection_round(client, tour, jember_officer, clusters):
    p, made = tour
    base = f"/api/v1/programs/{p.pk}"
    rule = client.post(f"{base}/rules", {"kind": "legality", "params": {"nib": True}}, content_type=JSON)
    assert rule.status_code == 201
    apps = {k: _apply(client, p, b.pk, needs=["pemasaran digital"])["id"] for k, b in made.items()}
    assert client.post(f"{base}/selection-runs", {"seed": "x"}, content_type=JSON).status_code == 422  # still open
    assert client.post(f"{base}/status", {"to": "selection"}, content_type=JSON).status_code == 200

    bad = client.post(f"{base}/selection-runs", {"quotas": [{"by": "warna"}]}, content_type=JSON)
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["config"]
    bad = client.post(f"{base}/selection-runs", {"weights": {"poverty": 1.5}}, content_type=JSON)
    assert bad.status_code == 422
    config = {"seed": "APBD-2025-06-01", "quotas": [{"by": "cluster", "min": 1, "max": 1}], "weights": {"female": 1}}
    response = client.post(f"{base}/selection-runs", config, content_type=JSON)
    assert response.status_code == 201, response.content
    run = response.json()
    assert (run["seed"], run["capacity"], len(run["selected"])) == ("APBD-2025-06-01", 2, 2)
    chosen = {line["key"] for line in run["selected"]}
    assert chosen == {str(apps["batik1"]), str(apps["kopi1"])}  # the women, one per cluster
    assert all(line["features"] is not None for line in run["selected"])
    informal = next(line for line in run["not_selected"] if line["key"] == str(apps["informal"]))
    assert informal["why"].startswith("Not eligible")
    again = client.post(f"{base}/selection-runs", config, content_type=JSON).json()
    assert [line["key"] for line in again["selected"]] == [line["key"] for line in run["selected"]]
    assert [r["number"] for r in client.get(f"{base}/selection-runs").json()] == [2, 1]
    assert client.get(f"{base}/selection-runs/{run['id']}").json()["seed"] == "APBD-2025-06-01"

    assert Client().get(f"{base}/report").status_code == 404  # nothing published yet
    assert client.post(f"{base}/selection-runs/{run['id']}/publish").status_code == 422
    accepted = client.post(f"{base}/selection-runs/{run['id']}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["accepted_at"]
    assert client.post(f"{base}/selection-runs/{again['id']}/accept").status_code == 422
    published = client.post(f"{base}/selection-runs/{run['id']}/publish")
    assert published.status_code == 200
    assert published.json()["published_at"]
    assert Application.objects.get(pk=apps["batik0"]).status == "not_selected"

    public = Client().get(f"{base}/report")
    assert public.status_code == 200, public.content
    report = public.json()
    assert {line["key"] for line in report["selected"]} == chosen
    assert all("features" not in line for line in report["selected"] + report["not_selected"])
    text = public.content.decode()
    for owner in (b.owner for b in made.values() if b.owner):
        assert owner.nik not in text
    assert "decile" not in text

    enrollments = client.get(f"{base}/enrollments").json()["items"]
    assert sorted(e["application"] for e in enrollments) == sorted(int(k) for k in chosen)
    assert {e["selection_run"] for e in enrollments} == {run["id"]}


def test_enrollments_sessions_attendance_and_aid(client, jember_officer, jember_desa, clusters):
    p = program(jember_officer, region="35.09", name="Bantuan Modal 2025", kind="bantuan_modal", status="selection")
    base = f"/api/v1/programs/{p.pk}"
    line = client.post(f"{base}/budget-lines", {"source": "apbd_kabupaten", "amount": "5000000"}, content_type=JSON)
    line_id = line.json()["lines"][0]["id"]
    fresh = business(jember_desa, cluster=clusters["kopi"])
    aided = business(jember_desa)
    past_aid(kind="bantuan_modal", year=2024, region="35.09", business=aided)
    first = client.post(f"{base}/enrollments", {"business": fresh.pk}, content_type=JSON)
    assert first.status_code == 201, first.content
    warned = client.post(f"{base}/enrollments", {"business": aided.pk}, content_type=JSON)
    assert warned.status_code == 422
    assert list(warned.json()["errors"]) == ["double_aid"]
    assert "Program bantuan_modal 2024" in warned.json()["errors"]["double_aid"][0]
    second = client.post(
        f"{base}/enrollments", {"business": aided.pk, "acknowledge_double_aid": True}, content_type=JSON
    )
    assert second.status_code == 201
    e1, e2 = first.json()["id"], second.json()["id"]

    session = client.post(f"{base}/sessions", {"title": "Penyerahan", "held_on": "2025-07-01"}, content_type=JSON)
    assert session.status_code == 201, session.content
    sid = session.json()["id"]
    assert [s["id"] for s in client.get(f"{base}/sessions").json()] == [sid]
    assert client.post(f"{base}/status", {"to": "running"}, content_type=JSON).json()["status"] == "running"

    rows = {"rows": [{"enrollment": e1}, {"enrollment": e2, "present": False, "substitute": "Adiknya"}]}
    attendance = client.put(f"{base}/sessions/{sid}/attendance", rows, content_type=JSON)
    assert attendance.status_code == 200, attendance.content
    assert [(a["enrollment"], a["present"], a["substitute"]) for a in attendance.json()] == [
        (e1, True, ""),
        (e2, False, "Adiknya"),
    ]
    bad = client.put(f"{base}/sessions/{sid}/attendance", {"rows": [{"enrollment": 999999}]}, content_type=JSON)
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["enrollment"]
    assert client.get(f"{base}/sessions/{sid}/attendance").json() == attendance.json()

    aid = client.post(
        f"{base}/enrollments/{e1}/aid",
        {"budget_line": line_id, "amount": "3000000.00", "disbursed_on": "2025-07-01", "description": "Etalase"},
        content_type=JSON,
    )
    assert aid.status_code == 201, aid.content
    assert (aid.json()["amount"], aid.json()["source"]) == ("3000000.00", "apbd_kabupaten")
    over = client.post(
        f"{base}/enrollments/{e2}/aid",
        {"budget_line": line_id, "amount": "2500000", "disbursed_on": "2025-07-01"},
        content_type=JSON,
    )
    assert over.status_code == 422
    assert list(over.json()["errors"]) == ["amount"]
    assert client.get(f"{base}/budget").json()["remaining"] == "2000000.00"
    done = client.patch(
        f"{base}/enrollments/{e1}", {"status": "completed", "certificate_number": "C-1"}, content_type=JSON
    )
    assert done.status_code == 200
    assert done.json()["completed_on"]

    report = client.get("/api/v1/programs/reports/beneficiaries?group_by=source&group_by=year").json()
    assert [(r["keys"], r["beneficiaries"], r["aid"]) for r in report["rows"]] == [
        ({"source": "apbd_kabupaten", "year": 2025}, 2, "3000000.00")
    ]
    assert (report["total"]["beneficiaries"], report["total"]["aid"]) == (2, "3000000.00")
    bad = client.get("/api/v1/programs/reports/beneficiaries?group_by=colour")
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["group_by"]
    export = client.get("/api/v1/programs/reports/beneficiaries.xlsx?group_by=source")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["source", "beneficiaries", "enrollments", "aid (Rp)"]
    assert cells[1][:3] == ["APBD kabupaten/kota", 2, 2]
    assert cells[-1][0] == "Total"

    assert client.delete(f"{base}/enrollments/{e1}/aid/{aid.json()['id']}").status_code == 204
    assert client.get(f"{base}/enrollments/{e1}/aid").json() == []


def test_bad_input_is_a_problem_never_a_server_error(client, tour):
    p, made = tour
    base = f"/api/v1/programs/{p.pk}"
    _apply(client, p, made["batik0"].pk)
    cases: list[tuple[str, str, Any]] = [
        ("post", f"{base}/rules", {"kind": "age", "params": {"min": "tua"}}),
        ("post", f"{base}/rules", {"kind": "nonsense", "params": {}}),
        ("post", f"{base}/rules", {"kind": "scale", "params": "mikro"}),
        ("put", f"{base}/rules", {"rules": [{"kind": "region", "params": {"prefixes": [1, None]}}]}),
        ("post", f"{base}/applications", {"business": "x"}),
        ("post", f"{base}/applications", {"business": made["kopi0"].pk, "needs": "kemasan"}),
        ("post", f"{base}/applications", {"business": made["kopi0"].pk, "needs": ["x" * 81]}),
        ("post", f"{base}/applications", {"cooperative": 1}),
        ("post", f"{base}/selection-runs", {"seed": "s" * 101}),
        ("post", f"{base}/selection-runs", {"quotas": [{"by": "cluster", "min": "satu"}]}),
        ("post", f"{base}/selection-runs", {"quotas": [{"by": "cluster", "groups": {"batik": "x"}}]}),
        ("post", f"{base}/selection-runs", {"weights": {"need_match": "banyak"}}),
        ("post", f"{base}/selection-runs", {"weights": {"tinggi": 1}}),
        ("post", f"{base}/enrollments", {"business": made["kopi1"].pk, "enrolled_on": "kemarin"}),
        ("post", f"{base}/budget-lines", {"source": "apbn", "amount": "1e400"}),
        ("post", f"{base}/budget-lines", {"source": "apbn", "amount": "12345678901234567890"}),
        ("post", f"{base}/sessions", {"title": "", "held_on": "2025-13-01"}),
        ("get", f"{base}/eligibility?as_of=2025-02-30", None),
        ("get", f"{base}/eligibility?cursor=" + "9" * 40, None),
        ("get", f"{base}/applications?cursor=bm9wZQ", None),
        ("get", "/api/v1/programs/reports/beneficiaries?year_from=abc", None),
        ("get", "/api/v1/programs/reports/beneficiaries?kind=piknik", None),
        ("get", f"{base}/selection-runs/{2**63}", None),
        ("patch", f"{base}/applications/999999", {"needs": []}),
        ("post", f"{base}/selection-runs/999999/accept", None),
    ]
    for method, path, body in cases:
        kwargs = {"content_type": JSON, "data": body} if body is not None else {}
        response = getattr(client, method)(path, **kwargs)
        assert 400 <= response.status_code < 500, (path, body, response.status_code, response.content)
        assert response["Content-Type"].startswith("application/problem+json"), path
    assert client.post(f"{base}/status", {"to": "selection"}, content_type=JSON).status_code == 200
    run = client.post(f"{base}/selection-runs", {"quotas": [{"by": "cluster", "min": 1}]}, content_type=JSON)
    assert run.status_code == 201, run.content


def test_mentoring_visits_and_outcomes(client, jember_officer, jember_desa):
    p = program(jember_officer, region="35.09", name="Pendampingan 2025", kind="pendampingan", status="selection")
    base = f"/api/v1/programs/{p.pk}"
    shop = business(jember_desa, docs=(("halal", None),))
    enrollment = client.post(f"{base}/enrollments", {"business": shop.pk}, content_type=JSON).json()["id"]
    early = client.post(
        f"{base}/enrollments/{enrollment}/visits", {"visited_on": "2025-08-01", "mentor": "Pak Joko"}, content_type=JSON
    )
    assert early.status_code == 422  # not running yet
    assert list(early.json()["errors"]) == ["status"]
    assert client.post(f"{base}/status", {"to": "running"}, content_type=JSON).status_code == 200
    visit = client.post(
        f"{base}/enrollments/{enrollment}/visits",
        {"visited_on": "2025-08-01", "mentor": "Pak Joko", "topics": ["Pembukuan"], "next_steps": "Neraca"},
        content_type=JSON,
    )
    assert visit.status_code == 201, visit.content
    assert [v["topics"] for v in client.get(f"{base}/enrollments/{enrollment}/visits").json()] == [["pembukuan"]]
    document = shop.documents.get().pk
    outcome = client.post(
        f"{base}/enrollments/{enrollment}/outcomes", {"kind": "document", "document": document}, content_type=JSON
    )
    assert outcome.status_code == 201, outcome.content
    assert outcome.json()["document"] == document
    wrong = client.post(
        f"{base}/enrollments/{enrollment}/outcomes", {"kind": "document", "document": 999999}, content_type=JSON
    )
    assert wrong.status_code == 422
    assert list(wrong.json()["errors"]) == ["document"]
    survey = client.post(
        f"{base}/enrollments/{enrollment}/outcomes",
        {"kind": "survey", "answers": {"omzet naik": "ya"}},
        content_type=JSON,
    )
    assert survey.status_code == 201
    assert [o["kind"] for o in client.get(f"{base}/enrollments/{enrollment}/outcomes").json()] == ["document", "survey"]
