"""A CSV the csv module cannot read gets a reason a person can act on, never Python's own text; a CSV with old Mac
line endings (a lone carriage return) is read rather than refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from sinergi.ingest.columns import score_header
from sinergi.ingest.reading import _byte_lines, detect_layouts, iter_rows

PYTHON_WORDS = ("universal-newline", "line contains", "field larger", "Error", "_csv")


def _rows(path):
    [layout] = detect_layouts(path, kind="csv", score_header=score_header)
    return list(iter_rows(path, kind="csv", layout=layout))


def _refusal(path, language: str = "id") -> str:
    with override(language), pytest.raises(ValidationError) as info:
        _rows(path)
    return " ".join(info.value.messages)


def test_a_csv_with_lone_carriage_returns_is_read(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b'Nama Usaha;Desa;Omzet\r"Toko ""Maju""";Pensiunan;1.250.000\rToko B;Suro;5 jt\r')
    assert _rows(path) == [(2, ('Toko "Maju"', "Pensiunan", "1.250.000")), (3, ("Toko B", "Suro", "5 jt"))]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64 * 1024])
def test_line_endings_cut_across_chunks(size):
    data = b"a\r\nb\rc\nd\r\r\ne"
    lines = list(_byte_lines(io.BytesIO(data), chunk_size=size))
    assert lines == [b"a\n", b"b\n", b"c\n", b"d\n", b"\n", b"e"]


def test_a_cell_over_the_csv_limit_is_explained_in_indonesian(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(b"Nama Usaha;Desa\n" + b"Toko A;Pensiunan\n" * 10 + b'"' + b"x" * 200_000 + b'";Pensiunan\n')
    message = _refusal(path)
    assert "Baris 12" in message
    assert "tidak dapat dibaca sebagai CSV" in message
    assert "lebih panjang dari 131072 karakter" in message
    for word in PYTHON_WORDS:
        assert word not in message


def test_a_cell_over_the_csv_limit_is_explained(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(b'Nama Usaha;Desa\n"' + b"x" * 200_000 + b'";Pensiunan\n')
    message = _refusal(path, "en")
    assert "longer than 131072 characters" in message
    for word in PYTHON_WORDS:
        assert word not in message


def test_a_damaged_workbook_says_what_to_do_without_python_text(tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with override("en"), pytest.raises(ValidationError) as info:
        detect_layouts(path, kind="xlsx", score_header=score_header)
    message = " ".join(info.value.messages)
    assert "save it again as .xlsx" in message
    assert "zip" not in message.lower()
