"""Issue 14: every cell any export writes is text unless the code means a formula. A user-typed name such as
=HYPERLINK("http://x","y") (a program, a business, a cooperative, a spreadsheet's header) must stay text in
every XLSX (no cell of type 'f') and be neutralised in every CSV (no cell starting with = + - @ tab or CR)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import village
from sinergi.accounts.services import api_token_create, system_actor
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.core.models import Job
from sinergi.ingest.models import ImportBatch
from sinergi.ingest.tests.conftest import run_import, write_csv
from sinergi.ingest.workbooks import RejectionSheet, write_rejections
from sinergi.programs.tests.factories import business, past_aid
from sinergi.registry.tests.conftest import login

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://x","y")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_formula_xlsx(data: bytes, *, expect: str | None = HOSTILE) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))  # not read-only: data_type reports formulas
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                texts.append(str(cell.value))
    if expect is not None:
        assert any(expect in text for text in texts), "the hostile name is not in the file at all"


def assert_no_formula_csv(data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert "'" + HOSTILE in cells


@pytest.fixture
def hostile(regions, kepahiang_officer):
    desa = village("17.08")
    aid = past_aid(kind="bantuan_modal", year=2022, business=business(desa, name=HOSTILE, scale="mikro"))
    aid.program.name = HOSTILE
    aid.program.save(update_fields=["name"])
    cooperative_make(actor=kepahiang_officer, region_code="17.08", name=HOSTILE)
    return aid


def test_list_exports_keep_names_as_text(client, kepahiang_officer, hostile):
    login(client, kepahiang_officer)
    for url in (reverse("business_export_xlsx"), reverse("program_list") + "?format=xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_formula_xlsx(_body(response))
    cooperatives = client.get(reverse("cooperative_list") + "?format=xlsx")
    assert cooperatives.status_code == 200
    assert_no_formula_xlsx(_body(cooperatives))
    assert_no_formula_csv(_body(client.get(reverse("business_export_csv"))))


def _api(user):
    _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


def test_report_workbooks_keep_names_as_text(client, kepahiang_officer, hostile):
    login(client, kepahiang_officer)
    report = client.get(reverse("program_beneficiaries_xlsx"), {"group_by": ["program"]})
    assert report.status_code == 200
    assert_no_formula_xlsx(_body(report))
    api = _api(kepahiang_officer).get("/api/v1/programs/reports/beneficiaries.xlsx?group_by=program")
    assert api.status_code == 200
    assert_no_formula_xlsx(api.content)
    indicators = client.get(reverse("coop_indicators_xlsx"), {"year": 2022})
    assert indicators.status_code == 200
    assert_no_formula_xlsx(_body(indicators), expect=None)  # rows by region: the walk still finds no formula


def test_rejected_rows_keep_the_files_headers_as_text(client, kepahiang_officer, tmp_path):
    header = ["Nama Usaha", "Nama Pemilik", "Desa/Kel.", HOSTILE, "@SUM(A1)"]
    path = write_csv(tmp_path / "umkm.csv", header, [["Usaha", "Pemilik", "Desa Tidak Ada", "-1+1", "+x"]])
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert batch.rejected == 1
    login(client, kepahiang_officer)
    download = client.get(reverse("import_rejections_xlsx", args=[batch.pk]))
    assert download.status_code == 200
    assert_no_formula_xlsx(_body(download))
    assert ImportBatch.objects.count() == 1

    coop = "Nama Koperasi;Tahun Buku;Total Aset;" + HOSTILE.replace(";", ",") + "\nKSP Satu;2023;abc;=1+1\n"
    response = client.post(
        reverse("coop_import"), {"file": SimpleUploadedFile("rat.csv", coop.encode()), "region": "17.08"}
    )
    assert response.status_code == 302
    from sinergi.core.jobs import job_run

    job = job_run(job_id=Job.objects.get(kind="cooperatives.report_import").pk)
    rejections = client.get(reverse("coop_import_rejections", args=[job.pk]))
    assert rejections.status_code == 200
    assert_no_formula_xlsx(_body(rejections), expect="=HYPERLINK")


def test_the_engine_writer_of_rejections_never_writes_a_formula(tmp_path: Path):
    stream = io.BytesIO()
    rows = [(2, [HOSTILE, 5, "+62812", None], "=reason")]
    write_rejections(
        stream,
        sheets=[RejectionSheet(title="Data", columns=[HOSTILE, "-x", "@y", "\tz"], rows=rows)],
        row_header="=Baris",
        reason_header="+Alasan",
        empty_title="Kosong",
    )
    assert_no_formula_xlsx(stream.getvalue())
