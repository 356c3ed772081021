"""The applicant import page on the applications tab: upload (editors only, CSRF, the import's size and
type limits), the result with counts and each rejected row with its reasons, and those rows as XLSX that
the import reads back."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import village
from sinergi.core.jobs import job_run
from sinergi.core.models import Job
from sinergi.programs.imports import applications_import
from sinergi.programs.imports.job import APPLICANT_IMPORT_JOB, applicant_import_upload
from sinergi.programs.models import Application
from sinergi.programs.tests.factories import business, program
from sinergi.registry.tests.conftest import login


@pytest.fixture
def setup(kepahiang_officer, clusters):
    p = program(kepahiang_officer, name="Diklat Kemasan", topics=["Kemasan"], status="open")
    desa = village("17.08")
    found = business(desa, docs=(("nib", None),), name="Kopi Kabawetan")
    found.documents.filter(kind="nib").update(number="9120001234567")
    return p, found


def _upload(text: str, name: str = "pendaftar.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


CSV = "No. Pendaftaran;NIB;Nama Usaha;Desa;Kebutuhan\nP-1;9120001234567;;;kemasan\nP-2;5555555555555;;;ekspor\n"


def test_tab_shows_the_form_to_editors_only(client, setup, kepahiang_officer, kepahiang_viewer):
    p, _found = setup
    url = reverse("program_detail", args=[p.pk]) + "?tab=applications"
    html = login(client, kepahiang_officer).get(url).content.decode()
    assert reverse("program_applicant_import", args=[p.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    html = login(Client(), kepahiang_viewer).get(url).content.decode()
    assert reverse("program_applicant_import", args=[p.pk]) not in html


def test_import_result_and_rejections_xlsx(client, setup, kepahiang_officer):
    p, found = setup
    login(client, kepahiang_officer)
    response = client.post(reverse("program_applicant_import", args=[p.pk]), {"file": _upload(CSV)})
    assert response.status_code == 302
    job = Job.objects.get(kind=APPLICANT_IMPORT_JOB)
    assert response["Location"] == reverse("program_applicant_import_result", args=[p.pk, job.pk])
    # Queued, not yet run: the page follows the job and nothing is written.
    waiting = client.get(response["Location"]).content.decode()
    assert 'id="progress"' in waiting
    assert 'data-field="created"' not in waiting
    assert not Application.objects.filter(program=p).exists()
    job = job_run(job_id=job.pk)
    assert job.status == "succeeded", job.message
    assert not job.checkpoint["stored"]  # the kept file is removed once imported
    application = Application.objects.get(program=p)
    assert (application.business_id, application.source, application.external_ref) == (found.pk, "import", "P-1")
    html = client.get(response["Location"]).content.decode()
    assert 'data-field="created">1<' in html
    assert 'data-field="rejected">1<' in html
    assert 'data-row="3"' in html
    assert "5555555555555" in html
    assert "No business with NIB 5555555555555" in html

    download = client.get(reverse("program_applicant_import_rejections", args=[p.pk, job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Baris asal", "No. Pendaftaran", "NIB", "Kebutuhan", "Alasan ditolak")
    assert rows[1][:4] == (3, "P-2", "5555555555555", "ekspor")
    assert "5555555555555" in str(rows[1][4])

    # The fixed file is read back: the NIB corrected, the row is added.
    again = business(village("17.08"), docs=(("nib", None),), name="Kopi Baru")
    again.documents.filter(kind="nib").update(number="5555555555555")
    data = download.content
    result = applications_import(
        actor=kepahiang_officer, program=p, stream=io.BytesIO(data), name="ditolak.xlsx", size=len(data)
    ).as_dict()
    assert [r["status"] for r in result["rows"]] == ["created"]
    assert Application.objects.get(pk=result["rows"][0]["application"]).needs == ["ekspor"]


def test_whole_file_refused_on_the_form(client, setup, kepahiang_officer, settings):
    p, _found = setup
    login(client, kepahiang_officer)
    url = reverse("program_applicant_import", args=[p.pk])
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")})
    assert response.status_code == 400
    assert "only .xlsx and .csv" in response.content.decode()
    settings.SINERGI_IMPORT_MAX_BYTES = 10
    response = client.post(url, {"file": _upload(CSV)})
    assert response.status_code == 400
    assert "at most" in response.content.decode()
    assert not Application.objects.filter(program=p).exists()
    response = client.post(url, {})
    assert response.status_code == 400


def test_scope_viewer_csrf_and_no_result(client, setup, kepahiang_viewer, jember_officer, kepahiang_officer):
    p, _found = setup
    url = reverse("program_applicant_import", args=[p.pk])
    assert login(client, kepahiang_viewer).post(url, {"file": _upload(CSV)}).status_code == 403
    assert login(Client(), jember_officer).post(url, {"file": _upload(CSV)}).status_code == 404
    assert not Application.objects.filter(program=p).exists()
    strict = Client(enforce_csrf_checks=True)
    assert login(strict, kepahiang_officer).post(url, {"file": _upload(CSV)}).status_code == 403
    assert not Application.objects.filter(program=p).exists()
    assert not Job.objects.filter(kind=APPLICANT_IMPORT_JOB).exists()
    # Another program's import (or any other job) is not this program's result.
    other = program(kepahiang_officer, name="Diklat Lain", topics=["Kemasan"], status="open")
    job = applicant_import_upload(
        actor=kepahiang_officer, program=other, stream=io.BytesIO(CSV.encode()), name="a.csv", size=len(CSV)
    )
    assert (
        login(Client(), kepahiang_officer)
        .get(reverse("program_applicant_import_result", args=[p.pk, job.pk]))
        .status_code
        == 404
    )
    mine = reverse("program_applicant_import_result", args=[other.pk, job.pk])
    assert login(Client(), kepahiang_officer).get(mine).status_code == 200
    assert login(Client(), jember_officer).get(mine).status_code == 404
    assert login(Client(), kepahiang_viewer).get(mine).status_code == 403


def test_a_job_killed_mid_file_runs_again_without_doubling(setup, kepahiang_officer, monkeypatch):
    """The run writes in one transaction: a failure mid-file leaves nothing, and the job claimed again
    imports the whole file once."""
    p, found = setup
    job = applicant_import_upload(
        actor=kepahiang_officer, program=p, stream=io.BytesIO(CSV.encode()), name="a.csv", size=len(CSV)
    )
    from sinergi.programs.imports import applicants

    real = applicants._Finder.find
    calls = {"n": 0}

    def dies_on_the_second_row(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the first row's application is written by now
            assert Application.objects.filter(program=p).count() == 1
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(applicants._Finder, "find", dies_on_the_second_row)
    with pytest.raises(RuntimeError):
        job_run(job_id=job.pk)
    assert not Application.objects.filter(program=p).exists()
    monkeypatch.setattr(applicants._Finder, "find", real)
    job = job_run(job_id=job.pk, force=True)
    assert job.status == "succeeded"
    assert job.checkpoint["result"]["created"] == 1
    assert Application.objects.filter(program=p, business=found).count() == 1


def test_a_failed_job_says_so(client, setup, kepahiang_officer):
    p, _found = setup
    job = applicant_import_upload(
        actor=kepahiang_officer, program=p, stream=io.BytesIO(CSV.encode()), name="a.csv", size=len(CSV)
    )
    p.status = "selection"
    p.save(update_fields=["status"])  # closed for applications before the worker got to the file
    job = job_run(job_id=job.pk)
    assert job.status == "failed"
    html = (
        login(client, kepahiang_officer)
        .get(reverse("program_applicant_import_result", args=[p.pk, job.pk]))
        .content.decode()
    )
    assert "The import failed; nothing was written." in html
    assert "only while the program is open" in html
