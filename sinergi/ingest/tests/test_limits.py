"""Issue 14: a small upload must not take the server's memory or hours of work. A zip bomb (a 1 MB XLSX whose
sheet unpacks to over a gigabyte), a file of too many rows and an overlong cell are refused at once with a
message naming the limit, by every import target, on the page, the API and in the job, and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from conftest import village
from sinergi.aspirations.imports import aspirations_import
from sinergi.aspirations.models import Aspiration
from sinergi.cooperatives import imports as coop_imports
from sinergi.cooperatives.models import AnnualReport, Cooperative
from sinergi.core.models import JobStatus
from sinergi.empowerment.imports import p3ke_import, potentials_import
from sinergi.empowerment.models import DesaPotential
from sinergi.ingest import services
from sinergi.ingest.headers import count_score
from sinergi.ingest.limits import check_archive
from sinergi.ingest.models import ImportBatch, ImportStatus
from sinergi.ingest.reading import check_table, detect_layouts
from sinergi.ingest.tests.conftest import run_import
from sinergi.programs.imports import applications_import, poverty_import
from sinergi.programs.models import Application
from sinergi.programs.tests.factories import business, person, program
from sinergi.purchasing import services as purchasing_services
from sinergi.purchasing.imports import civil_servants_import
from sinergi.purchasing.models import CivilServant
from sinergi.regions.models import Region
from sinergi.registry.models import Business, Person

MB = 1024 * 1024
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"
HEADER = ("Nama Usaha", "Nama Pemilik", "Kode Desa", "Omzet/Tahun", "Tahun")


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, values: tuple[str, ...]) -> str:
    letters = "ABCDEFGHIJ"
    return f'<row r="{number}">' + "".join(_cell(f"{letters[i]}{number}", v) for i, v in enumerate(values)) + "</row>"


def write_xlsx(path: Path, sheet: Iterator[bytes]) -> Path:
    """An XLSX whose one sheet's XML is ``sheet``, written to the zip a piece at a time (never whole in memory)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            for piece in sheet:
                stream.write(piece)
    return path


def _rows_sheet(rows: Sequence[tuple[str, ...]]) -> Iterator[bytes]:
    yield _SHEET_HEAD.encode()
    for number, values in enumerate(rows, start=1):
        yield _row(number, values).encode()
    yield _SHEET_END.encode()


