"""Finding the table in messy office files and streaming its rows, with clear refusals for wrong files."""

import datetime as dt
import re
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.utils.translation import override

from sinergi.ingest.columns import detect_mapping, score_header
from sinergi.ingest.reading import MAX_COLUMNS, SheetLayout, detect_layouts, iter_rows
from sinergi.ingest.tests.messy import (
    COLUMNS,
    CSV_COLUMNS,
    CSV_ROWS,
    DATA_ROWS,
    DATA_SHEET,
    write_messy_xlsx,
    write_semicolon_cp1252_csv,
)

HEADER = "No;Nama Usaha;Nama Pemilik;Desa"


def _layouts(path, kind):
    return detect_layouts(path, kind=kind, score_header=score_header)


def _rows(path, kind, **kwargs):
    [layout] = _layouts(path, kind)
    return list(iter_rows(path, kind=kind, layout=layout, **kwargs))


def _refusal(path, kind) -> ValidationError:
    with override("en"), pytest.raises(ValidationError) as info:
        _rows(path, kind)
    return info.value


# --- the messy workbook --------------------------------------------------------------------------------


@pytest.fixture
def messy_xlsx(tmp_path) -> Path:
    return write_messy_xlsx(tmp_path / "umkm.xlsx")


def test_finds_the_two_level_header_below_the_titles_and_skips_the_summary(messy_xlsx):
    [layout] = _layouts(messy_xlsx, "xlsx")
    assert layout.sheet == DATA_SHEET
    assert layout.header_rows == (4, 5)
    assert layout.columns == COLUMNS
    assert layout.first_data_row == 6
    mapping = detect_mapping(layout.columns)
    assert mapping[4] == "kecamatan"
    assert mapping[5] == "desa"
    assert mapping[7] == "annual_sales"  # 2023, the later of the two years


def test_streams_typed_cells_with_source_row_numbers(messy_xlsx):
    rows = _rows(messy_xlsx, "xlsx")
    assert rows == [(number, tuple(cells)) for number, cells in DATA_ROWS]
    first = dict(rows)[6]
    assert isinstance(first[0], int)
    assert first[3] == "1708015508850001"  # a NIK stored as text stays text
    assert first[9] == dt.datetime(1985, 8, 15)  # noqa: DTZ001 - spreadsheet dates carry no time zone
    assert dict(rows)[8][9] == 29000  # a date that lost its format arrives as its serial
    assert isinstance(dict(rows)[8][7], float)


def test_start_after_resumes_from_a_row(messy_xlsx):
    assert [number for number, _cells in _rows(messy_xlsx, "xlsx", start_after=8)] == [9, 11]
    assert [number for number, _cells in _rows(messy_xlsx, "xlsx", start_after=2)] == [6, 8, 9, 11]


def test_wrong_sheet_size_in_the_file_does_not_cut_rows_short(messy_xlsx, tmp_path):
    # Some exporters write <dimension ref="A1"/> whatever the sheet holds.
    broken = tmp_path / "dimension.xlsx"
    with zipfile.ZipFile(messy_xlsx) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            target.writestr(item, data)
    assert [number for number, _cells in _rows(broken, "xlsx")] == [6, 8, 9, 11]


