"""Dataset sources, upward mapping files and their exports, and the periodic report (PDF parsed for its text)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from conftest import village
from sinergi.cooperatives.models import AnnualReport, Cooperative, CooperativeKind
from sinergi.core.jobs import job_run
from sinergi.registry.models import Business
from sinergi.reports import services
from sinergi.reports.mappings import BUILTIN_DIR, builtin_mappings, mapping_parse
from sinergi.reports.models import PeriodicReport, ReportStatus
from sinergi.reports.sources import get_source, register_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kepahiang_officer, jember_officer, clusters):
    for i in range(3):
        Business.objects.create(
            name=f"Usaha {i}",
            desa_id=village("17.08", i),
            scale="mikro",
            cluster=clusters["kuliner"],
            workforce=2,
            has_nib=i == 0,
        )
    Business.objects.create(name="Usaha kecil", desa_id=village("17.08"), scale="kecil", workforce=7)
    Business.objects.create(name="Usaha Jember", desa_id=village("35.09"), scale="mikro")
    active = Cooperative.objects.create(
        name="KSP Maju", kind=CooperativeKind.SIMPAN_PINJAM, region_id="17.08", nik_koperasi="1708010001"
    )
    idle = Cooperative.objects.create(name="Kop Diam", kind=CooperativeKind.JASA, region_id="17.08")
    for year in (2023, 2024):
        AnnualReport.objects.create(
            cooperative=active,
            fiscal_year=year,
            rat_held=True,
            members_end=40,
            staff=3,
            current_liabilities=Decimal("100"),
            long_term_liabilities=Decimal("50"),
            gross_participation=Decimal("1000"),
            non_member_income=Decimal("200"),
        )
    AnnualReport.objects.create(cooperative=idle, fiscal_year=2024, rat_held=False, members_end=10)
    return {"active": active, "idle": idle}


def test_business_source_groups_by_kabupaten_cluster_scale_and_scopes(world, kepahiang_officer, jember_officer):
    rows = get_source("businesses").rows(user_or_none=kepahiang_officer, region_code="", year=2025)
    assert {(r["region_code"], r["scale"], r["businesses"], r["with_nib"], r["workforce"]) for r in rows} == {
        ("17.08", "Micro (mikro)", 3, 1, 6),
        ("17.08", "Small (kecil)", 1, 0, 7),
    }
    assert all(
        r["region_code"] == "35.09"
        for r in get_source("businesses").rows(user_or_none=jember_officer, region_code="", year=2025)
    )
    # No user: every region under the code asked for (aggregates for publishing).
    assert (
        sum(r["businesses"] for r in get_source("businesses").rows(user_or_none=None, region_code="", year=2025)) == 5
    )


def test_cooperative_source_counts_active_inactive_and_rat(world, kepahiang_officer):
    (row,) = get_source("cooperatives").rows(user_or_none=kepahiang_officer, region_code="17.08", year=2024)
    assert (row["cooperatives"], row["active"], row["inactive"], row["rat_held"], row["members"], row["staff"]) == (
        2,
        1,
        1,
        1,
        50,
        3,
    )


def test_a_source_registers_with_one_call():
    class Fake:
        code = "fake"
        label = "Fake"
        dimensions = ()
        measures = ()
        units = "n"

        def rows(self, *, user_or_none, region_code, year):
            return [{"region_code": "17", "region_name": "Bengkulu", "n": 9}]

    register_source(Fake())
    assert get_source("fake").rows(user_or_none=None, region_code="", year=2025)[0]["n"] == 9
    with pytest.raises(ValidationError):
        get_source("nothing")


def test_builtin_mappings_are_valid_and_provisional():
    found = builtin_mappings()
    assert set(found) == {"ods-koperasi", "sidt-kumkm"}
    assert all(m.provisional for m in found.values())
    assert any(c.header == "Jumlah Manajer" and not c.mapped for c in found["ods-koperasi"].columns)


def _mapping(**changes):
    data = json.loads((BUILTIN_DIR / "ods-koperasi-v1.json").read_text())
    data.update(changes)
    return data


def test_mapping_errors_say_where():
    data = _mapping()
    data["columns"][2] = {"header": "X", "field": "no_such"}
    data["columns"][3] = {"header": "Y", "sum": ["name", "shu"]}
    data["columns"][4] = {"header": "Z", "field": "shu", "unmapped": "both"}
    data["extra"] = 1
    with pytest.raises(ValidationError) as exc:
        mapping_parse(json.dumps(data))
    text = " | ".join(exc.value.messages)
    assert "columns[2].field: unknown field “no_such”" in text
    assert "columns[3].sum: the field “name” is not a number" in text
    assert "columns[4]: give exactly one of field, sum or unmapped" in text
    assert "extra: unknown key" in text
    with pytest.raises(ValidationError) as exc:
        mapping_parse(b'{"format": ')
    assert "line 1, column 12" in exc.value.messages[0]


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return book, [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_ods_export_fills_the_mapped_columns(world, client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    response = client.get(reverse("report_upward_export"), {"mapping": "ods-koperasi", "year": 2024})
    assert response.status_code == 200
    _book, rows = _sheet(response)
    header = rows[0]
    by_name = {r[header.index("Nama Koperasi")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    maju = by_name["KSP Maju"]
    assert maju["NIK Koperasi"] == "1708010001"
    assert maju["Status Aktif"] == "yes"
    assert by_name["Kop Diam"]["Status Aktif"] == "no"
    assert maju["Jumlah Anggota"] == 40
    assert maju["Modal Luar"] == 150
    assert maju["Volume Usaha"] == 1200
    assert maju["Jumlah Manajer"] is None


def test_uploaded_mapping_replaces_the_builtin_one_without_code(world, client, kepahiang_officer, jember_officer):
    data = _mapping(
        version="2", columns=[{"header": "Nama", "field": "name"}, {"header": "SHU Tahun Ini", "field": "shu"}]
    )
    raw = json.dumps(data).encode()
    services.mapping_upload(actor=kepahiang_officer, office_code="17.08", raw=raw)
    with pytest.raises(ValidationError):
        services.mapping_upload(actor=kepahiang_officer, office_code="17.08", raw=raw)
    client.force_login(kepahiang_officer)
    _book, rows = _sheet(client.get(reverse("report_upward_export"), {"mapping": "ods-koperasi", "year": 2024}))
    assert rows[0] == ["Nama", "SHU Tahun Ini"]
    # Another office keeps the built-in mapping.
    client.force_login(jember_officer)
    _book, rows = _sheet(client.get(reverse("report_upward_export"), {"mapping": "ods-koperasi", "year": 2024}))
    assert rows[0][0] == "Kode Provinsi"
    assert len(rows) == 1


def test_upload_page_shows_the_precise_error(client, kepahiang_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(kepahiang_officer)
    bad = SimpleUploadedFile("m.json", json.dumps(_mapping(subject="planet")).encode())
    response = client.post(reverse("report_upward"), {"office": "17.08", "file": bad})
    assert response.status_code == 400
    assert "subject: must be one of business, cooperative" in response.content.decode()


def test_periodic_report_is_a_job_kept_and_downloadable(world, client, kepahiang_officer, jember_officer):
    client.force_login(kepahiang_officer)
    response = client.post(reverse("report_list"), {"office": "17.08", "period_kind": "year", "year": 2025})
    assert response.status_code == 302
    report = PeriodicReport.objects.get()
    assert report.status == ReportStatus.QUEUED
    assert report.job_id is not None
    job = job_run(job_id=report.job_id)
    assert job.status == "succeeded", job.message
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    pdf = client.get(reverse("report_download", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Kepahiang" in text
    assert "Year 2025" in text
    assert "fiscal year 2024" in text
    assert "Cooperatives by regency/city" in text
    assert "Businesses by scale" in text
    xlsx = client.get(reverse("report_download", args=[report.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 4
    coops = book.worksheets[0]
    assert [c.value for c in coops[5]][:4] == ["Kabupaten Kepahiang", 2, 1, 1]
    client.force_login(jember_officer)
    assert client.get(reverse("report_download", args=[report.pk, "pdf"])).status_code == 404


def test_a_reader_may_not_ask_for_a_report(kepahiang_viewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.periodic_report_request(actor=kepahiang_viewer, office_code="17.08", period_kind="year", year=2025)
