"""The import pages, through the test client."""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sinergi.core.jobs import job_run
from sinergi.ingest.models import ImportBatch, ImportStatus
from sinergi.ingest.tests.test_import import BAD, GOOD, HEADER

pytestmark = pytest.mark.django_db


def _csv_bytes(rows) -> bytes:
    lines = [";".join(HEADER)] + [";".join(str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _upload(client, rows=GOOD + BAD, name="umkm.csv"):
    data = {"file": SimpleUploadedFile(name, _csv_bytes(rows), "text/csv"), "region": "17.08", "source": "web-uji"}
    return client.post(reverse("import_new"), data)


def test_upload_map_run_and_read_the_rejections(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    response = _upload(client)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_detail", args=[batch.pk])

    page = client.get(reverse("import_detail", args=[batch.pk]))
    html = page.content.decode()
    assert 'name="col_1"' in html
    assert '<option value="business_name" selected>' in html  # "Nama Usaha" was recognised
    assert "Keripik Pisang Bu Sari" in html  # the first values are shown beside the mapping

    form = {f"col_{i}": f for i, f in batch.mapping.items() if f}
    response = client.post(reverse("import_mapping", args=[batch.pk]), form)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED
    assert batch.job is not None
    job_run(job_id=batch.job.pk)

    html = client.get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert "Rejected rows" in html
    assert "Kota Agungg" in html  # the rejected row's own values
    progress = client.get(reverse("import_detail", args=[batch.pk]) + "?part=progress", HTTP_HX_REQUEST="true")
    assert b'id="progress"' in progress.content
    assert b"hx-trigger" not in progress.content  # finished: the page stops polling

    download = client.get(reverse("import_rejections_xlsx", args=[batch.pk]))
    book = openpyxl.load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert book.active is not None
    assert book.active.max_row == 1 + len(BAD)


def test_a_mapping_without_a_village_column_is_refused_on_the_page(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    _upload(client)
    batch = ImportBatch.objects.get()
    response = client.post(reverse("import_mapping", args=[batch.pk]), {"col_1": "business_name"})
    assert response.status_code == 422
    assert batch.status == ImportStatus.MAPPING
    assert "village" in response.content.decode().lower()


def test_an_oversized_upload_is_refused_before_it_is_read(client, kepahiang_officer, settings):
    settings.SINERGI_IMPORT_MAX_BYTES = 100
    client.force_login(kepahiang_officer)
    response = _upload(client, rows=GOOD * 50)
    assert response.status_code == 413
    assert "MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_renamed_file_gets_a_message_on_the_form(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    data = {
        "file": SimpleUploadedFile("umkm.xlsx", b"Nama Usaha;Desa\n", "application/octet-stream"),
        "region": "17.08",
    }
    response = client.post(reverse("import_new"), data)
    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()


def test_imports_of_other_regions_are_not_found(client, kepahiang_officer, jember_officer):
    client.force_login(kepahiang_officer)
    _upload(client)
    batch = ImportBatch.objects.get()
    client.force_login(jember_officer)
    assert client.get(reverse("import_detail", args=[batch.pk])).status_code == 404
    assert batch.original_name not in client.get(reverse("import_list")).content.decode()


def test_the_template_downloads_as_a_workbook(client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    response = client.get(reverse("import_template"))
    assert b"".join(response.streaming_content).startswith(b"PK")
