"""A full study-tour round in a real browser, by a Jember officer: the program is defined with NIB required,
applicants are imported with their needs from the office's spreadsheet (one more is entered by hand), the
selection is run with one seat per cluster and a published
seed, accepted and published; the public report (read signed out) lists the chosen and why, and no NIK;
then the first visit's attendance is recorded on its sheet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import village
from sinergi.accounts.models import User
from sinergi.programs.models import Application, Attendance, Enrollment, Program, SelectionRun
from sinergi.programs.tests.factories import business
from sinergi.registry import services as registry
from sinergi.registry.models import Business, Cluster
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLUSTERS = ("batik", "kopi", "kuliner")
SEED = "Undian Studi Banding Jember 2025"


def _applicants(officer: User, clusters: dict[str, Cluster]) -> dict[str, Business]:
    """Two businesses with an NIB per cluster (the first asks for the tour's topic) and one without; the
    NIBs are 13-digit numbers as the office's list gives them."""
    desa = village("35.09.01")
    made: dict[str, Business] = {}
    n = 0
    for slug in CLUSTERS:
        for j in range(2):
            n += 1
            owner = registry.person_create(
                actor=officer, data={"name": f"Ibu Pelaku {n}", "nik": f"35090141{n:02d}900{n:03d}", "desa_id": desa}
            )
            made[f"{slug}{j}"] = business(
                desa, owner=owner, cluster=clusters[slug], docs=(("nib", None),), name=f"UMKM {slug.title()} {j + 1}"
            )
    made["informal"] = business(desa, cluster=clusters["batik"], name="Batik Belum Legal")
    for n, b in enumerate(made.values(), start=1):
        b.documents.filter(kind="nib").update(number=f"91200{n:08d}")
    return made


def _spreadsheet(path: Path, made: dict[str, Business]) -> Path:
    """The office's list of applicants: a title row, then NIB (or name and village code) and the needs;
    "UMKM Kopi 2" is left out (entered by hand) and one row names a business not in the registry."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Pendaftar"
    sheet.append(["Daftar Pendaftar Studi Banding 2025"])
    sheet.append(["No. Pendaftaran", "NIB", "Nama Usaha", "Desa", "Kebutuhan"])
    for n, (key, b) in enumerate(made.items(), start=1):
        if key == "kopi1":
            continue
        nib = b.documents.filter(kind="nib").values_list("number", flat=True).first()
        needs = "Pemasaran digital; foto produk" if key.endswith("0") else ""
        if nib:
            sheet.append([f"SB-{n:02d}", nib, "", "", needs])
        else:
            sheet.append([f"SB-{n:02d}", None, b.name, b.desa_id, needs])
    sheet.append(["SB-99", None, "Usaha Belum Terdaftar", made["batik0"].desa_id, ""])
    book.save(path)
    return path


def _move(page: Page, base: str, program: Program, to: str, label: str) -> None:
    page.goto(f"{base}/program/{program.pk}/?tab=overview")
    page.click(f"button[data-to={to}]")
    expect(page.locator(".messages")).to_contain_text(f"The program is now: {label}.")


@pytest.mark.usefixtures("jobs_in_line")
def test_study_tour_round(
    chromium: Browser,
    live_server: Any,
    jember_officer: User,
    clusters: dict[str, Cluster],
    screenshot_dir: Path,
    tmp_path: Path,
) -> None:
    made = _applicants(jember_officer, clusters)
    sheet = _spreadsheet(tmp_path / "pendaftar-studi-banding.xlsx", made)
    base = live_server.url
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, base, "jember")

    # Define the program.
    page.click("nav.mainnav a:has-text('Programs')")
    page.click("text=+ New program")
    form = page.locator("form.program-form")
    form.locator("[name=name]").fill("Studi Banding Klaster 2025")
    form.locator("[name=kind]").select_option("studi_banding")
    form.locator("[name=fiscal_year]").fill("2025")
    expect(form.locator("[name=region]")).to_have_value("35.09")
    form.locator("[name=capacity]").fill("3")
    form.locator("[name=topics]").fill("Pemasaran digital")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/program/\d+/$"))
    program = Program.objects.get(name="Studi Banding Klaster 2025")

    # NIB required.
    page.click("a[href$='?tab=rules']")
    rule = page.locator("form.rule-form")
    rule.locator("[name=kind]").select_option("legality")
    rule.locator("[name=nib]").check()
    rule.locator("button[type=submit]").click()
    expect(page.locator("ol.rules")).to_contain_text("Holds an NIB")
    expect(page.locator("[data-field=eligible]").first).to_have_text("6")

    # Open; import the office's list of applicants with their needs, then enter one more by hand.
    _move(page, base, program, "open", "Open for applications")
    page.click("a[href$='?tab=applications']")
    upload = page.locator("form.applicant-import-form")
    upload.locator("input[type=file]").set_input_files(str(sheet))
    upload.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/program/\d+/pendaftar/impor/\d+/$"))
    expect(page.locator("[data-field=created]")).to_have_text("6")
    expect(page.locator("[data-field=rejected]")).to_have_text("1")
    expect(page.locator("table.rejected")).to_contain_text("Usaha Belum Terdaftar")
    expect(page.locator("table.rejected")).to_contain_text("register it first")
    page.screenshot(path=str(screenshot_dir / "program-import-phone.png"), full_page=True)
    assert Application.objects.filter(program=program, source="import").count() == 6
    page.click("text=Back to the applications")
    applicant = page.locator("form.applicant-form")
    applicant.locator("[name=applicant]").fill(str(made["kopi1"].pk))
    applicant.locator("[name=needs]").fill("ekspor")
    applicant.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Application added.")
    expect(page.locator("tr[data-application]")).to_have_count(7)
    expect(page.locator("tr.mismatch")).to_have_count(1)
    expect(page.locator("tr.mismatch")).to_contain_text("UMKM Kopi 2")

    # Selection: one seat per cluster, the seed announced beforehand.
    _move(page, base, program, "selection", "Selection")
    page.click("a[href$='?tab=selection']")
    run_form = page.locator("form.selection-form")
    run_form.locator("[name=seed]").fill(SEED)
    run_form.locator("[name=cluster_min]").fill("1")
    run_form.locator("[name=cluster_max]").fill("1")
    run_form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/program/\d+/seleksi/\d+/$"))
    chosen = page.locator("table.chosen tbody tr")
    expect(chosen).to_have_count(3)
    for slug in CLUSTERS:
        expect(page.locator("table.chosen")).to_contain_text(f"UMKM {slug.title()} 1")
    expect(page.locator("table.chosen")).to_contain_text("Reserved seat for cluster")
    expect(page.locator("table.not-chosen")).to_contain_text("Not eligible: Holds an NIB")
    expect(page.locator("table.not-chosen")).to_contain_text("The limit for cluster")
    page.click("button[name=accept]")
    expect(page.locator("[data-field=accepted]")).to_be_visible()
    page.click("button[name=publish]")
    expect(page.locator("[data-field=published]")).to_be_visible()
    run = SelectionRun.objects.get(program=program)
    assert run.seed == SEED
    assert Enrollment.objects.filter(program=program).count() == 3
    page.screenshot(path=str(screenshot_dir / "program-selection-phone.png"), full_page=True)

    # The public report, read by someone who is not signed in: who was chosen and why, and no NIK.
    public = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    reader = public.new_page()
    reader.goto(f"{base}/program/laporan-seleksi/{run.pk}/")
    expect(reader.locator("#cara-memeriksa")).to_contain_text(SEED)  # the draw key, under "how to verify"
    expect(reader.locator("table.chosen tbody tr")).to_have_count(3)
    for slug in CLUSTERS:
        expect(reader.locator("table.chosen")).to_contain_text(f"UMKM {slug.title()} 1")
    expect(reader.locator("table.not-chosen")).to_contain_text("Batik Belum Legal")
    text = reader.locator("body").inner_text()
    for b in made.values():
        if b.owner_id:
            assert b.owner is not None
            assert b.owner.nik
            assert b.owner.nik not in text
            assert b.owner.name not in text
    reader.emulate_media(media="print")
    expect(reader.locator("header.topbar")).to_be_hidden()
    reader.screenshot(path=str(screenshot_dir / "program-report-print.png"), full_page=True)
    public.close()

    # The first visit and its attendance sheet.
    page.goto(f"{base}/program/{program.pk}/?tab=enrollments")
    session = page.locator("form.session-form")
    session.locator("[name=title]").fill("Kunjungan ke Kampung Batik Laweyan")
    session.locator("[name=held_on]").fill("2025-07-01")
    session.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/program/\d+/sesi/\d+/$"))
    _move(page, base, program, "running", "Running")
    page.click("a[href$='?tab=enrollments']")
    page.click("ul.sessions a")
    rows = page.locator("table.attendance tbody tr")
    expect(rows).to_have_count(3)
    rows.nth(0).locator("input[type=checkbox]").check()
    rows.nth(1).locator("input[type=checkbox]").check()
    rows.nth(1).locator("input[type=text]").fill("Anaknya")
    page.click("form.attendance-sheet button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("2 of 3 present")
    expect(rows.nth(1).locator("input[type=text]")).to_have_value("Anaknya")
    marks = list(Attendance.objects.filter(session__program=program).order_by("enrollment_id"))
    assert [(m.present, m.substitute) for m in marks] == [(True, ""), (True, "Anaknya"), (False, "")]
    page.screenshot(path=str(screenshot_dir / "program-attendance-phone.png"), full_page=True)
    context.close()
