"""The mistakes a new office hit with its own spreadsheet, each fixed in the engine (issue 13)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.core.jobs import job_run
from sinergi.ingest.models import ImportBatch, NoteKind, RejectedRow, RowNote
from sinergi.ingest.tests.conftest import run_import, write_csv
from sinergi.registry.models import Business, BusinessYear, Cluster

pytestmark = pytest.mark.django_db

NIK_SARI = "1708015508850001"  # woman, born 15 August 1985, kecamatan 17.08.01


def _notes(batch, kind: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for note in RowNote.objects.filter(batch=batch, kind=kind):
        found.setdefault(note.source_row, []).append(note.message)
    return found


def test_a_fresh_database_has_the_standard_clusters_and_an_unknown_cluster_is_left_blank(kepahiang_officer, tmp_path):
    assert Cluster.objects.filter(slug="kuliner").exists()  # from the migration, no demo
    rows = [["Warung Sari", "Kota Agung", "Kuliner"], ["Toko Budi", "Kota Agung", "Sembako Grosir"]]
    path = write_csv(tmp_path / "k.csv", ["Nama Usaha", "Desa/Kel.", "Klaster"], rows)
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert (batch.created, batch.rejected) == (2, 0)
    assert Business.objects.get(name="Warung Sari").cluster == Cluster.objects.get(slug="kuliner")
    assert Business.objects.get(name="Toko Budi").cluster is None
    (message,) = _notes(batch, NoteKind.WARNING)[3]
    assert "Sembako Grosir" in message
    assert "left blank" in message


def test_an_empty_cluster_list_refuses_no_row(kepahiang_officer, tmp_path):
    Cluster.objects.all().delete()
    path = write_csv(
        tmp_path / "k.csv", ["Nama Usaha", "Desa/Kel.", "Klaster"], [["Warung Sari", "Kota Agung", "Kuliner"]]
    )
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert (batch.created, batch.rejected) == (1, 0)
    (message,) = _notes(batch, NoteKind.WARNING)[2]
    assert "no clusters are defined" in message
    assert "available: ." not in message


def test_a_renamed_file_updates_by_natural_key_and_says_how_each_row_was_matched(kepahiang_officer, tmp_path):
    header = ["Nama Usaha", "Nama Pemilik", "NIK", "Desa/Kel.", "NIB", "Omzet", "Tahun"]
    rows = [
        ["Kopi Kaba", "Budi", "", "Kota Agung", "1234567890123", "10 jt", "2024"],
        ["Keripik Sari", "Sari", NIK_SARI, "Kota Agung", "", "20 jt", "2024"],
        ["Dodol Rina", "Rina", "", "Kota Agung", "", "5 jt", "2024"],
    ]
    first = run_import(actor=kepahiang_officer, path=write_csv(tmp_path / "umkm.csv", header, rows), region="17.08")
    assert first.created == 3
    assert first.matched == {"nib": 0, "source_id": 0, "owner_name_desa": 0, "new": 3}
    rows[1][0] = "KERIPIK  SARI"  # the name written differently: still the same business of the same owner
    rows[2][5] = "6 jt"
    renamed = write_csv(tmp_path / "umkm (revisi).csv", header, rows)
    again = run_import(actor=kepahiang_officer, path=renamed, region="17.08")
    assert (again.created, again.updated, again.unchanged) == (0, 2, 1)
    assert again.matched == {"nib": 1, "source_id": 0, "owner_name_desa": 2, "new": 0}
    assert Business.objects.count() == 3
    assert BusinessYear.objects.get(business__name="Dodol Rina").annual_sales == Decimal("6000000")


def test_the_source_id_column_keys_rows_whatever_the_file_is_called(kepahiang_officer, tmp_path):
    header = ["Kode UMKM", "Nama Usaha", "Desa/Kel."]
    path = write_csv(tmp_path / "a.csv", header, [["U-1", "Warung Lama", "Kota Agung"]])
    run_import(actor=kepahiang_officer, path=path, region="17.08", source="data-dinas")
    renamed = write_csv(tmp_path / "b.csv", header, [["U-1", "Warung Baru", "Kota Agung"]])
    again = run_import(actor=kepahiang_officer, path=renamed, region="17.08", source="data-dinas")
    assert (again.created, again.updated) == (0, 1)
    assert again.matched["source_id"] == 1
    assert Business.objects.get().name == "Warung Baru"


def _sheet(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    book.save(path)
    return path


def test_a_year_in_the_title_rows_is_the_default_year(kepahiang_officer, tmp_path):
    path = _sheet(
        tmp_path / "t.xlsx",
        [
            ["DATA UMKM KABUPATEN KEPAHIANG TAHUN 2024"],
            [],
            ["Nama Usaha", "Desa/Kel.", "Omzet"],
            ["Warung Sari", "Kota Agung", "1.250.000,00"],
        ],
    )
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert (batch.default_year, batch.created, batch.rejected) == (2024, 1, 0)
    assert BusinessYear.objects.get().year == 2024


def test_a_column_without_a_field_is_kept_as_extra_data_and_founding_dates_are_read(kepahiang_officer, tmp_path):
    rows = [
        ["Warung Sari", "Kota Agung", "14-09-1996", "buka malam"],
        ["Toko Budi", "Kota Agung", "2001", ""],
    ]
    path = write_csv(tmp_path / "e.csv", ["Nama Usaha", "Desa/Kel.", "Tgl Berdiri", "Keterangan"], rows)
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert batch.mapping == {"0": "business_name", "1": "desa", "2": "founded_on", "3": "_extra"}
    sari, budi = Business.objects.get(name="Warung Sari"), Business.objects.get(name="Toko Budi")
    assert (sari.founded_on, sari.extra) == (dt.date(1996, 9, 14), {"Keterangan": "buka malam"})
    assert (budi.founded_on, budi.extra) == (dt.date(2001, 1, 1), {})
    (message,) = _notes(batch, NoteKind.WARNING)[3]
    assert "1 January 2001" in message


def test_a_business_given_twice_in_a_file_is_updated_by_its_later_row(kepahiang_officer, tmp_path):
    header = ["Nama Usaha", "Nama Pemilik", "NIK", "Desa/Kel.", "Omzet", "Modal", "Tahun"]
    rows = [
        ["Keripik Sari", "Sari", NIK_SARI, "Kota Agung", "10 jt", "2 jt", "2024"],
        ["Keripik Sari", "Sari", NIK_SARI, "Kota Agung", "12 jt", "", "2024"],
    ]
    batch = run_import(actor=kepahiang_officer, path=write_csv(tmp_path / "d.csv", header, rows), region="17.08")
    assert (batch.created, batch.updated, batch.rejected, batch.merged) == (1, 1, 0, 1)
    year = BusinessYear.objects.get()
    assert (year.annual_sales, year.modal_usaha) == (Decimal("12000000"), Decimal("2000000"))
    (message,) = _notes(batch, NoteKind.MERGED)[3]
    assert "row 2" in message


@pytest.mark.parametrize("label", ["JUMLAH", "TOTAL", "Jumlah Total", "Grand Total"])
def test_a_totals_row_is_skipped_and_counted(kepahiang_officer, tmp_path, label):
    rows = [[1, "Warung Sari", "Kota Agung", "1.000.000"], ["", label, "", "1.000.000"]]
    path = write_csv(tmp_path / "s.csv", ["No.", "Nama Usaha", "Desa/Kel.", "Omzet"], rows)
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08", year=2024)
    assert (batch.rows_seen, batch.accepted, batch.skipped, batch.rejected) == (2, 1, 1, 0)
    assert list(_notes(batch, NoteKind.SKIPPED)) == [3]


def test_the_command_writes_the_rejected_rows_where_asked(kepahiang_officer, tmp_path):
    path = write_csv(tmp_path / "r.csv", ["Nama Usaha", "Desa/Kel."], [["Warung", "Kota Agung"], ["", "Kota Agung"]])
    out = tmp_path / "ditolak.xlsx"
    call_command("import_businesses", str(path), user="kepahiang", region="17.08", rejections_out=str(out), stdout=None)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet.max_row == 2  # the header and the one rejected row
    assert sheet.cell(2, 1).value == 3


def _office_workbook(path: Path) -> Path:
    """A kabupaten's own spreadsheet: title rows, a two-row header merged over sub-columns, Indonesian
    amounts, dates as text and as Excel dates, an extra column and a totals row."""
    return _sheet(
        path,
        [
            ["DATA UMKM BINAAN DINAS KOPERASI DAN UKM"],
            ["KABUPATEN KEPAHIANG TAHUN 2024"],
            [],
            ["No.", "Nama Usaha", "Data Pemilik", None, "Alamat", None, "Omzet", "Tgl Berdiri", "Keterangan"],
            [None, None, "Nama Pemilik", "NIK", "Kecamatan", "Desa/Kel.", None, None, None],
            [
                1,
                "Keripik Pisang Bu Sari",
                "Sari Wulandari",
                NIK_SARI,
                "Kepahiang",
                "Pensiunan",
                "1.250.000,00",
                "14-09-1996",
                "binaan 2023",
            ],
            [
                2,
                "Kopi Bubuk Kaba",
                "Budi Santoso",
                "",
                "Kepahiang",
                "Pensiunan",
                "Rp 3.500.000",
                dt.datetime(2010, 5, 3),  # noqa: DTZ001 - an Excel date cell has no time zone
                "",
            ],
            [3, "Tenun Rejang", "Rina", "", "Kepahiang", "Pensiunan", 2500000, 2015, "pameran"],
            [None, "JUMLAH", None, None, None, None, "7.250.000,00", None, None],
        ],
        merges=("C4:D4", "E4:F4", "A4:A5", "B4:B5", "G4:G5", "H4:H5", "I4:I5"),
    )


def test_a_fresh_database_imports_an_office_spreadsheet_and_a_renamed_reimport_changes_nothing(
    kepahiang_officer: User, tmp_path
):
    path = _office_workbook(tmp_path / "DATA UMKM 2024.xlsx")
    first = run_import(actor=kepahiang_officer, path=path, region="17.08")
    rejected = list(RejectedRow.objects.filter(batch=first).values_list("source_row", "errors"))
    assert rejected == []
    assert (first.rows_seen, first.created, first.skipped, first.default_year) == (4, 3, 1, 2024)
    sari = Business.objects.get(name="Keripik Pisang Bu Sari")
    assert sari.owner is not None
    assert sari.owner.nik == NIK_SARI
    assert sari.founded_on == dt.date(1996, 9, 14)
    assert sari.extra == {"Keterangan": "binaan 2023"}
    assert BusinessYear.objects.get(business=sari).annual_sales == Decimal("1250000")
    assert Business.objects.get(name="Kopi Bubuk Kaba").founded_on == dt.date(2010, 5, 3)
    assert Business.objects.get(name="Tenun Rejang").founded_on == dt.date(2015, 1, 1)

    renamed = shutil.copy(path, tmp_path / "DATA UMKM 2024 (revisi).xlsx")
    again = run_import(actor=kepahiang_officer, path=Path(renamed), region="17.08")
    assert (again.created, again.updated, again.unchanged, again.skipped, again.rejected) == (0, 0, 3, 1, 0)
    assert Business.objects.count() == 3


def test_the_pages_show_the_title_year_the_kept_columns_the_counts_and_the_other_data(
    client, kepahiang_officer, tmp_path
):
    path = _office_workbook(tmp_path / "DATA UMKM 2024.xlsx")
    client.force_login(kepahiang_officer)
    with path.open("rb") as f:
        client.post(reverse("import_new"), {"file": f, "region": "17.08", "source": ""})
    batch = ImportBatch.objects.get()
    html = client.get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert 'name="default_year" id="id_default_year" min="1945" max="2100" value="2024"' in html
    assert "The file's title names the year 2024." in html
    assert '<option value="_extra" selected>keep as other data</option>' in html

    form = {f"col_{i}": f or "" for i, f in batch.mapping.items()}
    client.post(reverse("import_mapping", args=[batch.pk]), {**form, "default_year": "2024"})
    job_id = ImportBatch.objects.get().job_id
    assert job_id is not None
    job_run(job_id=job_id)
    html = client.get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert "Skipped (totals rows)" in html
    assert "new: 3" in html
    assert "A totals row, not a business." in html

    sari = Business.objects.get(name="Keripik Pisang Bu Sari")
    html = client.get(reverse("business_detail", args=[sari.pk])).content.decode()
    assert "<dt>Keterangan</dt><dd>binaan 2023</dd>" in html
    assert "14 Sep 1996" in html


def test_two_source_ids_are_two_businesses_however_alike(kepahiang_officer, tmp_path):
    rows = [["U-1", "Warung Sari", "Sari", "Kota Agung"], ["U-2", "Warung Sari", "Sari", "Kota Agung"]]
    path = write_csv(tmp_path / "c.csv", ["Kode UMKM", "Nama Usaha", "Nama Pemilik", "Desa/Kel."], rows)
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08", source="cabang")
    assert (batch.created, batch.merged, batch.rejected) == (2, 0, 0)
