"""Importing annual reports from office spreadsheets: every row accepted or rejected with its reasons,
re-imports idempotent, rejected rows fixable and re-importable, scope and file limits enforced."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sinergi.cooperatives import imports, services
from sinergi.cooperatives.imports import results as imports_results
from sinergi.cooperatives.imports.columns import (
    REASON_HEADER,
    SOURCE_ROW_HEADER,
    SPECS,
    _norm,
    detect_mapping,
    write_template,
)
from sinergi.cooperatives.models import AnnualReport, Cooperative, HealthAssessment
from sinergi.cooperatives.tests.report_sheets import (
    DATA_SHEET,
    EXPECTED,
    HEADER,
    plain_row,
    write_csv,
    write_messy_xlsx,
    write_xlsx,
)
from sinergi.core.jobs import job_run
from sinergi.core.models import ChangeLog, ChangeSource, Job, JobStatus

pytestmark = pytest.mark.django_db


def run(actor, path: Path, *, region: str = "17.08", year: int | None = None) -> Job:
    with path.open("rb") as handle:
        return imports.cooperative_reports_import(
            actor=actor, stream=handle, name=path.name, size=path.stat().st_size, region_code=region, default_year=year
        )


def reasons(job: Job) -> dict[int, list[tuple[str, str]]]:
    return {r.row: r.reasons for r in imports_results.rejected_rows(job)}


def test_a_messy_workbook_is_read_whole(kepahiang_officer, tmp_path):
    job = run(kepahiang_officer, write_messy_xlsx(tmp_path / "laporan.xlsx"))
    counts = job.checkpoint["counts"]
    assert job.status == JobStatus.SUCCEEDED
    assert counts["rows"] == 4
    assert (counts["accepted"], counts["rejected"], counts["skipped"]) == (3, 0, 1)  # the JUMLAH row is skipped
    assert job.checkpoint["skipped"] == [{"sheet": DATA_SHEET, "row": 10}]
    assert counts["created"] == counts["cooperatives_created"] == 3
    # Only the data sheet is read; its two-row header is found under the title rows.
    [sheet] = job.checkpoint["sheets"]
    assert (sheet["sheet"], sheet["header_rows"]) == (DATA_SHEET, [4, 5])
    assert sheet["unrecognised"] == []
    for name, expected in EXPECTED.items():
        cooperative = Cooperative.objects.get(name=name)
        assert (cooperative.region_id, cooperative.kind) == (expected["region"], expected["kind"])
        report = AnnualReport.objects.get(cooperative=cooperative)
        assert report.rat_held
        for field in set(expected) - {"region", "kind"}:
            assert getattr(report, field) == expected[field], (name, field)
        assert HealthAssessment.objects.filter(report=report).exists()  # saved through the service: scored
    maju = AnnualReport.objects.get(cooperative__name="KSP Maju Bersama")
    # "Kewajiban Lancar" under "Neraca" and "Lancar" under "Kolektibilitas Pinjaman" are told apart.
    assert maju.current_liabilities == Decimal(400_000_000)
    assert maju.substandard_loans == Decimal(40_000_000)
    assert maju.voluntary_savings == Decimal(300_000_000)
    assert Cooperative.objects.get(name="KSP Maju Bersama").nik_koperasi == "1708010020001"
    logged = ChangeLog.objects.filter(object_id=str(maju.pk), content_type__model="annualreport").get()
    assert (logged.source, logged.actor_id) == (ChangeSource.JOB, kepahiang_officer.pk)


def test_the_header_variants_map_to_the_report_fields():
    mapping = detect_mapping(
        [
            "No",
            "NAMA KOPERASI",
            "Kode Wilayah",
            "Tahun",
            "Jumlah Aktiva (Rp)",
            "Hutang Lancar",
            "Simpanan / Pokok",
            "Kas (Rp)",
            "Aset Tetap",
            "SHU Tahun Berjalan",
            "Anggota Penabung Sukarela",
        ]
    )
    assert mapping == {
        1: "name",
        2: "region_code",
        3: "fiscal_year",
        4: "total_assets",
        5: "current_liabilities",
        6: "principal_savings",
        7: "cash",
        9: "shu",
        10: "members_with_voluntary_savings",
    }  # "No" is skipped knowingly, "Aset Tetap" (fixed assets) is not taken for total assets


def test_no_two_fields_share_a_header_name():
    owners: dict[str, set[str]] = {}
    for spec in SPECS:
        for synonym in spec.synonyms:
            owners.setdefault(_norm(synonym), set()).add(spec.key)
    assert {name: keys for name, keys in owners.items() if len(keys) > 1} == {}


def test_an_unknown_or_ambiguous_place_is_rejected_naming_the_candidates(jember_officer, kepahiang_officer, tmp_path):
    path = write_csv(
        tmp_path / "salah.csv",
        HEADER,
        [plain_row("KSP Salah Desa", desa="Kota Agungg"), plain_row("KSP Salah Kec", kecamatan="Bermani", desa="")],
    )
    job = run(kepahiang_officer, path)
    assert job.checkpoint["counts"]["rejected"] == 2
    why = reasons(job)
    assert why[2] == [("Desa", "No village “Kota Agungg” in Kabupaten Kepahiang. Did you mean: Kota Agung?")]
    [(column, message)] = why[3]
    assert column == "Kecamatan"
    assert "No district (kecamatan) “Bermani”" in message
    assert "Bermani Ilir" in message
    assert not Cooperative.objects.exists()
    # Jember has two villages named Karangrejo: the row must say which.
    path = write_csv(tmp_path / "ganda.csv", HEADER, [plain_row("KSP Karangrejo", kecamatan="", desa="Karangrejo")])
    job = run(jember_officer, path, region="35.09")
    [(column, message)] = reasons(job)[2]
    assert column == "Desa"
    assert "matches 2 villages" in message
    assert "35.09.04.2008" in message
    assert "35.09.21.1004" in message


def test_a_cooperative_may_be_placed_at_a_district(kepahiang_officer, bengkulu_officer, tmp_path, monkeypatch):
    rows = [plain_row("KSP Kecamatan", desa="", kecamatan="ujan mas"), plain_row("KSP Kode", code="170803", desa="")]
    job = run(kepahiang_officer, write_csv(tmp_path / "kec.csv", HEADER, rows))
    assert reasons(job) == {}
    regions = dict(Cooperative.objects.values_list("name", "region_id"))
    assert regions == {"KSP Kecamatan": "17.08.02", "KSP Kode": "17.08.03"}
    # Where there are too many districts to list (a province), close names are suggested instead.
    monkeypatch.setattr("sinergi.cooperatives.imports.rows._LIST_ALL", 3)
    job = run(
        bengkulu_officer,
        write_csv(tmp_path / "p.csv", HEADER, [plain_row("KSP P", desa="", kecamatan="Ujan Mass")]),
        region="17",
    )
    [(_column, message)] = reasons(job)[2]
    assert message == "No district (kecamatan) “Ujan Mass” in Bengkulu. Did you mean: Ujan Mas?"


def test_an_unbalanced_balance_sheet_is_rejected_with_the_services_message(kepahiang_officer, tmp_path):
    rows = [plain_row("KSP Seimbang"), plain_row("KSP Timpang", assets="1.000.000.000", equity="400.000.000")]
    job = run(kepahiang_officer, write_csv(tmp_path / "neraca.csv", HEADER, rows))
    assert (job.checkpoint["counts"]["accepted"], job.checkpoint["counts"]["rejected"]) == (1, 1)
    [(column, message)] = reasons(job)[3]
    assert column == "Total Aset"
    assert message == (
        "The balance sheet does not balance: total assets Rp 1.000.000.000,00, but liabilities and equity add up "
        "to Rp 900.000.000,00 (a difference of Rp 100.000.000,00)."
    )
    # Nothing of the rejected row stays: not even the cooperative it would have added.
    assert list(Cooperative.objects.values_list("name", flat=True)) == ["KSP Seimbang"]


def test_every_reason_of_a_row_is_given_at_once(kepahiang_officer, tmp_path):
    row = plain_row("", year="dua ribu", assets="1,250", kind="Serba Usaha")
    job = run(kepahiang_officer, write_csv(tmp_path / "banyak.csv", HEADER, [row]))
    columns = [column for column, _message in reasons(job)[2]]
    assert columns == ["Nama Koperasi", "Tahun Buku", "Total Aset", "Jenis"]


def test_a_bad_place_and_a_bad_balance_sheet_are_both_reported(kepahiang_officer, tmp_path):
    row = plain_row("KSP Dua Salah", desa="Kota Agungg", equity="1", kind="")
    job = run(kepahiang_officer, write_csv(tmp_path / "dua.csv", HEADER, [row]))
    reasons_given = reasons(job)[2]
    assert [column for column, _message in reasons_given] == ["Desa", "Jenis", "Total Aset"]
    assert "not registered in Kabupaten Kepahiang; to add it, give its type" in reasons_given[1][1]
    assert reasons_given[2][1].startswith("The balance sheet does not balance")


def test_importing_the_same_file_again_changes_nothing(kepahiang_officer, tmp_path):
    path = write_messy_xlsx(tmp_path / "laporan.xlsx")
    run(kepahiang_officer, path)
    before = (Cooperative.objects.count(), AnnualReport.objects.count(), ChangeLog.objects.count())
    again = run(kepahiang_officer, path)
    counts = again.checkpoint["counts"]
    assert (counts["accepted"], counts["unchanged"], counts["created"], counts["updated"]) == (3, 3, 0, 0)
    assert counts["cooperatives_created"] == 0
    assert (Cooperative.objects.count(), AnnualReport.objects.count(), ChangeLog.objects.count()) == before


def test_a_corrected_file_updates_the_report_and_blank_cells_keep_stored_figures(kepahiang_officer, tmp_path):
    run(kepahiang_officer, write_csv(tmp_path / "a.csv", HEADER, [plain_row("KSP Maju", nik="1708010020001")]))
    header = ("NIK Koperasi", "Nama Koperasi", "Tahun Buku", "Total Aset", "Ekuitas", "SHU")
    row = ("1708010020001", "K.S.P. MAJU", "2023", "1.100.000.000", "600.000.000", "5 jt")
    job = run(kepahiang_officer, write_xlsx(tmp_path / "b.xlsx", header, [row]))
    assert (job.checkpoint["counts"]["updated"], job.checkpoint["counts"]["cooperatives_created"]) == (1, 0)
    report = AnnualReport.objects.get()
    assert (report.total_assets, report.equity, report.shu) == (Decimal(1_100_000_000), Decimal(600_000_000), 5_000_000)
    assert report.current_liabilities == Decimal(300_000_000)  # blank in the second file: kept
    assert report.cooperative.name == "KSP Maju"  # the register entry is not renamed by a report import


def test_a_registered_cooperative_is_found_by_its_name_in_its_region(kepahiang_officer, kepahiang_desa, tmp_path):
    registered = services.cooperative_create(
        actor=kepahiang_officer, data={"name": "Koperasi  Simpan-Pinjam Harapan", "kind": "ksp", "region_id": "17.08"}
    )
    rows = [plain_row("KOPERASI SIMPAN PINJAM HARAPAN", nik="1708010020009", kind="")]
    job = run(kepahiang_officer, write_csv(tmp_path / "nama.csv", HEADER, rows))
    assert job.checkpoint["counts"]["accepted"] == 1
    assert Cooperative.objects.get() == registered
    registered.refresh_from_db()
    assert registered.nik_koperasi == "1708010020009"  # the file supplied the NIK the register lacked
    # Two rows for the same cooperative and year: the second is rejected, not silently applied.
    rows = [plain_row("KSP Harapan", nik="1708010020009", year=2022)] * 2
    job = run(kepahiang_officer, write_csv(tmp_path / "dua.csv", HEADER, rows))
    assert reasons(job)[3] == [("Tahun Buku", "Row 2 of this file already gives the 2022 report of “KSP Harapan”.")]


def test_a_new_cooperative_needs_its_type_and_region(kepahiang_officer, tmp_path):
    header = ("Nama Koperasi", "Tahun Buku", "Total Aset")
    job = run(kepahiang_officer, write_csv(tmp_path / "baru.csv", header, [("KSP Belum Terdaftar", 2023, "")]))
    [(c1, m1), (c2, m2)] = reasons(job)[2]
    assert (c1, c2) == ("Region", "Type (jenis)")
    assert "“KSP Belum Terdaftar” is not registered in Kabupaten Kepahiang" in m1
    assert "Kode Wilayah, Desa or Kecamatan" in m1
    assert "KSP, KSPPS" in m2


def test_rejected_rows_download_fix_and_import_again(kepahiang_officer, tmp_path):
    rows = [
        plain_row("KSP Benar"),
        plain_row("KSP Timpang", equity="400.000.000"),
        plain_row("KSP Salah Desa", desa="Kota Agungg"),
    ]
    first = run(kepahiang_officer, write_xlsx(tmp_path / "awal.xlsx", HEADER, rows))
    assert first.checkpoint["counts"]["rejected"] == 2
    stream = BytesIO()
    assert imports_results.rejections_xlsx(job=first, stream=stream) == 2
    book = openpyxl.load_workbook(BytesIO(stream.getvalue()))
    sheet = book.active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == [SOURCE_ROW_HEADER, *HEADER, REASON_HEADER]
    assert [row[0] for row in cells[1:]] == [3, 4]
    assert cells[1][1] == "KSP Timpang"
    assert cells[1][-1].startswith("Total Aset: The balance sheet does not balance")
    assert cells[2][-1].startswith("Desa: No village “Kota Agungg”")
    # The officer fixes both rows in the downloaded file and imports it as it is.
    equity, desa = HEADER.index("Ekuitas") + 2, HEADER.index("Desa") + 2
    sheet.cell(row=2, column=equity, value="500.000.000")
    sheet.cell(row=3, column=desa, value="Kota Agung")
    book.save(tmp_path / "diperbaiki.xlsx")
    fixed = run(kepahiang_officer, tmp_path / "diperbaiki.xlsx")
    counts = fixed.checkpoint["counts"]
    assert (counts["accepted"], counts["rejected"], counts["created"]) == (2, 0, 2)
    assert fixed.checkpoint["sheets"][0]["unrecognised"] == []  # row and reason columns are skipped knowingly
    assert sorted(Cooperative.objects.values_list("name", flat=True)) == ["KSP Benar", "KSP Salah Desa", "KSP Timpang"]
    assert AnnualReport.objects.count() == 3


def test_regions_outside_the_users_scope_are_refused(kepahiang_officer, jember_officer, jember_desa, tmp_path):
    services.cooperative_create(
        actor=jember_officer,
        data={"name": "KSP Jember", "kind": "ksp", "region_id": jember_desa, "nik_koperasi": "3509010020001"},
    )
    rows = [plain_row("KSP Nyasar", code=jember_desa), plain_row("KSP Jember", nik="3509010020001")]
    job = run(kepahiang_officer, write_csv(tmp_path / "luar.csv", HEADER, rows))
    why = reasons(job)
    [(column, message)] = why[2]
    assert column == "Kode Wilayah"
    assert f"{jember_desa} " in message
    assert "is outside Kabupaten Kepahiang" in message
    assert why[3] == [
        ("NIK Koperasi", "NIK koperasi 3509010020001 belongs to a cooperative registered outside Kabupaten Kepahiang.")
    ]
    assert not AnnualReport.objects.exists()
    # The import's own region must be one the user edits; a viewer may not import at all.
    with pytest.raises(PermissionDenied):
        run(kepahiang_officer, write_csv(tmp_path / "j.csv", HEADER, [plain_row("X")]), region="35.09")


def test_whole_file_refusals_are_precise_and_write_nothing(kepahiang_officer, kepahiang_viewer, tmp_path, settings):
    with pytest.raises(PermissionDenied):
        run(kepahiang_viewer, write_csv(tmp_path / "v.csv", HEADER, [plain_row("X")]))
    (tmp_path / "surat.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ValidationError, match=re.escape("“surat.pdf”: only .xlsx and .csv files can be imported.")):
        run(kepahiang_officer, tmp_path / "surat.pdf")
    (tmp_path / "halaman.xlsx").write_text("<html><body><table></table></body></html>")
    with pytest.raises(ValidationError, match=re.escape("“halaman.xlsx” is a web page (HTML)")):
        run(kepahiang_officer, tmp_path / "halaman.xlsx")
    with pytest.raises(ValidationError, match=r"No header row found: .* “Nama Koperasi”"):
        run(kepahiang_officer, write_csv(tmp_path / "kosong.csv", ["A", "B"], [[1, 2]]))
    header = [h for h in HEADER if h != "Tahun Buku"]
    with pytest.raises(ValidationError, match="has no Tahun Buku column"):
        run(kepahiang_officer, write_xlsx(tmp_path / "tanpa-tahun.xlsx", header, [plain_row("X")[:6]]))
    settings.SINERGI_COOP_IMPORT_MAX_ROWS = 2
    rows = [plain_row(f"KSP {i}") for i in range(3)]
    with pytest.raises(ValidationError, match="more than 2 rows of data"):
        run(kepahiang_officer, write_csv(tmp_path / "besar.csv", HEADER, rows))
    assert not Cooperative.objects.exists()
    assert not Job.objects.filter(kind=imports.IMPORT_JOB).exists()


def test_a_year_named_sheet_or_the_chosen_year_stands_in_for_the_column(kepahiang_officer, tmp_path):
    header = [h for h in HEADER if h != "Tahun Buku"]
    row = [v for i, v in enumerate(plain_row("KSP Tahun")) if HEADER[i] != "Tahun Buku"]
    run(kepahiang_officer, write_xlsx(tmp_path / "t.xlsx", header, [row], sheet="Tahun 2022"))
    run(kepahiang_officer, write_xlsx(tmp_path / "u.xlsx", header, [row]), year=2023)
    assert sorted(AnnualReport.objects.values_list("fiscal_year", flat=True)) == [2022, 2023]


def test_the_template_lists_the_columns_and_its_example_imports(kepahiang_officer, tmp_path):
    path = tmp_path / "templat.xlsx"
    with path.open("wb") as handle:
        write_template(handle)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Laporan Koperasi", "Petunjuk"]
    headers = [c.value for c in book["Laporan Koperasi"][1]]
    assert {"Nama Koperasi", "NIK Koperasi", "Kode Wilayah", "Tahun Buku", "Tanggal RAT", "Kas", "Macet"} <= set(
        headers
    )
    assert len(detect_mapping(headers)) == len(headers)  # every template column is recognised
    job = run(kepahiang_officer, path)
    assert (job.checkpoint["counts"]["accepted"], job.checkpoint["counts"]["rejected"]) == (1, 0)
    report = AnnualReport.objects.get()
    assert (report.cooperative.region_id, report.rat_date) == ("17.08.01.2001", dt.date(2024, 3, 17))
    assert report.loss_loans == Decimal(15_000_000)


# --- Pages ---------------------------------------------------------------------------------------------


def _post(client, content: bytes, name: str = "laporan.csv", **extra):
    data = {"file": SimpleUploadedFile(name, content), "region": "17.08", **extra}
    return client.post(reverse("coop_import"), data)


def test_the_upload_page_imports_and_shows_the_result(client, kepahiang_officer, tmp_path):
    client.force_login(kepahiang_officer)
    page = client.get(reverse("coop_import"))
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    assert reverse("coop_import_template").encode() in page.content
    rows = [plain_row("KSP Benar"), plain_row("KSP Timpang", equity="1")]
    content = write_csv(tmp_path / "l.csv", HEADER, rows).read_bytes()
    response = _post(client, content)
    job = Job.objects.get(kind=imports.IMPORT_JOB)
    assert response.status_code == 302
    assert response["Location"] == reverse("coop_import_result", args=[job.pk])
    # The page queues the import as a job (issue 13): its result page shows the progress until a worker ran it.
    assert job.status == JobStatus.QUEUED
    assert job.progress_total == 2
    assert 'id="progress"' in client.get(response["Location"]).content.decode()
    assert not Cooperative.objects.exists()
    job_run(job_id=job.pk)
    html = client.get(response["Location"]).content.decode()
    assert 'id="progress"' not in html
    assert 'data-count="accepted">1<' in html
    assert 'data-count="rejected">1<' in html
    assert "The balance sheet does not balance" in html
    assert "KSP Timpang" in html
    download = client.get(reverse("coop_import_rejections", args=[job.pk]))
    book = openpyxl.load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert book.active is not None
    assert book.active.max_row == 2
    template = client.get(reverse("coop_import_template"))
    assert openpyxl.load_workbook(BytesIO(b"".join(template.streaming_content))).sheetnames[0] == "Laporan Koperasi"
    assert "laporan.csv" in client.get(reverse("coop_import")).content.decode()  # listed under the recent imports


def test_the_pages_are_for_office_editors_of_the_region(
    client, kepahiang_officer, jember_officer, kepahiang_viewer, tmp_path
):
    job = run(kepahiang_officer, write_csv(tmp_path / "l.csv", HEADER, [plain_row("KSP A")]))
    client.force_login(kepahiang_viewer)
    assert client.get(reverse("coop_import")).status_code == 403
    assert client.get(reverse("coop_import_result", args=[job.pk])).status_code == 200  # staff of the region read it
    assert [j.pk for j in imports_results.cooperative_imports_recent(user=kepahiang_viewer)] == [job.pk]
    assert imports_results.cooperative_imports_recent(user=jember_officer) == []
    client.force_login(jember_officer)
    assert client.get(reverse("coop_import_result", args=[job.pk])).status_code == 404
    assert client.get(reverse("coop_import_rejections", args=[job.pk])).status_code == 404
    # The form offers only the user's regions: Jember's officer cannot post Kepahiang.
    response = _post(client, b"Nama Koperasi;Tahun Buku\nKSP;2023\n")
    assert response.status_code == 400
    assert "17.08 is not one of the available choices" in response.content.decode()
    client.logout()
    assert client.get(reverse("coop_import")).status_code == 302  # to the sign-in page


def test_an_upload_without_the_csrf_token_is_refused(kepahiang_officer, tmp_path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kepahiang_officer)
    content = write_csv(tmp_path / "l.csv", HEADER, [plain_row("KSP A")]).read_bytes()
    response = client.post(reverse("coop_import"), {"file": SimpleUploadedFile("l.csv", content), "region": "17.08"})
    assert response.status_code == 403
    assert not Cooperative.objects.exists()


def test_a_too_large_or_non_spreadsheet_upload_is_refused_on_the_page(client, kepahiang_officer, settings):
    client.force_login(kepahiang_officer)
    settings.SINERGI_IMPORT_MAX_BYTES = 1024 * 1024
    response = _post(client, b"x" * (1024 * 1024 + 200 * 1024))
    assert response.status_code == 413
    assert re.search(r"The file is 1\.\d MB; at most 1 MB can be uploaded\.", response.content.decode())
    response = _post(client, b"%PDF-1.4 ...", name="laporan.pdf")
    assert response.status_code == 400
    assert "“laporan.pdf”: only .xlsx and .csv files can be imported." in response.content.decode()
    response = _post(client, b"Nama Koperasi;Tahun Buku\n", name="laporan.xlsx")
    assert response.status_code == 400
    assert "“laporan.xlsx” is not an .xlsx file" in response.content.decode()
    assert not Job.objects.exists()
