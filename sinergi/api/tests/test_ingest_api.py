"""The import endpoints: upload, map, start, rejections; scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.core.jobs import job_run
from sinergi.ingest.models import ImportBatch
from sinergi.ingest.tests.test_import import BAD, GOOD, HEADER

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


def test_imports_of_other_regions_are_not_found(client_for, kepahiang_officer, jember_officer):
    body = client_for(kepahiang_officer).post("/api/v1/imports", {"file": _file(), "region": "17.08"}).json()
    jember = client_for(jember_officer)
    assert jember.get(f"/api/v1/imports/{body['id']}").status_code == 404
    assert jember.post("/api/v1/imports", {"file": _file(), "region": "17.08"}).status_code == 403


def test_the_api_refuses_a_zip_bomb_at_once(client_for, kepahiang_officer, tmp_path):
    """Issue 14: a 1 MB XLSX whose sheet unpacks to over a gigabyte is refused from its zip directory."""
    from sinergi.ingest.tests.test_limits import MB, _bomb_sheet, write_xlsx

    bomb = write_xlsx(tmp_path / "umkm.xlsx", _bomb_sheet(1100 * MB))
    api = client_for(kepahiang_officer)
    response = api.post(
        "/api/v1/imports", {"file": SimpleUploadedFile(bomb.name, bomb.read_bytes()), "region": "17.08"}
    )
    assert response.status_code == 422  # the API's answer to a refused upload (problem JSON)
    assert "1,100.0 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()
