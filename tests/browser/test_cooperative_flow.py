"""A cooperative's own officer enters the year's report in a real browser (an unbalanced balance sheet first),
and the office then reads the computed score, the predicate and the line-by-line explanation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sinergi.accounts.models import User
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.health import KSP_2016_06_LINEAR, health_score
from sinergi.cooperatives.models import Cooperative, HealthAssessment
from sinergi.cooperatives.services.assessments import answers_of, figures_of
from sinergi.cooperatives.tests.factories import (
    cooperative_make,
    cooperative_officer_make,
    rat,
    report_data,
    report_form_data,
)
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _indonesian(value: Any) -> str:
    """A score as the page writes it: two decimals with a decimal comma."""
    return f"{value:.2f}".replace(".", ",")


def _fill_report(page: Page, form: dict[str, str]) -> None:
    for name, value in form.items():
        field = page.locator(f"form.coop-report [name='{name}']")
        if field.get_attribute("type") == "checkbox":
            field.check()
        else:
            field.fill(value)


def test_officer_enters_report_office_reads_score(
    chromium: Browser, live_server: Any, kepahiang_officer: User, screenshot_dir: Path, transactional_db: None
) -> None:
    coop: Cooperative = cooperative_make(actor=kepahiang_officer, region_code="17.08.01", name="KSP Kaba Makmur")
    cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP Tetangga")
    cooperative_officer_make(cooperative=coop, username="pengurus-kaba")
    year = last_due_fiscal_year(today=timezone.localdate())
    data = report_data(**rat(year))
    base = live_server.url

    officer = chromium.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    officer.set_default_timeout(15_000)
    page = officer.new_page()
    sign_in(page, base, "pengurus-kaba")

    # The cooperative's officer sees its own cooperative only.
    page.goto(base + "/koperasi/")
    expect(page.locator("main")).to_contain_text("KSP Kaba Makmur")
    expect(page.locator("main")).not_to_contain_text("KSP Tetangga")
    page.goto(f"{base}/koperasi/{coop.pk}/laporan/{year}/")

    # An unbalanced balance sheet is refused with the difference, and nothing is saved.
    unbalanced = report_form_data({**data, "equity": data["equity"] - 1_000_000})
    _fill_report(page, unbalanced)
    page.click("form.coop-report button[type=submit]")
    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page.locator("[data-field=total_assets]")).to_contain_text("does not balance")
    expect(page.locator("[data-field=total_assets]")).to_contain_text("Rp 1.000.000,00")
    assert not HealthAssessment.objects.exists()

    page.locator("form.coop-report [name=equity]").fill(report_form_data({"equity": data["equity"]})["equity"])
    page.click("form.coop-report button[type=submit]")
    expect(page).to_have_url(re.compile(r"/koperasi/penilaian/\d+/"))
    page.screenshot(path=str(screenshot_dir / "cooperative-assessment-phone.png"), full_page=True)
    officer.close()

    expected = health_score(
        rules=KSP_2016_06_LINEAR, figures=figures_of(data), answers=answers_of(data["management_answers"])
    )

    # The office opens the cooperative, its reports, and the assessment explained line by line.
    office = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    office.set_default_timeout(15_000)
    page = office.new_page()
    sign_in(page, base, "kepahiang")
    page.goto(f"{base}/koperasi/{coop.pk}/?tab=reports")
    expect(page.locator("main")).to_contain_text(_indonesian(expected.total))
    page.goto(f"{base}/koperasi/penilaian/{HealthAssessment.objects.get().pk}/")
    expect(page.locator(".coop-score [data-field=total]")).to_have_text(_indonesian(expected.total))
    expect(page.locator(".coop-score [data-field=predicate]")).to_have_attribute("data-code", expected.predicate_code)
    expect(page.locator(".coop-score [data-field=rule_set]")).to_have_text("ksp-2016-06-linear")
    expect(page.locator("[data-component]")).to_have_count(len(KSP_2016_06_LINEAR.components))
    for component in expected.components:
        row = page.locator(f"tr[data-component='{component.code}']")
        expect(row.locator("[data-field=contribution]")).to_have_text(_indonesian(component.contribution))
    # 1a: own capital / total assets = 45 %, in the band above 40 up to 60.
    first = page.locator("tr[data-component='1a']")
    expect(first.locator("[data-field=value]")).to_contain_text("45,00")
    expect(first.locator("[data-field=band]")).to_have_attribute("data-raw", "(40, 60]")
    page.screenshot(path=str(screenshot_dir / "cooperative-assessment-desktop.png"), full_page=True)
    office.close()
