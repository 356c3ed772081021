"""Loading region lists: the bundled decree and an office's own CSV/XLSX."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sinergi.accounts.services import system_actor
from sinergi.core.models import ChangeLog
from sinergi.regions import codes
from sinergi.regions.models import Region
from sinergi.regions.readers import read_region_file
from sinergi.regions.services import RegionRow, regions_load


def test_seed_regions_have_kind_and_time_zone(regions):
    assert Region.objects.get(code="17.08").display_name == "Kabupaten Kepahiang"
    mataram = Region.objects.get(code="52.71")
    assert (mataram.kind, mataram.display_name, mataram.timezone) == ("kota", "Kota Mataram", "WITA")
    assert Region.objects.get(code="81.02").timezone == "WIT"
    assert Region.objects.get(code="72.09").timezone == "WITA"
    assert Region.objects.get(code="35.09").timezone == "WIB"
    village = Region.objects.get(code="17.08.01.2001")
    assert (village.kind, village.level, village.parent_id) == ("desa", 4, "17.08.01")
    assert Region.objects.get(code="17.08.01.1007").kind == "kelurahan"
    assert village.postal_code


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("17", "provinsi"),
        ("17.08", "kabupaten"),
        ("52.71", "kota"),
        ("17.08.01", "kecamatan"),
        ("17.08.01.1001", "kelurahan"),
        ("17.08.01.2001", "desa"),
        ("51.03.01.3001", "desa_adat"),
    ],
)
def test_kind_from_code(code, kind):
    assert codes.kind_for(code) == kind


def test_code_shapes():
    assert codes.normalize_code("1708012001") == "17.08.01.2001"
    for good in ["17", "17.08", "17.08.01", "17.08.01.2001"]:
        assert codes.is_valid_code(good)
    for bad in ["1", "17.8", "17.08.1", "17.08.01.201", "17.08.01.20011", "AB.08"]:
        assert not codes.is_valid_code(bad)


def test_load_is_idempotent_and_reports_changes(regions):
    actor = system_actor()
    rows = [RegionRow(1, "17.08.01.2001", "Kota Agung"), RegionRow(2, "17.08.01.2099", "Desa Baru")]
    first = regions_load(actor=actor, rows=rows, source="SK 2026")
    assert (first.added, first.changed, first.rejected) == (1, 0, [])
    again = regions_load(actor=actor, rows=rows, source="SK 2026")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    renamed = regions_load(actor=actor, rows=[RegionRow(1, "17.08.01.2099", "Desa Baru Jaya")], source="SK 2027")
    assert renamed.changed == 1
    log = ChangeLog.objects.filter(object_id="17.08.01.2099").order_by("-id").first()
    assert log is not None
    assert log.after is not None
    assert (log.before, log.after["name"]) == (
        {"name": "Desa Baru", "kind": "desa", "level": 4, "parent_id": "17.08.01", "timezone": "WIB"},
        "Desa Baru Jaya",
    )


def test_bad_rows_are_rejected_with_reasons_and_good_rows_kept(regions):
    rows = [
        RegionRow(2, "17.08.01.20A1", "Salah"),
        RegionRow(3, "17.08.99.2001", "Tanpa induk"),
        RegionRow(4, "17.08.01.2098", ""),
        RegionRow(5, "17.08.01.2097", "Desa Satu"),
        RegionRow(6, "17.08.01.2097", "Desa Satu lagi"),
        RegionRow(7, "17.08.98", "Kecamatan Baru"),
        RegionRow(8, "17.08.98.2001", "Desa di kecamatan baru"),
    ]
    report = regions_load(actor=system_actor(), rows=rows, source="test")
    reasons = {line: reason for line, _code, reason in report.rejected}
    assert set(reasons) == {2, 3, 4, 6}
    assert "17.08.99" in reasons[3]
    assert "more than once" in reasons[6]
    # A parent given in the same file, even after its child, is accepted.
    assert report.added == 3
    assert Region.objects.filter(code="17.08.98.2001", parent_id="17.08.98").exists()


def test_csv_with_title_rows_and_semicolons(tmp_path, regions):
    path = tmp_path / "wilayah.csv"
    path.write_text(
        "DAFTAR DESA BARU\nKeputusan 2026\n\nKode;Nama\n17.08.01.2096;Desa Harapan\n;\n1708012095;Desa Cahaya\n",
        encoding="utf-8-sig",
    )
    rows = list(read_region_file(path))
    assert [(r.line, r.code, r.name) for r in rows] == [
        (5, "17.08.01.2096", "Desa Harapan"),
        (7, "1708012095", "Desa Cahaya"),
    ]
    out = StringIO()
    call_command("regions_load", "--file", str(path), stdout=out)
    assert "2 added" in out.getvalue()
    assert Region.objects.get(code="17.08.01.2095").name == "Desa Cahaya"


def test_xlsx_and_failing_rows_fail_the_command(tmp_path, regions):
    book = Workbook()
    sheet = book.active
    sheet.append(["Lampiran Kepmendagri"])
    sheet.append(["kode", "nama"])
    sheet.append(["17.08.01.2094", "Desa Mekar"])
    sheet.append(["99.01", "Tidak ada provinsi"])
    path = tmp_path / "wilayah.xlsx"
    book.save(path)
    err = StringIO()
    with pytest.raises(CommandError, match="1 rows rejected"):
        call_command("regions_load", "--file", str(path), stdout=StringIO(), stderr=err)
    assert "line 4" in err.getvalue()
    assert Region.objects.filter(code="17.08.01.2094").exists()


def test_file_without_header_is_refused(tmp_path, regions):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="header"):
        call_command("regions_load", "--file", str(path), stdout=StringIO())


def test_if_empty_skips_when_loaded(regions):
    out = StringIO()
    call_command("regions_load", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
