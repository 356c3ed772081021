"""Files shaped like those offices really send, for the reading and column tests.

The workbook has, on purpose: a "Rekap" summary sheet first (it names fields too and must not be taken
for the data), then a data sheet with two title rows, a two-level header whose parents ("Alamat",
"Omzet") are merged over sub-columns and whose other cells are merged down over both rows, blank rows,
a "No." column, dates as date cells, as Excel serials and as text, amounts as numbers and as text, and a
total row at the bottom.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

DATA_SHEET = "Data UMKM"
TITLE = "DATA UMKM KABUPATEN KEPAHIANG TAHUN 2024"
# (row number in the sheet, cells) for the data sheet, header excluded.
DATA_ROWS: tuple[tuple[int, tuple[object, ...]], ...] = (
    (
        6,
        (
            1,
            "Keripik Pisang Bu Sari",
            "Sari Wulandari",
            "1708015508850001",
            "Kepahiang",
            "Pensiunan",
            120000000,
            "Rp 150.000.000",
            3,
            dt.datetime(1985, 8, 15),  # noqa: DTZ001 - spreadsheet dates carry no time zone
        ),
    ),
    (
        8,
        (
            2,
            "Kopi Bubuk Sidomulyo",
            "Budi Santoso",
            "1708011203790002",
            "Kepahiang",
            "Sidomulyo",
            "1,5 jt",
            2500000.5,
            "2 orang",
            29000,
        ),
    ),
    (
        9,
        (
            3,
            "Tenun Rejang",
            "Ani",
            "1708014101900003",
            "Ujan Mas",
            "Suro Muncar",
            "500rb",
            "1,5 M",
            12.0,
            "17 Agustus 1980",
        ),
    ),
    (11, ("JUMLAH", None, None, None, None, None, 120000000, None, 15, None)),
)
COLUMNS = (
    "No.",
    "Nama Usaha",
    "Nama Pemilik",
    "NIK",
    "Alamat / Kecamatan",
    "Alamat / Desa/Kel.",
    "Omzet / 2022",
    "Omzet / 2023",
    "Tenaga Kerja",
    "Tgl Lahir",
)


def write_messy_xlsx(path: Path) -> Path:
    """A workbook as an office makes it by hand (see the module docstring)."""
    book = openpyxl.Workbook()
    rekap = book.active
    assert rekap is not None
    rekap.title = "Rekap"
    rekap.append(["REKAPITULASI UMKM PER KECAMATAN"])
    rekap.append([])
    rekap.append(["No", "Kecamatan", "Jumlah UMKM", "Jumlah Tenaga Kerja", "Omzet"])
    rekap.append([1, "Kepahiang", 2, 5, 121500000])
    rekap.append([2, "Ujan Mas", 1, 12, 500000])
    rekap.append([None, "Total", 3, 17, 122000000])

    sheet = book.create_sheet(DATA_SHEET)
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:J1")
    sheet["A2"] = "Dinas Koperasi, UKM, Perindustrian dan Perdagangan"
    sheet.merge_cells("A2:J2")
    top = ["No.", "Nama Usaha", "Nama Pemilik", "NIK", "Alamat", None, "Omzet", None, "Tenaga Kerja", "Tgl Lahir"]
    sub = [None, None, None, None, "Kecamatan", "Desa/Kel.", 2022, 2023, None, None]
    for column, (parent, child) in enumerate(zip(top, sub, strict=True), start=1):
        if parent is not None:
            sheet.cell(row=4, column=column, value=parent)
        if child is not None:
            sheet.cell(row=5, column=column, value=child)
    for letter in "ABCDIJ":
        sheet.merge_cells(f"{letter}4:{letter}5")
    sheet.merge_cells("E4:F4")
    sheet.merge_cells("G4:H4")
    for number, cells in DATA_ROWS:
        for column, value in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
    book.save(path)
    return path


CSV_ROWS: tuple[tuple[int, tuple[str | None, ...]], ...] = (
    (4, ("1", "Kerupuk “Renyah” Bu Ané", "Ané", "Pensiunan", "1.250.000,00", "3", "17/08/1985")),
    (5, ("2", "Warung Kopi", "Budi", "Sidomulyo", "Rp5.000.000,-", "12 orang", "1-Mei-1979")),
    (7, ("3", "Bengkel Las", None, "Suro Muncar", "2 jt", "1.200", "17.08.90")),
)
CSV_COLUMNS = ("No", "Nama Usaha", "Nama Pemilik", "Desa/Kel.", "Omzet/Tahun", "Tenaga Kerja", "Tgl Lahir")


def write_semicolon_cp1252_csv(path: Path) -> Path:
    """A CSV as Indonesian Excel exports it: ";" between cells, Windows-1252 text, a title row, blank lines."""
    lines = ["DATA UMKM DESA;;;;;;", ";;;;;;", ";".join(CSV_COLUMNS)]
    number = len(lines)
    for row_number, cells in CSV_ROWS:
        while number < row_number - 1:
            lines.append("")
            number += 1
        lines.append(";".join(cell or "" for cell in cells))
        number += 1
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path
