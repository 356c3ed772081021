"""The P3KE poverty list onto persons: by NIK, deciles checked, unknown NIKs listed, rows rejected with
reasons, the change logged through the person service, a second import changing nothing; the command."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from conftest import village
from sinergi.core.models import ChangeLog
from sinergi.programs.imports import poverty_import
from sinergi.programs.tests.factories import person

NIK_A = "1708015505900001"
NIK_B = "1708010101800002"
NIK_JEMBER = "3509010202850003"
NIK_UNKNOWN = "1708019999990009"


@pytest.fixture
def people(regions):
    desa = village("17.08")
    return {
        "a": person(desa, nik=NIK_A),
        "b": person(desa, nik=NIK_B, decile=7, poverty_source="P3KE 2022"),
        "jember": person(village("35.09"), nik=NIK_JEMBER),
    }


def _file(lines: list[str]) -> tuple[io.BytesIO, int]:
    data = ("\n".join(lines) + "\n").encode()
    return io.BytesIO(data), len(data)


LINES = [
    "Data P3KE Kabupaten Kepahiang",
    "No,Nama Kepala Keluarga,NIK,Desil",
    f"1,Siti,{NIK_A},1",
    f"2,Rahmat,'{NIK_B},Desil 3",
    f"3,Budi,{NIK_JEMBER},2",
    f"4,Ani,{NIK_UNKNOWN},4",
    "5,Salah,12345,2",
    f"6,Dua kali,{NIK_A},1",
    "7,Tanpa desil,1708010303030003,11",
]


def test_poverty_import(people, kepahiang_officer):
    stream, size = _file(LINES)
    result = poverty_import(
        actor=kepahiang_officer, stream=stream, name="p3ke.csv", size=size, source_label=" P3KE  2023 "
    )
    summary = result.as_dict()
    assert (summary["updated"], summary["unchanged"], summary["unknown"], summary["rejected"]) == (2, 0, 2, 3)
    assert summary["unknown_niks"] == [NIK_JEMBER, NIK_UNKNOWN]  # outside the officer's regions = unknown
    statuses = {r.row: (r.status, r.reasons) for r in result.rows}
    assert "16 digits" in statuses[7][1][0]
    assert "row 3" in statuses[8][1][0]
    assert "11" in statuses[9][1][0]
    for p in people.values():
        p.refresh_from_db()
    assert (people["a"].poverty_decile, people["a"].poverty_source) == (1, "P3KE 2023")
    assert (people["b"].poverty_decile, people["b"].poverty_source) == (3, "P3KE 2023")
    assert people["jember"].poverty_decile is None
    assert ChangeLog.objects.filter(object_id=str(people["b"].pk), source="command").exists()

    stream, size = _file(LINES)
    again = poverty_import(actor=kepahiang_officer, stream=stream, name="p3ke.csv", size=size, source_label="P3KE 2023")
    assert (again.count("updated"), again.count("unchanged")) == (0, 2)


def test_whole_file_refused(people, kepahiang_officer, kepahiang_viewer):
    stream, size = _file(["NIK,Nama", f"{NIK_A},Siti"])
    with pytest.raises(ValidationError, match="Desil"):
        poverty_import(actor=kepahiang_officer, stream=stream, name="p3ke.csv", size=size, source_label="P3KE")
    stream, size = _file(LINES)
    with pytest.raises(ValidationError) as exc:
        poverty_import(actor=kepahiang_officer, stream=stream, name="p3ke.csv", size=size, source_label="  ")
    assert "source" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        poverty_import(actor=kepahiang_viewer, stream=stream, name="p3ke.csv", size=size, source_label="P3KE")


def test_command(people, kepahiang_officer, tmp_path):
    path = tmp_path / "p3ke.csv"
    path.write_text("\n".join(LINES) + "\n")
    out = io.StringIO()
    call_command("programs_poverty_import", str(path), "--user", "kepahiang", "--source", "P3KE 2023", stdout=out)
    text = out.getvalue()
    assert "2 updated, 0 unchanged, 2 unknown NIK, 3 rejected" in text
    assert NIK_UNKNOWN in text
    assert "row 7: rejected" in text
    people["a"].refresh_from_db()
    assert people["a"].poverty_decile == 1
    with pytest.raises(CommandError, match="No user"):
        call_command("programs_poverty_import", str(path), "--user", "nobody", "--source", "P3KE 2023")
    with pytest.raises(CommandError, match="No file"):
        call_command("programs_poverty_import", str(tmp_path / "x.csv"), "--user", "kepahiang", "--source", "P3KE")
