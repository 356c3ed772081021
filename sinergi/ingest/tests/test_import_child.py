"""Large files are parsed by a forked process while the import writes: the outcome is the one parsing in
the writing process gives, row for row, and a file that breaks mid-way fails the job with its reason."""

from __future__ import annotations

import os

import pytest

from conftest import village
from sinergi.core.jobs import job_run
from sinergi.core.models import JobStatus
from sinergi.ingest import pipeline
from sinergi.ingest.models import ImportStatus, RejectedRow
from sinergi.ingest.tests.conftest import run_import, start_import, write_csv
from sinergi.registry.models import Business

pytestmark = pytest.mark.django_db

HEADER = ["ID", "Nama Usaha", "Nama Pemilik", "NIK", "Kode Wilayah", "Omzet"]


def _rows(*, kepahiang: list[str], jember: str) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(120):
        code = kepahiang[i % len(kepahiang)]
        nik = ""
        if i % 25 == 7:
            nik = "12345"  # the wrong length: rejected by the parser alone
        if i % 40 == 13:
            code = jember  # a real village outside the import's region: only the database can say so
        rows.append([f"U-{i:04d}", f"Usaha Nomor {i}", f"Pemilik {i}", nik, code, "1.500.000"])
    return rows


@pytest.fixture
def paths_used(monkeypatch) -> list[str]:
    """Which of the two parsing paths each import took."""
    used: list[str] = []
    for name in ("_parse_here", "_parse_in_child"):
        original = getattr(pipeline, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            used.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(pipeline, name, spy)
    return used


def _outcome() -> tuple[list[tuple[str | None, str, str]], dict[int, dict[str, str]]]:
    businesses = sorted(Business.objects.values_list("external_ref", "name", "desa_id"))
    rejected = {r.source_row: {e["field"]: e["message"] for e in r.errors} for r in RejectedRow.objects.all()}
    return businesses, rejected


def test_parsing_in_a_child_process_gives_the_same_rows_and_reasons(kepahiang_officer, settings, tmp_path, paths_used):
    kepahiang = [village("17.08", i) for i in range(4)]
    jember = village("35.09")
    path = write_csv(tmp_path / "besar.csv", HEADER, _rows(kepahiang=kepahiang, jember=jember))
    settings.SINERGI_IMPORT_BATCH_ROWS = 16  # several batches, so the child runs ahead of the writer

    outcomes = []
    for child_bytes in (1, 0):  # 1: every file goes to the child; 0: never
        settings.SINERGI_IMPORT_PARSE_CHILD_BYTES = child_bytes
        batch = run_import(actor=kepahiang_officer, path=path, region="17.08", source=f"uji{child_bytes}", year=2024)
        assert batch.status == ImportStatus.DONE
        assert (batch.rows_seen, batch.rejected) == (120, 5 + 3)
        outcomes.append(_outcome())
        Business.objects.all().delete()
        RejectedRow.objects.all().delete()

    assert paths_used == ["_parse_in_child", "_parse_here"]
    (child_rows, child_rejected), (here_rows, here_rejected) = outcomes
    assert [r[1:] for r in child_rows] == [r[1:] for r in here_rows]
    assert child_rejected == here_rejected
    outside = child_rejected[13 + 2]  # the header is row 1
    assert jember in outside["region_code"]
    assert "outside Kabupaten Kepahiang" in outside["region_code"]
    assert "owner_nik" in child_rejected[7 + 2]


def test_a_file_that_breaks_mid_way_fails_the_job_with_the_row_that_broke(kepahiang_officer, settings, tmp_path):
    code = village("17.08")
    good = [[f"U-{i}", f"Usaha {i}", f"Pemilik {i}", "", code, "1.000.000"] for i in range(60)]
    path = write_csv(tmp_path / "rusak.csv", HEADER, good)
    with path.open("a", encoding="utf-8") as f:  # row 62: a quote that never closes, 200,000 characters on
        f.write('U-60;"' + "x" * 200_000 + "\n")
    settings.SINERGI_IMPORT_BATCH_ROWS = 16
    settings.SINERGI_IMPORT_PARSE_CHILD_BYTES = 1

    batch = run_import(actor=kepahiang_officer, path=path, region="17.08", year=2024)

    assert batch.job is not None
    assert batch.job.status == JobStatus.FAILED
    assert "Row 62 of “rusak.csv”" in batch.job.message
    # The whole file is read through the limits before the first batch (issue 14): nothing is half-imported.
    assert Business.objects.count() == 0


def _die(**kwargs):
    os._exit(3)


def _broken_parse(**kwargs):
    raise ZeroDivisionError("division by zero")


@pytest.mark.parametrize(
    ("name", "replacement", "reason"),
    [
        ("_child_parse", _die, "The import's parsing process ended unexpectedly (exit code 3)."),
        (
            "_parse_offline",
            _broken_parse,
            "The import's parsing process failed on an unexpected error; the details are in the server log.",
        ),
    ],
    ids=["child-killed", "child-raised"],
)
def test_a_parsing_process_that_dies_or_fails_fails_the_job_with_why(
    kepahiang_officer, settings, tmp_path, monkeypatch, name, replacement, reason
):
    code = village("17.08")
    rows = [[f"U-{i}", f"Usaha {i}", f"Pemilik {i}", "", code, "1.000.000"] for i in range(40)]
    path = write_csv(tmp_path / "umkm.csv", HEADER, rows)
    job = start_import(actor=kepahiang_officer, path=path, region="17.08", year=2024)
    settings.SINERGI_IMPORT_PARSE_CHILD_BYTES = 1
    monkeypatch.setattr(pipeline, name, replacement)

    with pytest.raises(RuntimeError) as err:
        job_run(job_id=job.pk)

    assert str(err.value) == reason
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, reason)  # the user's words, no exception class
    assert not Business.objects.exists()
