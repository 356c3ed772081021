"""Importing applicants from a spreadsheet: businesses found by NIB, by the owner's NIK, or by name and
village; the needs column; rows rejected with reasons; re-importing the same file changes nothing; the
whole file refused when it cannot be read; the API endpoint."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import village
from sinergi.accounts.services import api_token_create, system_actor
from sinergi.programs.imports import applications_import
from sinergi.programs.models import Application
from sinergi.programs.tests.factories import business, person, program
from sinergi.regions.models import Region


@pytest.fixture
def client_for():
    def make(user):
        _token, raw = api_token_create(actor=system_actor(), user=user, name="test")
        return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})

    return make


@pytest.fixture
def setup(kepahiang_officer, clusters):
    p = program(kepahiang_officer, name="Diklat Kemasan", topics=["Kemasan"], status="open")
    desa = village("17.08")
    owner = person(desa, nik="1708015505900001")
    made = {
        "by_nib": business(desa, docs=(("nib", None),), name="Kopi Kabawetan"),
        "by_nik": business(desa, owner=owner, name="Keripik Siti"),
        "by_name": business(desa, name="Tenun Rejang"),
    }
    made["by_nib"].documents.filter(kind="nib").update(number="9120001234567")
    return p, made, Region.objects.get(code=desa)


def _csv(lines: list[str]) -> tuple[io.BytesIO, int]:
    data = ("\n".join(lines) + "\n").encode()
    return io.BytesIO(data), len(data)


def _run(actor, p, lines, name="pendaftar.csv"):
    stream, size = _csv(lines)
    return applications_import(actor=actor, program=p, stream=stream, name=name, size=size)


def test_rows_found_rejected_and_idempotent(setup, kepahiang_officer):
    p, made, desa = setup
    lines = [
        "Daftar Peserta Diklat 2025",
        "No. Pendaftaran;NIB;NIK;Nama Usaha;Desa/Kel.;Kebutuhan",
        "D-1;9120.0012.34567;;;;Kemasan, Pemasaran  digital",
        "D-2;;1708015505900001;;;kemasan",
        f"D-3;;;Tenun Rejang;{desa.name};",
        "D-4;;;Tenun Rejang;Desa Tidak Ada;",
        "D-5;;12345;;;",
        "D-6;5555555555555;;;;",
        "D-7;;;;;ekspor",
    ]
    result = _run(kepahiang_officer, p, lines).as_dict()
    assert (result["created"], result["unchanged"], result["rejected"]) == (3, 0, 4)
    by_row = {r["row"]: r for r in result["rows"]}
    assert [by_row[n]["status"] for n in range(3, 10)] == ["created"] * 3 + ["rejected"] * 4
    assert "Desa Tidak Ada" in by_row[6]["reasons"][0]
    assert "16 digits" in by_row[7]["reasons"][0]
    assert "5555555555555" in by_row[8]["reasons"][0]
    assert "NIB" in by_row[9]["reasons"][0]
    first = Application.objects.get(pk=by_row[3]["application"])
    assert (first.business_id, first.source, first.external_ref) == (made["by_nib"].pk, "import", "D-1")
    assert first.needs == ["kemasan", "pemasaran digital"]
    assert Application.objects.get(pk=by_row[4]["application"]).business_id == made["by_nik"].pk
    assert Application.objects.get(pk=by_row[4]["application"]).person_id == made["by_nik"].owner_id
    assert Application.objects.get(pk=by_row[5]["application"]).business_id == made["by_name"].pk

    again = _run(kepahiang_officer, p, lines).as_dict()
    assert (again["created"], again["unchanged"], again["rejected"]) == (0, 3, 4)
    assert Application.objects.filter(program=p).count() == 3
    renamed = _run(kepahiang_officer, p, ["NIB;Kebutuhan", "9120001234567;kemasan"]).as_dict()
    assert renamed["rows"] == [{"row": 2, "status": "unchanged", "application": first.pk, "reasons": []}]
    clash = _run(kepahiang_officer, p, ["No. Pendaftaran;Nama Usaha;Desa", f"D-1;Tenun Rejang;{desa.name}"]).as_dict()
    assert clash["rows"][0]["status"] == "rejected"
    assert "D-1" in clash["rows"][0]["reasons"][0]


def test_xlsx_and_outside_businesses(setup, kepahiang_officer):
    p, _made, _desa = setup
    jember = business(village("35.09"), docs=(("nib", None),))
    jember.documents.update(number="9120009999999")
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Peserta")
    sheet.write_row(0, 0, ["NIB", "Kebutuhan Pelatihan"])
    sheet.write_row(1, 0, [9120001234567, "Kemasan"])  # a number cell, as Excel keeps it
    sheet.write_row(2, 0, ["9120009999999", ""])
    book.close()
    data = output.getvalue()
    result = applications_import(
        actor=kepahiang_officer, program=p, stream=io.BytesIO(data), name="peserta.xlsx", size=len(data)
    ).as_dict()
    assert [r["status"] for r in result["rows"]] == ["created", "rejected"]


def test_whole_file_refused(setup, kepahiang_officer, kepahiang_viewer, settings):
    p, _made, _desa = setup
    with pytest.raises(ValidationError) as exc:
        _run(kepahiang_officer, p, ["Nama;Alamat", "x;y"])
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError, match="xls"):
        _run(kepahiang_officer, p, ["NIB", "1"], name="lama.xls")
    with pytest.raises(ValidationError):
        applications_import(actor=kepahiang_officer, program=p, stream=io.BytesIO(b""), name="a.csv", size=0)
    settings.SINERGI_PROGRAM_IMPORT_MAX_ROWS = 2
    with pytest.raises(ValidationError, match="more than 2 rows"):
        _run(kepahiang_officer, p, ["NIB", "1", "2", "3"])
    with pytest.raises(PermissionDenied):
        _run(kepahiang_viewer, p, ["NIB", "1"])
    draft = program(kepahiang_officer, name="Masih Draf")
    with pytest.raises(ValidationError, match="open"):
        _run(kepahiang_officer, draft, ["NIB", "1"])


def test_api_upload(setup, kepahiang_officer, client_for, jember_officer):
    p, _made, _desa = setup
    upload = SimpleUploadedFile("peserta.csv", b"NIB,Kebutuhan\n9120001234567,kemasan\n", content_type="text/csv")
    response = client_for(kepahiang_officer).post(f"/api/v1/programs/{p.pk}/applicant-imports", {"file": upload})
    assert response.status_code == 200, response.content
    assert (response.json()["created"], response.json()["rows"][0]["status"]) == (1, "created")
    bad = SimpleUploadedFile("peserta.pdf", b"%PDF", content_type="application/pdf")
    response = client_for(kepahiang_officer).post(f"/api/v1/programs/{p.pk}/applicant-imports", {"file": bad})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    upload = SimpleUploadedFile("peserta.csv", b"NIB\n1\n", content_type="text/csv")
    response = client_for(jember_officer).post(f"/api/v1/programs/{p.pk}/applicant-imports", {"file": upload})
    assert response.status_code == 404


def test_cooperatives_and_persons(kepahiang_officer, regions):
    from sinergi.cooperatives.tests.factories import cooperative_make

    coops = program(kepahiang_officer, name="Diklat Koperasi", target="cooperative", status="open")
    made = cooperative_make(
        actor=kepahiang_officer, region_code=village("17.08"), name="KSP Maju", nik_koperasi="1708012345678901"
    )
    cooperative_make(actor=kepahiang_officer, region_code=village("17.08", 1), name="KSP Lain")
    result = _run(
        kepahiang_officer, coops, ["NIK Koperasi,Nama Koperasi", "1708.0123.4567.8901,", ",ksp lain", ",KSP Hilang"]
    ).as_dict()
    assert [r["status"] for r in result["rows"]] == ["created", "created", "rejected"]
    assert Application.objects.get(pk=result["rows"][0]["application"]).cooperative_id == made.pk
    people = program(kepahiang_officer, name="Diklat Perempuan", target="person", status="open")
    someone = person(village("17.08"), nik="1708014101900001")
    result = _run(kepahiang_officer, people, ["NIK;Kebutuhan", "1708014101900001;jahit", "1708019999999999;"]).as_dict()
    assert [r["status"] for r in result["rows"]] == ["created", "rejected"]
    assert Application.objects.get(pk=result["rows"][0]["application"]).person_id == someone.pk
    with pytest.raises(ValidationError, match="NIK"):
        _run(kepahiang_officer, people, ["Nama Usaha", "x"])
