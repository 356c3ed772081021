"""Annual-report files shaped like those offices send, for the import tests.

The messy workbook has, on purpose: a "Rekap" summary sheet first (it names report columns but no
cooperative, and must not be taken for the data); then a data sheet with two title rows merged across
the table; a two-level header whose parents are merged over their sub-columns ("Neraca" over "Total
Aset" … "Kas", "Simpanan" over "Pokok" | "Wajib" | "Sukarela", "Kolektibilitas Pinjaman" over "Lancar" …
"Macet", "RAT" over "Ya/Tidak" | "Tanggal") while the other header cells are merged down over both rows; a
"No." column; amounts as Indonesian text ("1.250.000.000,00", "Rp 100 jt", "1,5 M"), as numbers and
as text with "Rp"; RAT dates as text ("17 Agustus 2023"), as a date cell and as a bare Excel serial; a
blank row; and a "JUMLAH" total row at the bottom.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl

DATA_SHEET = "Laporan RAT"
TOP = (
    "No.",
    "Nama Koperasi",
    "NIK Koperasi",
    "Kecamatan",
    "Desa/Kel.",
    "Jenis",
    "Tahun Buku",
    "RAT",
    None,
    "Jumlah Anggota",
    "Neraca",
    None,
    None,
    None,
    None,
    "Simpanan",
    None,
    None,
    "Pinjaman Diberikan",
    "Kolektibilitas Pinjaman",
    None,
    None,
    None,
    "SHU",
)
SUB = (
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    "Ya/Tidak",
    "Tanggal",
    None,
    "Total Aset",
    "Kewajiban Lancar",
    "Kewajiban Jangka Panjang",
    "Ekuitas",
    "Kas",
    "Pokok",
    "Wajib",
    "Sukarela",
    None,
    "Lancar",
    "Kurang Lancar",
    "Diragukan",
    "Macet",
    None,
)
# (sheet row, cells) under the two header rows (4 and 5); row 8 is left blank.
DATA_ROWS: tuple[tuple[int, tuple[object, ...]], ...] = (
    (
        6,
        (
            1,
            "KSP Maju Bersama",
            "1708010020001",
            "Bermani Ilir",
            "Kota Agung",
            "KSP",
            2022,
            "Ya",
            "17 Agustus 2023",
            120,
            "1.250.000.000,00",
            "400.000.000",
            "Rp 100 jt",
            750000000,
            "25.000.000,00",
            "12.000.000",
            "150 jt",
            "300.000.000",
            "800.000.000",
            720000000,
            "40.000.000",
            "25.000.000",
            "15.000.000",
            "85.000.000,50",
        ),
    ),
    (
        7,
        (
            2,
            "Koperasi Konsumen Sejahtera",
            None,
            "Ujan Mas",
            "Suro Muncar",
            "Konsumen",
            "2023",
            "ya",
            dt.datetime(2024, 3, 9),  # noqa: DTZ001 - spreadsheet dates carry no time zone
            "85 orang",
            "1,5 M",
            "Rp 500.000.000",
            0,
            "1.000.000.000",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "-12.500.000",
        ),
    ),
    (
        9,
        (
            3,
            "KSP Tani Makmur",
            None,
            "Kepahiang",
            "Kelilik",
            "Koperasi Simpan Pinjam",
            2023,
            None,
            45366,  # an Excel serial: 15 March 2024
            40,
            250000000,
            50000000,
            None,
            200000000,
            10000000,
            2000000,
            30000000,
            45000000,
            150000000,
            150000000,
            0,
            0,
            0,
            12000000,
        ),
    ),
    (10, ("JUMLAH", None, None, None, None, None, None, None, None, 245, 3000000000) + (None,) * 13),
)
EXPECTED = {
    "KSP Maju Bersama": {
        "fiscal_year": 2022,
        "rat_date": dt.date(2023, 8, 17),
        "members_end": 120,
        "total_assets": Decimal("1250000000.00"),
        "long_term_liabilities": Decimal("100000000"),
        "mandatory_savings": Decimal("150000000"),
        "current_loans": Decimal("720000000"),
        "shu": Decimal("85000000.50"),
        "region": "17.08.01.2001",
        "kind": "ksp",
    },
    "Koperasi Konsumen Sejahtera": {
        "fiscal_year": 2023,
        "rat_date": dt.date(2024, 3, 9),
        "members_end": 85,
        "total_assets": Decimal("1500000000"),
        "shu": Decimal("-12500000"),
        "region": "17.08.02.2006",
        "kind": "konsumen",
    },
    "KSP Tani Makmur": {
        "fiscal_year": 2023,
        "rat_date": dt.date(2024, 3, 15),
        "members_end": 40,
        "total_assets": Decimal("250000000"),
        "region": "17.08.04.2001",
        "kind": "ksp",
    },
}


def write_messy_xlsx(path: Path, rows: Sequence[tuple[int, Sequence[object]]] = DATA_ROWS) -> Path:
    """A workbook as an office makes it by hand (see the module docstring)."""
    book = openpyxl.Workbook()
    rekap = book.active
    assert rekap is not None
    rekap.title = "Rekap"
    rekap.append(["REKAPITULASI KOPERASI PER KECAMATAN"])
    rekap.append([])
    rekap.append(["No", "Kecamatan", "Jumlah Anggota", "Total Aset", "SHU"])
    rekap.append([1, "Bermani Ilir", 120, 1250000000, 85000000])
    sheet = book.create_sheet(DATA_SHEET)
    last = openpyxl.utils.get_column_letter(len(TOP))
    sheet["A1"] = "LAPORAN RAT DAN KEUANGAN KOPERASI KABUPATEN KEPAHIANG"
    sheet.merge_cells(f"A1:{last}1")
    sheet["A2"] = "Dinas Koperasi, UKM, Perindustrian dan Perdagangan"
    sheet.merge_cells(f"A2:{last}2")
    for column, (parent, child) in enumerate(zip(TOP, SUB, strict=True), start=1):
        letter = openpyxl.utils.get_column_letter(column)
        if parent is not None:
            sheet.cell(row=4, column=column, value=parent)
        if child is not None:
            sheet.cell(row=5, column=column, value=child)
        elif parent is not None:
            sheet.merge_cells(f"{letter}4:{letter}5")
    for first, width in ((8, 2), (11, 5), (16, 3), (20, 4)):
        start, end = (openpyxl.utils.get_column_letter(c) for c in (first, first + width - 1))
        sheet.merge_cells(f"{start}4:{end}4")
    for number, cells in rows:
        for column, value in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
    book.save(path)
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], *, sheet: str = "Data") -> Path:
    """A plain one-sheet workbook: header in row 1, then the rows."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """A CSV as Indonesian Excel saves it: semicolons between cells."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(["" if c is None else c for c in row] for row in rows)
    return path


# A plain table for the smaller tests: one balanced report per row.
HEADER = (
    "Nama Koperasi",
    "NIK Koperasi",
    "Kode Wilayah",
    "Kecamatan",
    "Desa",
    "Jenis",
    "Tahun Buku",
    "RAT",
    "Tanggal RAT",
    "Jumlah Anggota",
    "Total Aset",
    "Kewajiban Lancar",
    "Kewajiban Jangka Panjang",
    "Ekuitas",
)


def plain_row(
    name: str,
    *,
    nik: str = "",
    code: str = "",
    kecamatan: str = "Bermani Ilir",
    desa: str = "Kota Agung",
    kind: str = "KSP",
    year: object = 2023,
    assets: str = "1.000.000.000",
    current: str = "300.000.000",
    long_term: str = "200.000.000",
    equity: str = "500.000.000",
) -> tuple[object, ...]:
    return (name, nik, code, kecamatan, desa, kind, year, "Ya", "20-03-2024", 50, assets, current, long_term, equity)
