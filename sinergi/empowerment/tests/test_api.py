"""The empowerment API: region-scoped reads and writes through the services, deciles logged when answered."""

from __future__ import annotations

import pytest

from sinergi.empowerment.models import GroupMember, GroupStatus, Visit
from sinergi.empowerment.tests.factories import household
from sinergi.privacy.models import AccessRecord
from sinergi.programs.models import Enrollment
from sinergi.programs.tests.factories import program

pytestmark = pytest.mark.django_db


def test_candidates_are_households_and_the_answer_is_logged(kepahiang_officer, jember_officer, api, source, desa):
    household(kepahiang_officer, source, desa.code, decile=1, persons=2, key="KK-DUA")
    household(kepahiang_officer, source, desa.code, decile=2, key="KK-SATU")
    answer = api(kepahiang_officer).get("/api/v1/empowerment/candidates", {"region": desa.code})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["households"], body["persons"]) == (2, 3)
    assert [(h["household"], h["decile"], len(h["persons"])) for h in body["items"]] == [
        ("KK-DUA", 1, 2),
        ("KK-SATU", 2, 1),
    ]
    assert set(AccessRecord.objects.values_list("purpose", flat=True)) == {"api"}
    assert AccessRecord.objects.count() == 3
    other = api(jember_officer).get("/api/v1/empowerment/candidates", {"region": desa.code}).json()
    assert (other["households"], other["items"]) == (0, [])


def test_potentials_and_drafting_through_the_api(kepahiang_officer, jember_officer, api, source, desa):
    client = api(kepahiang_officer)
    made = client.post(
        "/api/v1/empowerment/potentials", {"desa": desa.code, "sector": "perikanan"}, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["sector_label"] == "fisheries"
    bad = client.post(
        "/api/v1/empowerment/potentials", {"desa": "17.08", "sector": "perikanan"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "desa" in bad.json()["errors"]
    assert client.get("/api/v1/empowerment/potentials").json()["items"][0]["desa"]["code"] == desa.code
    assert api(jember_officer).get("/api/v1/empowerment/potentials").json()["items"] == []
    for _i in range(20):
        household(kepahiang_officer, source, desa.code, decile=1)
    drafted = client.post("/api/v1/empowerment/drafts", {"desa": desa.code}, content_type="application/json")
    assert drafted.status_code == 201
    assert (drafted.json()["placed"], drafted.json()["left_out"]) == (20, 0)
    refused = api(jember_officer).post(
        "/api/v1/empowerment/drafts", {"desa": desa.code}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_a_group_is_read_moved_confirmed_visited_and_enrolled(kepahiang_officer, jember_officer, api, drafted):
    client = api(kepahiang_officer)
    a, b = drafted
    detail = client.get(f"/api/v1/empowerment/groups/{a.pk}")
    assert detail.status_code == 200
    members = detail.json()["members"]
    assert members[0]["reason"].startswith("decile 1, desa ")
    assert AccessRecord.objects.filter(purpose="api").count() == len(members)
    assert api(jember_officer).get(f"/api/v1/empowerment/groups/{a.pk}").status_code == 404
    assert client.get("/api/v1/empowerment/groups").json()["items"][0]["households"] == 15
    member = GroupMember.objects.filter(group=b).order_by("id")[0]
    moved = client.post(f"/api/v1/empowerment/members/{member.pk}/move", {"to": a.pk}, content_type="application/json")
    assert moved.status_code == 200
    assert moved.json()["households"] == 16
    no_leader = client.post(f"/api/v1/empowerment/groups/{a.pk}/confirm")
    assert no_leader.status_code == 422
    assert "leader" in no_leader.json()["detail"]
    GroupMember.objects.filter(pk=member.pk).update(is_leader=True)
    confirmed = client.post(f"/api/v1/empowerment/groups/{a.pk}/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == GroupStatus.ACTIVE
    visit = client.post(
        f"/api/v1/empowerment/groups/{a.pk}/visits",
        {"visited_on": "2024-06-01", "incomes": {member.household: "lt500"}},
        content_type="application/json",
    )
    assert visit.status_code == 201
    assert visit.json()["incomes"] == {member.household: "lt500"}
    assert Visit.objects.filter(group=a).count() == 1
    p = program(kepahiang_officer, name="Pelatihan Olahan Ikan", target="person", status="selection")
    enrolled = client.post(
        f"/api/v1/empowerment/groups/{a.pk}/enrollments", {"program": p.pk}, content_type="application/json"
    )
    assert enrolled.status_code == 200
    assert [r["status"] for r in enrolled.json()].count("enrolled") == 16
    assert Enrollment.objects.filter(program=p).count() == 16
    figures = client.get("/api/v1/empowerment/figures", {"office": "17.08"}).json()
    assert figures["by_sector"] == [{"key": "perikanan", "label": "fisheries", "households": 16}]
    assert api(jember_officer).get("/api/v1/empowerment/figures", {"office": "17.08"}).status_code == 422


def test_the_api_is_for_the_offices_staff(kepahiang_viewer, api, drafted):
    client = api(kepahiang_viewer)
    assert client.get(f"/api/v1/empowerment/groups/{drafted[0].pk}").status_code == 200
    assert client.post(f"/api/v1/empowerment/groups/{drafted[0].pk}/confirm").status_code == 403
