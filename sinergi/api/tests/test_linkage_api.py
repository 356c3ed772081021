"""The duplicate endpoints: review, merge, undo, runs; scoping."""

from __future__ import annotations

import pytest

from sinergi.linkage.models import MatchCandidate
from sinergi.linkage.tests.test_review import _people, _run
from sinergi.registry.models import Person

pytestmark = pytest.mark.django_db


def test_pairs_of_other_regions_are_not_found(client_for, kepahiang_officer, jember_officer, kepahiang_desa):
    _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
    jember = client_for(jember_officer)
    assert jember.get("/api/v1/duplicates").json()["items"] == []
    candidate = MatchCandidate.objects.first()
    assert candidate is not None
    assert jember.post(f"/api/v1/duplicates/{candidate.pk}/distinct").status_code == 404


def test_review_merge_and_undo_through_the_api(client_for, kepahiang_officer, kepahiang_desa):
    people = _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
    api = client_for(kepahiang_officer)
    pairs = api.get("/api/v1/duplicates?kind=person").json()["items"]
    siti = next(p for p in pairs if {p["left"]["id"], p["right"]["id"]} == {people[0].pk, people[1].pk})
    assert siti["evidence"]
    assert siti["left"]["facts"]

    merged = api.post(f"/api/v1/duplicates/{siti['id']}/merge", {"keep": people[0].pk}, content_type="application/json")
    assert merged.status_code == 200, merged.content
    assert not Person.objects.filter(pk=people[1].pk).exists()
    again = api.post(f"/api/v1/duplicates/{siti['id']}/distinct")
    assert again.status_code == 422  # already decided

    undone = api.post(f"/api/v1/merges/{merged.json()['id']}/undo")
    assert undone.status_code == 200
    assert undone.json()["undone_at"] is not None
    assert Person.objects.filter(pk=people[1].pk).exists()

    run = api.post("/api/v1/duplicates/runs", {"kind": "business", "region": "17.08"}, content_type="application/json")
    assert run.status_code == 202
    assert run.json()["job"]["status"] == "queued"
