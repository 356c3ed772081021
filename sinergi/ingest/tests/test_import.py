"""The import job end to end: every row accepted or rejected with reasons, re-imports idempotent."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sinergi.core.models import ChangeAction, ChangeLog, JobStatus
from sinergi.ingest import selectors, services
from sinergi.ingest.models import ImportStatus, RejectedRow
from sinergi.ingest.tests.conftest import run_import, write_csv
from sinergi.regions.models import Region
from sinergi.registry import services as registry_services
from sinergi.registry.models import Business, BusinessYear, LegalDocument, Person

pytestmark = pytest.mark.django_db

HEADER = [
    "No.",
    "Nama Usaha",
    "Nama Pemilik",
    "NIK Pemilik",
    "No. HP/WA",
    "Kecamatan",
    "Desa/Kel.",
    "Omzet/Tahun",
    "Modal",
    "Tahun",
]
GOOD = [
    [
        1,
        "Keripik Pisang Bu Sari",
        "Hj. Sari Wulandari",
        "1708015508850001",
        "0812-3456-7890",
        "Bermani Ilir",
        "Kota Agung",
        "Rp 150.000.000",
        "5 jt",
        "2024",
    ],
    [2, "Kopi Bubuk Kembang Seri", "Budi Santoso", "", "", "Bermani Ilir", "Kembang Seri", "1.250.000,00", "", "2024"],
]
BAD = [
    [3, "Dodol Durian", "Ani", "17080141019", "", "Bermani Ilir", "Pagar Agung", "", "", ""],
    [4, "Tenun Rejang", "Rina", "", "", "Bermani Ilir", "Kota Agungg", "", "", ""],
    [5, "", "Tanpa Nama", "", "", "Bermani Ilir", "Kota Agung", "abc", "", "2024"],
]


def test_every_row_is_accepted_or_rejected_with_its_reasons(kepahiang_officer, tmp_path):
    path = write_csv(tmp_path / "umkm.csv", HEADER, GOOD + BAD)
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")

    assert batch.status == ImportStatus.DONE
    assert batch.job is not None
    assert batch.job.status == JobStatus.SUCCEEDED
    assert (batch.rows_seen, batch.accepted, batch.created, batch.rejected) == (5, 2, 2, 3)
    sari = Business.objects.get(name="Keripik Pisang Bu Sari")
    assert sari.desa_id == "17.08.01.2001"
    assert sari.owner is not None
    assert sari.owner.nik == "1708015508850001"
    assert sari.owner.phone == "+6281234567890"
    year = BusinessYear.objects.get(business=sari, year=2024)
    assert (year.annual_sales, year.modal_usaha) == (Decimal("150000000"), Decimal("5000000"))
    assert sari.scale == year.scale != ""
    assert sari.external_ref is not None
    # No ID column: the key is owner + name + village, whatever the file or source is called.
    assert sari.external_ref.startswith("nk:")
    # Every write is in the change log, tied to the job.
    logged = ChangeLog.objects.filter(job=batch.job, action=ChangeAction.CREATE)
    assert logged.filter(object_id=str(sari.pk), content_type__model="business").exists()
    assert logged.filter(content_type__model="person").count() == 2

    reasons = {
        r.source_row: {e["field"]: e["message"] for e in r.errors} for r in RejectedRow.objects.filter(batch=batch)
    }
    assert set(reasons) == {4, 5, 6}
    assert "owner_nik" in reasons[4]
    assert "Kota Agung" in reasons[5]["desa"]  # the suggestion for the misspelt village
    assert set(reasons[6]) == {"business_name", "annual_sales"}  # both problems, in one pass
    assert RejectedRow.objects.get(batch=batch, source_row=6).values[2] == "Tanpa Nama"


def test_reimporting_the_same_file_changes_nothing_and_an_updated_file_updates(kepahiang_officer, tmp_path):
    path = write_csv(tmp_path / "umkm.csv", HEADER, GOOD)
    run_import(actor=kepahiang_officer, path=path, region="17.08")
    counts = (Business.objects.count(), Person.objects.count(), BusinessYear.objects.count(), ChangeLog.objects.count())

    again = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (Business.objects.count(), Person.objects.count(), BusinessYear.objects.count()) == counts[:3]
    assert not ChangeLog.objects.filter(job=again.job).exists()  # the registry was not touched

    changed = [row[:] for row in GOOD]
    changed[1][7] = "2,5 jt"
    updated = run_import(
        actor=kepahiang_officer, path=write_csv(tmp_path / "umkm2.csv", HEADER, changed), region="17.08"
    )
    assert (updated.created, updated.updated, updated.unchanged) == (0, 1, 1)
    kopi = BusinessYear.objects.get(business__name="Kopi Bubuk Kembang Seri", year=2024)
    assert kopi.annual_sales == Decimal("2500000")
    log = ChangeLog.objects.get(job=updated.job, content_type__model="businessyear")
    assert log.action == ChangeAction.UPDATE
    assert log.after == {"annual_sales": "2500000.00"}


def test_rejected_rows_download_fix_and_reimport(kepahiang_officer, tmp_path):
    path = write_csv(tmp_path / "umkm.csv", HEADER, GOOD + BAD)
    first = run_import(actor=kepahiang_officer, path=path, region="17.08")
    stream = BytesIO()
    assert selectors.rejections_xlsx(batch=first, stream=stream, labels={}) == 3

    book = openpyxl.load_workbook(BytesIO(stream.getvalue()))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[1:-1] == HEADER
    assert "reason" in str(header[-1]).lower()
    col = {name: i + 1 for i, name in enumerate(header)}
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, col["NIK Pemilik"]).value = ""
        sheet.cell(row, col["Desa/Kel."]).value = "Kota Agung"
        sheet.cell(row, col["Omzet/Tahun"]).value = ""
        if not sheet.cell(row, col["Nama Usaha"]).value:
            sheet.cell(row, col["Nama Usaha"]).value = "Warung Tanpa Nama"
    fixed = tmp_path / "diperbaiki.xlsx"
    book.save(fixed)

    second = run_import(actor=kepahiang_officer, path=fixed, region="17.08")
    assert (second.rows_seen, second.created, second.rejected) == (3, 3, 0)
    assert not Business.objects.exclude(extra={}).exists()  # the row and reason columns are not business data
    assert Business.objects.count() == 5
    # Importing the original again adds nothing: the fixed rows did not take the originals' keys.
    third = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert third.created == 0
    assert Business.objects.count() == 5


def test_a_village_name_found_twice_needs_its_kecamatan(jember_officer, tmp_path):
    kec_a, kec_b = (Region.objects.get(code=c).name for c in ("35.09.04", "35.09.21"))
    rows = [
        [1, "Warung A", "", "", "", "", "Karangrejo", "", "", ""],
        [2, "Warung B", "", "", "", kec_b, "Karangrejo", "", "", ""],
    ]
    batch = run_import(actor=jember_officer, path=write_csv(tmp_path / "j.csv", HEADER, rows), region="35.09")
    assert (batch.created, batch.rejected) == (1, 1)
    message = RejectedRow.objects.get(batch=batch).errors[0]["message"]
    assert "35.09.04.2008" in message
    assert "35.09.21.1004" in message
    assert kec_a in message
    assert Business.objects.get(name="Warung B").desa_id == "35.09.21.1004"


def test_region_scope_applies_to_the_import_and_to_each_row(kepahiang_officer, tmp_path):
    path = write_csv(tmp_path / "x.csv", ["Nama Usaha", "Kode Wilayah"], [["Warung Jember", "35.09.04.2008"]])
    with pytest.raises(PermissionDenied), path.open("rb") as f:
        services.import_upload(actor=kepahiang_officer, stream=f, name="x.csv", size=10, region_code="35.09")
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert batch.rejected == 1
    assert "outside" in RejectedRow.objects.get(batch=batch).errors[0]["message"]


def test_a_row_with_a_known_nib_updates_that_business(kepahiang_officer, kepahiang_desa, tmp_path):
    existing = registry_services.business_create(
        actor=kepahiang_officer, data={"name": "Kopi Lama", "desa_id": kepahiang_desa}
    )
    registry_services.legal_document_create(
        actor=kepahiang_officer, business=existing, data={"kind": "nib", "number": "1234567890123"}
    )
    path = write_csv(
        tmp_path / "nib.csv", ["Nama Usaha", "Kode Wilayah", "NIB"], [["Kopi Baru", kepahiang_desa, "1234567890123"]]
    )
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert (batch.created, batch.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.name == "Kopi Baru"
    assert LegalDocument.objects.filter(number="1234567890123").count() == 1


def test_two_rows_with_one_nib_in_a_file_reject_the_second(kepahiang_officer, kepahiang_desa, tmp_path):
    rows = [["A", kepahiang_desa, "1234567890123", "1"], ["B", kepahiang_desa, "1234567890123", "2"]]
    path = write_csv(tmp_path / "dup.csv", ["Nama Usaha", "Kode Wilayah", "NIB", "ID"], rows)
    batch = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert (batch.created, batch.rejected) == (1, 1)
    assert "row 2" in RejectedRow.objects.get(batch=batch).errors[0]["message"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("data.xls", b"\xd0\xcf\x11\xe0old", "xls"),
        ("data.xlsx", b"Nama Usaha;Desa\n", "not_xlsx"),
        ("data.pdf", b"%PDF-1.4", "file_type"),
        ("data.csv", b"", "empty"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(kepahiang_officer, name, content, code):
    with pytest.raises(ValidationError) as err:
        services.import_upload(
            actor=kepahiang_officer, stream=BytesIO(content), name=name, size=len(content), region_code="17.08"
        )
    assert err.value.code == code


def test_a_refusal_names_the_file_as_uploaded_not_as_stored(kepahiang_officer):
    content = b"<html><body><table><tr><td>Nama Usaha</td></tr></table></body></html>"
    with pytest.raises(ValidationError) as err:
        services.import_upload(
            actor=kepahiang_officer,
            stream=BytesIO(content),
            name="Data UMKM 2024.csv",
            size=len(content),
            region_code="17.08",
        )
    assert err.value.code == "file_html"
    assert err.value.messages[0].startswith("“Data UMKM 2024.csv” is a web page (HTML)")


def test_an_upload_over_the_limit_is_refused_with_its_size(kepahiang_officer, settings):
    settings.SINERGI_IMPORT_MAX_BYTES = 1024
    for language, size in (("en", "200.5 MB"), ("id", "200,5 MB")):
        with translation.override(language), pytest.raises(ValidationError) as err:
            services.import_upload(
                actor=kepahiang_officer,
                stream=BytesIO(b"x"),
                name="a.csv",
                size=200 * 1048576 + 524288,
                region_code="17.08",
            )
        assert size in err.value.messages[0]


def test_mapping_errors_name_the_column(kepahiang_officer, tmp_path):
    path = write_csv(tmp_path / "m.csv", HEADER, GOOD)
    with path.open("rb") as f:
        batch = services.import_upload(actor=kepahiang_officer, stream=f, name="m.csv", size=100, region_code="17.08")
    with pytest.raises(ValidationError) as err:
        services.import_set_mapping(
            actor=kepahiang_officer,
            batch=batch,
            sheet="",
            mapping={1: "business_name", 2: "business_name"},
            default_year=None,
        )
    assert "col_2" in err.value.message_dict
    assert "mapping" in err.value.message_dict


def test_a_saved_mapping_is_offered_for_the_next_file_with_the_same_headers(kepahiang_officer, tmp_path):
    header = ["Nama Usaha", "Nama Pemilik", "Lokasi"]
    first = tmp_path / "a.csv"
    write_csv(first, header, [["Warung", "Ani", "Kota Agung"]])
    with first.open("rb") as f:
        batch = services.import_upload(actor=kepahiang_officer, stream=f, name="a.csv", size=30, region_code="17.08")
    services.import_set_mapping(
        actor=kepahiang_officer,
        batch=batch,
        sheet="",
        mapping={0: "business_name", 1: "owner_name", 2: "desa"},
        default_year=None,
        save_as="Format kecamatan",
    )
    with first.open("rb") as f:
        again = services.import_upload(actor=kepahiang_officer, stream=f, name="a.csv", size=30, region_code="17.08")
    assert services.mapping_of(again) == {0: "business_name", 1: "owner_name", 2: "desa"}


def test_reimport_after_a_merge_updates_the_survivor(kepahiang_officer, tmp_path):
    path = write_csv(tmp_path / "umkm.csv", HEADER, GOOD)
    run_import(actor=kepahiang_officer, path=path, region="17.08")
    keep, dup = Business.objects.order_by("pk")
    registry_services.records_merge(actor=kepahiang_officer, kind="business", survivor_id=keep.pk, duplicate_id=dup.pk)
    again = run_import(actor=kepahiang_officer, path=path, region="17.08")
    assert again.created == 0
    assert Business.objects.count() == 1
