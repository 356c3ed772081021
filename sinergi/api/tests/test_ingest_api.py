"""The import and duplicate endpoints: upload, map, start, rejections; review, merge, undo; scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.core.jobs import job_run
from sinergi.ingest.models import ImportBatch, MatchCandidate
from sinergi.ingest.tests.test_import import BAD, GOOD, HEADER
from sinergi.ingest.tests.test_linkage_review import _people, _run
from sinergi.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _file() -> SimpleUploadedFile:
    text = "\n".join([";".join(HEADER)] + [";".join(str(c) for c in r) for r in GOOD + BAD]) + "\n"
    return SimpleUploadedFile("umkm.csv", text.encode(), "text/csv")


def test_import_through_the_api(client_for, kepahiang_officer):
    api = client_for(kepahiang_officer)
    response = api.post("/api/v1/imports", {"file": _file(), "region": "17.08", "source": "api-uji"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["columns"][1] == "Nama Usaha"
    assert body["mapping"]["1"] == "business_name"

    mapping = {k: v for k, v in body["mapping"].items() if v}
    response = api.put(f"/api/v1/imports/{body['id']}/mapping", {"mapping": mapping}, content_type="application/json")
    assert response.status_code == 200, response.content
    response = api.post(f"/api/v1/imports/{body['id']}/start")
    assert response.status_code == 202
    assert response.json()["job"]["status"] == "queued"

    batch = ImportBatch.objects.get(pk=body["id"])
    assert batch.job is not None
    job_run(job_id=batch.job.pk)
    done = api.get(f"/api/v1/imports/{body['id']}").json()
    assert (done["status"], done["created"], done["rejected"]) == ("done", 2, 3)
    rejections = api.get(f"/api/v1/imports/{body['id']}/rejections?limit=2").json()
    assert [r["row"] for r in rejections["items"]] == [4, 5]
    assert rejections["items"][0]["errors"][0]["field"] == "owner_nik"
    following = api.get(f"/api/v1/imports/{body['id']}/rejections?limit=2&cursor={rejections['next']}").json()
    assert [r["row"] for r in following["items"]] == [6]


def test_a_bad_mapping_is_a_field_error(client_for, kepahiang_officer):
    api = client_for(kepahiang_officer)
    body = api.post("/api/v1/imports", {"file": _file(), "region": "17.08"}).json()
    response = api.put(
        f"/api/v1/imports/{body['id']}/mapping", {"mapping": {"1": "no_such_field"}}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "col_1" in response.json()["errors"]


def test_imports_and_pairs_of_other_regions_are_not_found(
    client_for, kepahiang_officer, jember_officer, kepahiang_desa
):
    body = client_for(kepahiang_officer).post("/api/v1/imports", {"file": _file(), "region": "17.08"}).json()
    jember = client_for(jember_officer)
    assert jember.get(f"/api/v1/imports/{body['id']}").status_code == 404
    assert jember.post("/api/v1/imports", {"file": _file(), "region": "17.08"}).status_code == 403
    _people(kepahiang_officer, kepahiang_desa)
    _run(kepahiang_officer)
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
