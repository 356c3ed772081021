"""An officer brings a messy spreadsheet in, in a real browser: upload it, confirm the detected columns,
read the rejected rows and download them, then review the duplicates the import made — mark one pair as
different, merge another, look again, and undo the merge. The review page is screenshot at phone width."""

import csv
import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from sinergi.accounts.models import User
from sinergi.core.models import JobStatus
from sinergi.ingest.models import ImportBatch, ImportStatus
from sinergi.ingest.places import place_key
from sinergi.linkage.models import CandidateStatus, LinkageRun, MatchCandidate, PairDecision
from sinergi.regions.models import Region
from sinergi.registry.models import Business, Merge, MergeKind, Person
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNKNOWN_VILLAGE = "Sukamakmur Jaya"
# The columns as the office heads them, and the field each header should be recognised as.
COLUMNS = [
    ("No.", "row_number"),
    ("Nama Usaha", "business_name"),
    ("Nama Pemilik", "owner_name"),
    ("NIK Pemilik", "owner_nik"),
    ("Tgl. Lahir", "owner_birth_date"),
    ("No. HP/WA", "phone"),
    ("Alamat", "address"),
    ("Desa/Kel.", "desa"),
    ("Omzet/Tahun", "annual_sales"),
]
HEADER = [header for header, _field in COLUMNS]
TITLE_ROWS = 2  # a title line and a blank line above the header
FIRST_DATA_ROW = TITLE_ROWS + 2  # 1-based line of the file


def _villages() -> tuple[Region, Region]:
    """Two villages of one kecamatan of Kepahiang whose names no other village of the kabupaten shares."""
    villages = list(Region.objects.filter(level=4, code__startswith="17.08.").order_by("code"))
    names = Counter(place_key(v.name) for v in villages)
    unique = [v for v in villages if names[place_key(v.name)] == 1]
    first = unique[0]
    second = next(v for v in unique[1:] if v.parent_id == first.parent_id)
    return first, second


def _messy_csv(path: Path, desa_a: Region, desa_b: Region) -> Path:
    """A file as offices keep them: a title, Indonesian headers, amounts in rupiah, names spelt two ways."""
    kec = desa_a.code[:8].replace(".", "")  # the first six digits of a NIK issued in that kecamatan
    rows = [
        # Siti Aminah twice: an honorific, a doubled letter, two digits of the NIK swapped, the phone typed
        # another way, and the village written with "Ds." and in capitals.
        ["1", "Keripik Pisang Bu Siti", "Hj. Siti Aminah", f"{kec}4507850001", "", "0812-3456-7890",
         "Jl. Merdeka No. 5 RT 02/RW 01", desa_a.name, "Rp 5.000.000"],
        ["2", "Gorengan Sitti", "Sitti Aminah", f"{kec}4507850010", "", "081234567890",
         "Jalan Merdeka 5 RT 2 RW 1", f"Ds. {desa_a.name.upper()}", "Rp 7.500.000,-"],
        # A Yusuf without a NIK, born the same day on the same lane: the model takes the two for one
        # person, the officer knows them to be two cousins.
        ["3", "Kopi Bubuk Pak Yusuf", "Muhammad Yusuf S.Pd.", f"{kec}1203790002", "", "085267891234",
         "Gg. Mawar 3", desa_b.name, "12 jt"],
        ["4", "Bengkel Las Yusuf", "Moh. Yusuf", "", "12/03/1979", "", "Gang Mawar No. 3", desa_b.name, ""],
        # Rejected: a NIK five digits short; a village that is not in Kepahiang.
        ["5", "Tenun Songket Rejang", "Budi Santoso", f"{kec}01037", "", "081100000001", "Pasar Lama",
         desa_a.name, "Rp 3.000.000"],
        ["6", "Warung Makan Sederhana", "Rina Marlina", f"{kec}5201900003", "", "", "Jl. Pasar 1",
         UNKNOWN_VILLAGE, "2,5 jt"],
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["DATA UMKM BINAAN DINAS KOPERASI DAN UKM KABUPATEN KEPAHIANG TAHUN 2024"])
        w.writerow([])
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def _person(name: str) -> Person:
    return Person.objects.get(name=name)


def _candidate(a: Person, b: Person) -> MatchCandidate:
    left, right = sorted((a.pk, b.pk))
    return MatchCandidate.objects.get(kind=MergeKind.PERSON, left_id=left, right_id=right)