def _bomb_sheet(unpacked: int) -> Iterator[bytes]:
    """A header row, then a row whose one cell is ``unpacked`` bytes of the same letter: a megabyte at a time."""
    yield (_SHEET_HEAD + _row(1, HEADER) + '<row r="2"><c r="A2" t="inlineStr"><is><t>').encode()
    block = b"A" * MB
    for _ in range(unpacked // MB):
        yield block
    yield ("</t></is></c></row>" + _SHEET_END).encode()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    path = write_xlsx(tmp_path_factory.mktemp("bomb") / "data-umkm.xlsx", _bomb_sheet(1100 * MB))
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 1024 * MB
    assert path.stat().st_size < 2 * MB
    return path


def _data_rows(desa: str, n: int, *, name: str = "Usaha") -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [HEADER]
    return rows + [(f"{name} {i}", f"Pemilik {i}", desa, "Rp 10.000.000", "2024") for i in range(n)]


# --- the archive checks ----------------------------------------------------------------------------------


def test_the_zip_directory_is_checked_before_anything_is_unpacked(bomb):
    with pytest.raises(ValidationError) as refused:
        check_archive(bomb, name="data-umkm.xlsx")
    assert refused.value.code == "file_unpacked_too_large"
    message = refused.value.messages[0]
    assert "data-umkm.xlsx" in message
    assert "1,024.0 MB" in message
    assert "1,100.0 MB" in message


def test_each_limit_of_the_archive_is_its_own_setting(bomb, settings):
    settings.SINERGI_IMPORT_MAX_UNPACKED_BYTES = 4096 * MB
    with pytest.raises(ValidationError) as part:
        check_archive(bomb, name="x.xlsx")
    assert part.value.code == "file_part_too_large"
    assert "xl/worksheets/sheet1.xml" in part.value.messages[0]
    settings.SINERGI_IMPORT_MAX_PART_BYTES = 4096 * MB
    with pytest.raises(ValidationError) as ratio:
        check_archive(bomb, name="x.xlsx")
    assert ratio.value.code == "file_ratio_too_high"
    assert "at most 100 times" in ratio.value.messages[0]


def test_the_message_is_indonesian(bomb):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        check_archive(bomb, name="data-umkm.xlsx")
    message = refused.value.messages[0]
    assert "terbuka menjadi 1.100,0 MB" in message
    assert "paling banyak 1.024,0 MB" in message


@pytest.mark.django_db
def test_every_target_refuses_the_bomb_at_once(bomb, kepahiang_officer):
    p = program(kepahiang_officer, name="Diklat", topics=["Kemasan"], status="open")
    agency = purchasing_services.agency_create(
        actor=kepahiang_officer, data={"region_id": "17.08", "name": "Dinas Koperasi"}
    )
    from sinergi.indicators.imports import targets_import
    from sinergi.indicators.models import Target
    from sinergi.indicators.services import roadmap_create

    roadmap = roadmap_create(
        actor=kepahiang_officer,
        data={"name": "Peta Jalan", "region_id": "17.08", "start_year": 2025, "end_year": 2029},
    )
    uploads: dict[str, Callable[[io.BufferedReader], object]] = {
        "registry.business": lambda f: services.import_upload(
            actor=kepahiang_officer, stream=f, name=bomb.name, size=bomb.stat().st_size, region_code="17.08"
        ),
        "cooperatives.annual_report": lambda f: coop_imports.cooperative_reports_import(
            actor=kepahiang_officer, stream=f, name=bomb.name, size=bomb.stat().st_size, region_code="17.08"
        ),
        "programs.applicant": lambda f: applications_import(
            actor=kepahiang_officer, program=p, stream=f, name=bomb.name, size=bomb.stat().st_size
        ),
        "programs.poverty": lambda f: poverty_import(
            actor=kepahiang_officer, stream=f, name=bomb.name, size=bomb.stat().st_size, source_label="P3KE"
        ),
        "aspirations.aspiration": lambda f: aspirations_import(
            actor=kepahiang_officer,
            office=Region.objects.get(code="17.08"),
            stream=f,
            name=bomb.name,
            size=bomb.stat().st_size,
        ),
        "empowerment.p3ke": lambda f: p3ke_import(
            actor=kepahiang_officer,
            office=Region.objects.get(code="17.08"),
            stream=f,
            name=bomb.name,
            size=bomb.stat().st_size,
            label="P3KE 2024",
            as_of=dt.date(2024, 1, 1),
        ),
        "empowerment.potential": lambda f: potentials_import(
            actor=kepahiang_officer,
            office=Region.objects.get(code="17.08"),
            stream=f,
            name=bomb.name,
            size=bomb.stat().st_size,
        ),
        "purchasing.civil_servant": lambda f: civil_servants_import(
            actor=kepahiang_officer, agency=agency, stream=f, name=bomb.name, size=bomb.stat().st_size
        ),
        "indicators.target": lambda f: targets_import(
            actor=kepahiang_officer, roadmap=roadmap, stream=f, name=bomb.name, size=bomb.stat().st_size
        ),
    }
    from sinergi.ingest.targets import targets

    assert set(uploads) == {t.key for t in targets()}
    for key, upload in uploads.items():
        with bomb.open("rb") as f, pytest.raises(ValidationError) as refused:
            upload(f)
        assert "1,100.0 MB" in " ".join(refused.value.messages), key
    assert not ImportBatch.objects.exists()
    assert not Cooperative.objects.exists()
    assert not Application.objects.exists()
    assert not Aspiration.objects.exists()
    assert not CivilServant.objects.exists()
    assert not DesaPotential.objects.exists()
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_the_page_refuses_the_bomb(bomb, client, kepahiang_officer):
    client.force_login(kepahiang_officer)
    with bomb.open("rb") as f:
        page = client.post(reverse("import_new"), {"file": f, "region": "17.08", "source": "uji"})
    assert page.status_code in (200, 400)
    assert "1,100.0 MB" in page.content.decode()
    assert not ImportBatch.objects.exists()


# --- rows and cells --------------------------------------------------------------------------------------


def test_an_xlsx_of_too_many_rows_is_refused_when_it_is_first_opened(tmp_path, settings):
    settings.SINERGI_IMPORT_MAX_ROWS = 5
    path = write_xlsx(tmp_path / "banyak.xlsx", _rows_sheet(_data_rows("17.08.01.2001", 10)))
    with pytest.raises(ValidationError) as refused:
        detect_layouts(path, kind="xlsx", score_header=count_score(lambda h: "x" if h else None), min_score=1)
    assert refused.value.code == "file_too_many_rows"
    assert "more than 5 rows" in refused.value.messages[0]


def test_rows_and_cells_are_counted_while_reading(tmp_path, settings):
    """What a sheet's raw XML cannot show (a CSV's rows, any cell's length) is checked as rows stream."""
    rows = _data_rows("17.08.01.2001", 10)
    path = tmp_path / "umkm.csv"
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    layout = detect_layouts(path, kind="csv", score_header=count_score(lambda h: "x" if h else None), min_score=1)[0]
    assert check_table(path, kind="csv", layout=layout) == 10
    settings.SINERGI_IMPORT_MAX_ROWS = 5
    with pytest.raises(ValidationError) as many:
        check_table(path, kind="csv", layout=layout)
    assert many.value.code == "file_too_many_rows"
    assert "row 6 reached" in many.value.messages[0]
    settings.SINERGI_IMPORT_MAX_ROWS = 100
    settings.SINERGI_IMPORT_MAX_CELL_CHARS = 11
    with pytest.raises(ValidationError) as long:
        check_table(path, kind="csv", layout=layout)
    assert long.value.code == "file_cell_too_long"
    assert "Row 1, column 2" in long.value.messages[0]
    assert "12 characters" in long.value.messages[0]


@pytest.mark.django_db
def test_the_business_job_refuses_a_long_cell_before_writing_any_row(tmp_path, settings, kepahiang_officer):
    """The job writes as it reads: the bad cell is on the last row, and still no row before it is written."""
    desa = village("17.08")
    rows = _data_rows(desa, 40)  # past the rows read when the file is uploaded (its header is looked for)
    rows[-1] = ("Usaha " + "x" * 100, "Pemilik", desa, "Rp 10.000.000", "2024")
    settings.SINERGI_IMPORT_MAX_CELL_CHARS = 60
    settings.SINERGI_IMPORT_BATCH_ROWS = 5
    path = write_xlsx(tmp_path / "umkm.xlsx", _rows_sheet(rows))
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert batch.status == ImportStatus.FAILED
    assert batch.job is not None
    assert batch.job.status == JobStatus.FAILED
    assert "106 characters" in batch.job.message
    assert "at most 60" in batch.job.message
    assert not Business.objects.exists()
    assert batch.rows_seen == 0


@pytest.mark.django_db
def test_the_business_job_refuses_too_many_csv_rows_before_writing(tmp_path, settings, kepahiang_officer):
    desa = village("17.08")
    path = tmp_path / "umkm.csv"
    path.write_text("\n".join(";".join(r) for r in _data_rows(desa, 40)) + "\n", encoding="utf-8")
    settings.SINERGI_IMPORT_MAX_ROWS = 35
    settings.SINERGI_IMPORT_BATCH_ROWS = 5
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert batch.status == ImportStatus.FAILED
    assert batch.job is not None
    assert "more than 35 rows" in batch.job.message
    assert not Business.objects.exists()


@pytest.mark.django_db
def test_the_other_targets_refuse_rows_and_cells_over_the_limits(tmp_path, settings, kepahiang_officer):
    desa = village("17.08")
    someone = person(desa, nik="1708015505900001")
    business(desa, name="Tenun Rejang")
    p = program(kepahiang_officer, name="Diklat", topics=["Kemasan"], status="open")
    settings.SINERGI_IMPORT_MAX_CELL_CHARS = 40
    long_name = "Tenun " + "x" * 50
    applicants = f"No. Pendaftaran;Nama Usaha;Desa\nP-1;Tenun Rejang;{desa}\nP-2;{long_name};{desa}\n".encode()
    with pytest.raises(ValidationError) as refused:
        applications_import(
            actor=kepahiang_officer, program=p, stream=io.BytesIO(applicants), name="a.csv", size=len(applicants)
        )
    assert "56 characters" in " ".join(refused.value.messages)
    assert not Application.objects.exists()
    settings.SINERGI_IMPORT_MAX_ROWS = 2
    deciles = b"NIK;Desil\n1708015505900001;2\n1708015505900002;3\n1708015505900003;4\n"
    with pytest.raises(ValidationError) as many:
        poverty_import(
            actor=kepahiang_officer, stream=io.BytesIO(deciles), name="p.csv", size=len(deciles), source_label="P3KE"
        )
    assert "more than 2 rows" in " ".join(many.value.messages)
    assert Person.objects.get(pk=someone.pk).poverty_decile is None
    reports = write_xlsx(
        tmp_path / "rat.xlsx",
        _rows_sheet(
            [("Nama Koperasi", "Tahun Buku", "Total Aset")] + [(f"Koperasi {i}", "2023", "1000") for i in range(4)]
        ),
    )
    with reports.open("rb") as f, pytest.raises(ValidationError) as rat:
        coop_imports.cooperative_reports_import(
            actor=kepahiang_officer, stream=f, name=reports.name, size=reports.stat().st_size, region_code="17.08"
        )
    assert "more than 2 rows" in " ".join(rat.value.messages)
    assert not AnnualReport.objects.exists()


@pytest.mark.django_db
def test_a_normal_file_still_imports(tmp_path, kepahiang_officer, settings):
    settings.SINERGI_IMPORT_MAX_ROWS = 10
    settings.SINERGI_IMPORT_MAX_CELL_CHARS = 40
    desa = village("17.08")
    path = write_xlsx(tmp_path / "umkm.xlsx", _rows_sheet(_data_rows(desa, 5)))
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert batch.status == ImportStatus.DONE, batch.job and batch.job.message
    assert (batch.created, batch.rejected) == (5, 0)
    assert batch.job is not None
    assert batch.job.progress_total == 5