def test_hidden_sheets_are_not_read(tmp_path):
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "Daftar"
    hidden.append(["Nama Usaha", "Nama Pemilik", "Desa"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Data")
    shown.append(["Nama Usaha", "Desa"])
    shown.append(["Toko A", "Pensiunan"])
    book.save(tmp_path / "hidden.xlsx")
    assert [layout.sheet for layout in _layouts(tmp_path / "hidden.xlsx", "xlsx")] == ["Data"]


def test_every_sheet_with_a_header_gets_a_layout(tmp_path):
    book = openpyxl.Workbook()
    for index, title in enumerate(["Kec. Kepahiang", "Kec. Ujan Mas"]):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append([f"DATA UMKM {title.upper()}"])
        sheet.append(["No", "Nama Usaha", "Desa"])
        sheet.append([1, f"Toko {index}", "Pensiunan"])
    book.save(tmp_path / "two.xlsx")
    layouts = _layouts(tmp_path / "two.xlsx", "xlsx")
    assert [(layout.sheet, layout.header_rows, layout.first_data_row) for layout in layouts] == [
        ("Kec. Kepahiang", (2,), 3),
        ("Kec. Ujan Mas", (2,), 3),
    ]
    assert list(iter_rows(tmp_path / "two.xlsx", kind="xlsx", layout=layouts[1])) == [(3, (1, "Toko 1", "Pensiunan"))]


# --- CSV -----------------------------------------------------------------------------------------------


def test_semicolon_cp1252_csv_with_a_title_and_blank_lines(tmp_path):
    path = write_semicolon_cp1252_csv(tmp_path / "umkm.csv")
    [layout] = _layouts(path, "csv")
    assert layout == SheetLayout(None, (3,), CSV_COLUMNS, 4, layout.score)
    assert _rows(path, "csv") == list(CSV_ROWS)


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")]
)
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, prefix, delimiter):
    text = "\r\n".join(
        [
            delimiter.join(["No", "Nama Usaha", "Nama Pemilik", "Desa"]),
            delimiter.join(["1", "Warung Ané", "Siti", "Pensiunan"]),
        ]
    )
    path = tmp_path / "file.csv"
    path.write_bytes(prefix + text.encode(encoding))
    assert _rows(path, "csv") == [(2, ("1", "Warung Ané", "Siti", "Pensiunan"))]


