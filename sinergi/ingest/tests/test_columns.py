"""Header words offices use, mapped to import fields; the template round-trips through the readers."""

import io
from typing import Any

import openpyxl
import pytest
from django.utils.translation import override

from sinergi.core.dates import parse_date_id
from sinergi.core.numbers import parse_amount_text, parse_count
from sinergi.ingest.columns import (
    FIELDS,
    PLAUSIBLE_HEADER_SCORE,
    detect_mapping,
    missing_required,
    missing_required_message,
    normalise_header,
    score_header,
    write_template,
)
from sinergi.ingest.reading import detect_layouts, iter_rows

SYNONYMS = [(key, synonym) for key, spec in FIELDS.items() for synonym in spec.synonyms]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nama Usaha", "nama usaha"),
        ("  NAMA   USAHA ", "nama usaha"),
        ("Nama\nUsaha", "nama usaha"),
        ("nama_usaha", "nama usaha"),
        ("No. HP/WA", "no hp wa"),
        ("Desa/Kel.", "desa kel"),
        ("Alamat / Kecamatan", "kecamatan"),
        ("ALAMAT/Desa/Kel.", "desa kel"),
        ("Alamat Usaha", "alamat usaha"),
        ("Alamat", "alamat"),
        ("Omzet (Rp)", "omzet rp"),
        ("\xa0NIK\xa0", "nik"),
    ],
)
def test_normalise_header(text, expected):
    assert normalise_header(text) == expected


@pytest.mark.parametrize(("key", "synonym"), SYNONYMS)
def test_every_synonym_maps_to_its_field(key, synonym):
    assert detect_mapping([synonym]) == {0: key}
    assert detect_mapping([synonym.upper()]) == {0: key}


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Alamat / Kecamatan", "kecamatan"),
        ("Alamat / Desa/Kel.", "desa"),
        ("Alamat / Jalan", "address"),
        ("Omzet / 2023", "annual_sales"),
        ("Data Pemilik / NIK", "owner_nik"),
        ("No HP Pemilik", "phone"),
        ("Nama Usaha (sesuai NIB)", "business_name"),
        ("Omzet per Tahun (Rp)", "annual_sales"),
        ("NO.", "row_number"),
        ("Keterangan", None),
        ("Tahun Berdiri", "founded_on"),  # the founding year, never the data year
        ("Nomor Urut Kartu", None),
        ("", None),
    ],
)
def test_combined_and_loose_labels(label, key):
    assert detect_mapping([label]) == {0: key}


def test_each_field_goes_to_its_best_column_once():
    mapping = detect_mapping(["Omzet / 2022", "Omzet / 2023", "Nama Usaha", "Nama Usaha (lama)", "Omzet"])
    assert mapping == {0: None, 1: None, 2: "business_name", 3: None, 4: "annual_sales"}


def test_the_latest_year_wins_under_a_parent():
    assert detect_mapping(["Omzet / 2022", "Omzet / 2023"]) == {0: None, 1: "annual_sales"}
    assert detect_mapping(["Omzet / 2024", "Omzet / 2023"]) == {0: "annual_sales", 1: None}


def test_equal_matches_go_to_the_first_column():
    assert detect_mapping(["Omset", "Omzet"]) == {0: "annual_sales", 1: None}


def test_score_prefers_a_business_list_over_a_summary():
    data = score_header(["No.", "Nama Usaha", "Nama Pemilik", "NIK", "Desa", "Omzet"])
    summary = score_header(["No", "Kecamatan", "Jumlah UMKM", "Jumlah Tenaga Kerja", "Omzet"])
    assert data >= PLAUSIBLE_HEADER_SCORE > summary > 0
    assert score_header([]) == 0
    assert score_header(["DATA UMKM KABUPATEN KEPAHIANG TAHUN 2024"]) == 0


def test_a_title_over_the_header_scores_below_the_header_itself():
    header = ["Nama Usaha", "Nama Pemilik", "Desa"]
    titled = ["DATA UMKM / Nama Usaha", "DATA UMKM / Nama Pemilik", "DATA UMKM / Desa"]
    assert score_header(header) > score_header(titled)


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        (["business_name", "desa"], []),
        (["business_name", "region_code"], []),
        (["business_name", "desa", "region_code"], []),
        (["business_name", None], ["desa|region_code"]),
        (["desa"], ["business_name"]),
        ([None, "owner_name"], ["business_name", "desa|region_code"]),
    ],
)
def test_missing_required(fields, missing):
    assert missing_required(dict(enumerate(fields))) == missing


def test_missing_required_message_names_the_choices():
    with override("en"):
        message = missing_required_message(["business_name", "desa|region_code"])
    assert message == "The file has no column for: Business name; Village or Region code."


def test_template_header_is_recognised_and_its_example_parses(tmp_path):
    stream = io.BytesIO()
    write_template(stream)
    path = tmp_path / "template.xlsx"
    path.write_bytes(stream.getvalue())

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Data UMKM", "Petunjuk"]
    header = [cell.value for cell in book["Data UMKM"][1]]
    mapping = detect_mapping(header)
    assert sorted(key for key in mapping.values() if key) == sorted(key for key in FIELDS if key != "row_number")
    assert missing_required(mapping) == []

    guide = [row for row in book["Petunjuk"].iter_rows(values_only=True) if row[0]]
    assert guide[0] == ("Kolom", "Keterangan dan format yang diterima")
    assert [row[0] for row in guide[1:]] == header
    assert all(row[1] for row in guide[1:])
    assert "hari dulu" in dict(guide)["Tanggal Lahir"]

    [layout] = detect_layouts(path, kind="xlsx", score_header=score_header)
    assert layout.sheet == "Data UMKM"
    [(number, cells)] = list(iter_rows(path, kind="xlsx", layout=layout))
    assert number == 2
    example: dict[str | None, Any] = {mapping[index]: value for index, value in enumerate(cells)}
    assert parse_amount_text(example["annual_sales"]) == 150_000_000
    assert parse_amount_text(example["modal_usaha"]) == 25_000_000
    assert parse_count(example["workforce"]) == 3
    assert parse_date_id(example["owner_birth_date"]).isoformat() == "1985-08-15"
    assert example["owner_nik"] == "1708015508850001"  # kept as text, not turned into a float