@pytest.mark.usefixtures("jobs_in_line")
def test_import_and_duplicate_review(
    page: Page, live_server: Any, kepahiang_officer: User, screenshot_dir: Path, tmp_path: Path
) -> None:
    base = live_server.url
    desa_a, desa_b = _villages()
    assert not Region.objects.filter(code__startswith="17.08.", name__iexact=UNKNOWN_VILLAGE).exists()
    upload = _messy_csv(tmp_path / "umkm-kepahiang-2024.csv", desa_a, desa_b)
    sign_in(page, base, "kepahiang")

    # The imports page, from the main navigation; its template link answers with a workbook.
    page.click("nav.mainnav a[href='/impor/']")
    expect(page).to_have_url(base + "/impor/")
    template = page.locator("main a[href='/impor/templat.xlsx']").first
    expect(template).to_be_visible()
    href = template.get_attribute("href")
    assert href is not None
    answer = page.request.get(base + href)
    assert answer.status == 200
    assert answer.headers["content-type"] == XLSX
    assert answer.body().startswith(b"PK")

    # Upload: the region is the officer's kabupaten; the file has no year column, so the year is given.
    page.click("main a[href='/impor/baru/']")
    page.set_input_files("#id_file", str(upload))
    page.select_option("#id_region", "17.08")
    page.fill("#id_source", "pendataan-2024")
    page.fill("#id_year", "2024")
    page.click("form.form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/impor/\d+/$"))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.MAPPING

    # The mapping step: every header below the title rows was recognised and is pre-selected.
    mapping = page.locator(f"form[action='/impor/{batch.pk}/pemetaan/']")
    expect(mapping.locator("select[name^=col_]")).to_have_count(len(HEADER))
    for index, (_header, field) in enumerate(COLUMNS):
        expect(mapping.locator(f"select[name=col_{index}]")).to_have_value(field)
    expect(mapping.locator(".sample").first).to_have_text("1")
    expect(mapping).to_contain_text("Hj. Siti Aminah")  # the first values are shown beside each column
    expect(mapping.locator("#id_default_year")).to_have_value("2024")
    mapping.locator("button[type=submit]").click()

    # The job ran at once; the page shows the finished state and stops polling.
    expect(page).to_have_url(base + f"/impor/{batch.pk}/")
    progress = page.locator("#progress")
    expect(progress).to_be_visible()
    expect(page.locator("#progress:not([hx-trigger])")).to_have_count(1)
    counts = progress.locator("dd.num")
    expect(counts.nth(0)).to_have_text(re.compile(r"^6\b"))  # rows read
    expect(counts.nth(1)).to_have_text(re.compile(r"^4 \(created 4\b"))  # accepted
    expect(counts.nth(2)).to_have_text("2")  # rejected
    batch.refresh_from_db()
    assert (batch.status, batch.rows_seen, batch.accepted, batch.rejected) == (ImportStatus.DONE, 6, 4, 2)

    # Each rejected row with its line in the file and every reason.
    rejected = page.locator("main table.cards tbody tr")
    expect(rejected).to_have_count(2)
    nik_row, village_row = FIRST_DATA_ROW + 4, FIRST_DATA_ROW + 5
    expect(rejected.nth(0).locator("td.num")).to_have_text(str(nik_row))
    expect(rejected.nth(0).locator("ul.reasons li")).to_have_text(["Owner NIK: A NIK has 16 digits; this one has 11."])
    expect(rejected.nth(1).locator("td.num")).to_have_text(str(village_row))
    expect(rejected.nth(1).locator("ul.reasons li")).to_have_count(1)
    expect(rejected.nth(1).locator("ul.reasons li")).to_contain_text(f"Village: No village “{UNKNOWN_VILLAGE}”")

    # The rejected rows as a workbook: the file's own columns, the source row and the reason.
    with page.expect_download() as download_info:
        page.click(f"a[href='/impor/{batch.pk}/ditolak.xlsx']")
    download = download_info.value
    assert download.suggested_filename == f"ditolak-pendataan-2024-{batch.pk}.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = openpyxl.load_workbook(saved, read_only=True)
    assert book.active is not None
    table = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert table[0] == ["Source row", *HEADER, "Reason for rejection"]
    assert len(table) == 1 + 2
    assert [row[0] for row in table[1:]] == [nik_row, village_row]
    assert [row[2] for row in table[1:]] == ["Tenun Songket Rejang", "Warung Makan Sederhana"]
    assert "A NIK has 16 digits" in str(table[1][-1])
    assert UNKNOWN_VILLAGE in str(table[2][-1])

    # Look for duplicates among the records this import added; the run ends before the queue shows.
    page.click(f"form[action='/impor/{batch.pk}/cari-ganda/'] button[type=submit]")
    expect(page).to_have_url(base + "/ganda/")
    runs = LinkageRun.objects.filter(kind=MergeKind.PERSON, batch=batch)
    assert [r.job.status for r in runs if r.job] == [JobStatus.SUCCEEDED]

    hj, sitti = _person("Hj. Siti Aminah"), _person("Sitti Aminah")
    yusuf, moh = _person("Muhammad Yusuf S.Pd."), _person("Moh. Yusuf")
    siti_pair, yusuf_pair = _candidate(hj, sitti), _candidate(yusuf, moh)
    gorengan = Business.objects.get(name="Gorengan Sitti")
    assert gorengan.owner_id == sitti.pk
    expect(page.locator("article.pair")).to_have_count(2)

    card = page.locator(f"#pair-{siti_pair.pk}")
    by_pk = {hj.pk: hj.name, sitti.pk: sitti.name}
    expect(card.locator(".side h3")).to_contain_text([by_pk[siti_pair.left_id], by_pk[siti_pair.right_id]])
    percent = round(siti_pair.probability * 100, 1)
    assert percent >= 90
    expect(card.locator(".pair-head strong")).to_contain_text(f"{percent}%")
    expect(card.locator(".pair-head meter")).to_have_attribute("value", str(percent))
    evidence = card.locator("details.evidence")
    evidence.locator("summary").click()
    expect(evidence).to_have_attribute("open", "")
    evidence_rows = evidence.locator("tbody tr")
    expect(evidence_rows).to_have_count(len(siti_pair.evidence))
    fields = [row.get_attribute("data-field") or "" for row in evidence_rows.all()]
    assert sorted(fields) == sorted(siti_pair.evidence)
    # Worded for the officer (the officer switched to English above), not the model's column names.
    expect(evidence_rows.locator("td:first-child")).to_contain_text(["Date of birth"])
    nik_evidence = evidence.locator("tr[data-field=nik]")
    expect(nik_evidence.locator("td").nth(1)).to_have_text(
        "serial number one or two digits off, same date of birth, names alike"
    )
    # Issue 15: with the date of birth already agreeing, a swapped serial is a little evidence against
    # (neighbours born on one day differ only there); the names, the date and the phone carry the pair.
    expect(nik_evidence.locator("td.num")).to_have_class(re.compile(r"\bbad\b"))

    # The Yusufs are two people: "different", and the pair leaves the queue.
    page.click(f"#pair-{yusuf_pair.pk} button[name=decision][value=distinct]")
    expect(page.locator(f"#pair-{yusuf_pair.pk}")).to_have_count(0)
    expect(page.locator("article.pair")).to_have_count(1)
    assert PairDecision.objects.filter(
        kind=MergeKind.PERSON, left_id=yusuf_pair.left_id, right_id=yusuf_pair.right_id, verdict="distinct"
    ).exists()

    # The Sitis are one person: keep "Hj. Siti Aminah"; the queue is then empty.
    keep = "keep_left" if siti_pair.left_id == hj.pk else "keep_right"
    page.click(f"#pair-{siti_pair.pk} button[name=decision][value={keep}]")
    expect(page.locator("article.pair")).to_have_count(0)
    expect(page.locator("main p.empty")).to_be_visible()
    assert Person.objects.filter(pk=hj.pk).exists()
    assert not Person.objects.filter(pk=sitti.pk).exists()
    gorengan.refresh_from_db()
    assert gorengan.owner_id == hj.pk  # the merged-away owner's business now belongs to the survivor
    merge = Merge.objects.get(kind=MergeKind.PERSON)
    assert (merge.survivor_id, merge.merged_id, merge.undone_at) == (hj.pk, sitti.pk, None)

    # Looking again asks neither pair again: one is merged, the other decided.
    page.select_option("#id_region", "17.08")
    page.click("form[action='/ganda/cari/'] button[type=submit]")
    expect(page).to_have_url(base + "/ganda/?jenis=person")
    expect(page.locator("article.pair")).to_have_count(0)
    again = LinkageRun.objects.filter(kind=MergeKind.PERSON).latest("pk")
    assert again.batch_id is None
    assert again.job is not None
    assert again.job.status == JobStatus.SUCCEEDED
    assert again.counts["new_candidates"] == 0
    assert not MatchCandidate.objects.filter(run=again).exists()
    assert MatchCandidate.objects.get(pk=yusuf_pair.pk).status == CandidateStatus.DISTINCT

    # The merge in the list of merges, and its undo.
    page.click("main a[href='/ganda/penggabungan/']")
    expect(page).to_have_url(base + "/ganda/penggabungan/")
    merges = page.locator("main table.cards tbody tr")
    expect(merges).to_have_count(1)
    expect(merges.first).to_contain_text("Sitti Aminah")
    expect(merges.first).to_contain_text(f"#{hj.pk}")
    merges.first.locator(f"form[action='/ganda/penggabungan/{merge.pk}/batalkan/'] button[type=submit]").click()
    expect(page.locator("form[action$='/batalkan/']")).to_have_count(0)
    expect(merges.first.locator(".badge")).to_contain_text("undone")
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert Person.objects.filter(pk__in=[hj.pk, sitti.pk]).count() == 2
    gorengan.refresh_from_db()
    assert gorengan.owner_id == sitti.pk
    assert MatchCandidate.objects.get(pk=siti_pair.pk).status == CandidateStatus.OPEN

    # Back in the queue, on a phone: the reopened pair fits the screen, evidence open.
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("main .crumbs a[href='/ganda/']")
    expect(page.locator("article.pair")).to_have_count(1)
    card = page.locator(f"#pair-{siti_pair.pk}")
    expect(card).to_be_visible()
    card.locator("details.evidence summary").click()
    expect(card.locator("details.evidence tbody tr").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "duplicate-review-phone.png"), full_page=True)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the review page is {widths[0]}px wide on a {widths[1]}px screen"