def test_comma_csv_with_quoted_amounts_and_a_line_break_inside_a_cell(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text('Nama Usaha,Desa,Omzet\n"Toko ""Maju""","Desa\nPensiunan","1.250.000,00"\nToko B,Suro,5 jt\n')
    assert _rows(path, "csv") == [
        (2, ('Toko "Maju"', "Desa\nPensiunan", "1.250.000,00")),
        (3, ("Toko B", "Suro", "5 jt")),
    ]


def test_excel_sep_line_names_the_delimiter(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text("sep=;\nNama Usaha;Desa;Catatan\nToko, Warung;Pensiunan;a,b\n")
    [layout] = _layouts(path, "csv")
    assert layout.header_rows == (2,)
    assert list(iter_rows(path, kind="csv", layout=layout)) == [(3, ("Toko, Warung", "Pensiunan", "a,b"))]


def test_a_cp1252_line_late_in_a_utf8_file_is_still_read(tmp_path):
    path = tmp_path / "mixed.csv"
    filler = "".join(f"{i};Toko {i};Désa\n" for i in range(1, 5000))  # UTF-8 "é", well past the sample
    path.write_bytes(("No;Nama Usaha;Desa\n" + filler).encode() + "5000;Kerupuk “Renyah”;Desa\n".encode("cp1252"))
    rows = _rows(path, "csv")
    assert rows[0] == (2, ("1", "Toko 1", "Désa"))
    assert rows[-1] == (5001, ("5000", "Kerupuk “Renyah”", "Desa"))


def test_cells_beyond_the_header_are_dropped_and_short_rows_padded(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("No;Nama Usaha;Nama Pemilik;Desa\n1;Toko A;Siti;Pensiunan;extra;more\n2;Toko B\n;;;\n ; ;\n")
    assert _rows(path, "csv") == [
        (2, ("1", "Toko A", "Siti", "Pensiunan")),
        (3, ("2", "Toko B", None, None)),
    ]


# --- streaming -----------------------------------------------------------------------------------------


def test_a_200k_row_csv_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("No;Nama Usaha;Nama Pemilik;Desa/Kel.;Omzet/Tahun;Tenaga Kerja\n")
        for i in range(1, 200_001):
            handle.write(f"{i};Usaha Maju {i};Pemilik {i};Desa {i % 50};{i}.000,00;{i % 9}\n")
    [layout] = _layouts(path, "csv")
    tracemalloc.start()
    try:
        count = 0
        last = None
        for number, cells in iter_rows(path, kind="csv", layout=layout):
            count += 1
            last = (number, cells)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert last == (200_001, ("200000", "Usaha Maju 200000", "Pemilik 200000", "Desa 0", "200000.000,00", "2"))
    # The file is about 10 MB and its rows as Python objects several times that; one row is a few KB.
    assert peak < 2 * 1024 * 1024


def _write_rows_xlsx(path: Path, count: int) -> Path:
    # XlsxWriter records the sheet's size, as Excel does; without it openpyxl scans the sheet once on opening.
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["No", "Nama Usaha", "Nama Pemilik", "Desa", "Omzet"])
    for i in range(1, count + 1):
        sheet.write_row(i, 0, [i, f"Usaha Maju {i}", f"Pemilik {i}", "Pensiunan", 1_250_000.5 + i])
    book.close()
    return path


def _peak_while_reading(path: Path) -> int:
    [layout] = _layouts(path, "xlsx")
    tracemalloc.start()
    try:
        for _row in iter_rows(path, kind="xlsx", layout=layout):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_xlsx_memory_does_not_grow_with_the_number_of_rows(tmp_path):
    small = _peak_while_reading(_write_rows_xlsx(tmp_path / "small.xlsx", 1_000))
    large = _peak_while_reading(_write_rows_xlsx(tmp_path / "large.xlsx", 20_000))
    assert large < 2 * small


# --- refusals ------------------------------------------------------------------------------------------


def test_xlsx_that_is_a_web_page(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("<!DOCTYPE html><html><table><tr><td>Nama Usaha</td></tr></table></html>")
    error = _refusal(path, "xlsx")
    assert error.code == "file_html"
    assert "“export.xlsx” is a web page" in error.messages[0]


def test_xlsx_that_is_a_csv(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("Nama Usaha;Desa\nToko A;Pensiunan\n")
    error = _refusal(path, "xlsx")
    assert error.code == "file_not_xlsx"
    assert "upload it as .csv" in error.messages[0]


def test_old_excel_format(tmp_path):
    path = tmp_path / "lama.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert _refusal(path, "xlsx").code == "file_xls"


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "bukan workbook")
    error = _refusal(path, "xlsx")
    assert error.code == "file_unreadable"
    assert "“arsip.xlsx” cannot be opened" in error.messages[0]


def test_csv_that_is_a_workbook(tmp_path, messy_xlsx):
    path = tmp_path / "umkm.csv"
    path.write_bytes(messy_xlsx.read_bytes())
    assert _refusal(path, "csv").code == "file_not_csv"


def test_csv_with_binary_content(tmp_path):
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    error = _refusal(path, "csv")
    assert error.code == "file_binary"
    assert "“foto.csv” has binary content" in error.messages[0]


def test_csv_with_a_field_too_large_to_be_a_cell(tmp_path):
    path = tmp_path / "rusak.csv"
    path.write_text(HEADER + "\n1;Toko;Siti;Desa\n" + '2;"' + "x" * 200_000 + "\n")
    error = _refusal(path, "csv")
    assert error.code == "file_csv_malformed"
    assert "Row 3 of “rusak.csv”" in error.messages[0]


def test_no_sheet_has_a_header(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Kecamatan", "Jumlah UMKM"])
    book.active.append(["Kepahiang", 3])
    book.save(tmp_path / "rekap.xlsx")
    with override("en"), pytest.raises(ValidationError) as info:
        _layouts(tmp_path / "rekap.xlsx", "xlsx")
    assert info.value.code == "no_header"
    assert "No header row found in “Sheet”" in info.value.messages[0]
    assert "“Nama Usaha”" in info.value.messages[0]


def test_empty_csv_has_no_header(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    assert _refusal(path, "csv").code == "no_header"


def test_too_many_columns(tmp_path):
    path = tmp_path / "lebar.csv"
    path.write_text(HEADER + ";" + ";".join(f"Kolom {i}" for i in range(MAX_COLUMNS)) + "\n1;Toko;Siti;Desa\n")
    error = _refusal(path, "csv")
    assert error.code == "too_many_columns"
    assert f"at most {MAX_COLUMNS}" in error.messages[0]


def test_layout_for_a_sheet_that_is_gone(messy_xlsx):
    layout = SheetLayout("Hapus", (1,), ("Nama Usaha",), 2)
    with override("en"), pytest.raises(ValidationError) as info:
        list(iter_rows(messy_xlsx, kind="xlsx", layout=layout))
    assert info.value.code == "sheet_missing"
