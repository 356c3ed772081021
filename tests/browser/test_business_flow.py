"""An officer's day in a real browser: sign in, search, register a business (a bad NIK first), edit it,
and read the change in its History tab. Screenshots of the list at phone and desktop width go to var/."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sinergi.accounts.models import User
from sinergi.regions.models import Region
from sinergi.registry import services
from sinergi.registry.models import Business
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kepahiang_data(kepahiang_officer: User, clusters: dict[str, Any]) -> Region:
    desa = Region.objects.filter(level=4, code__startswith="17.08.").order_by("code").first()
    assert desa is not None
    for name, address in [
        ("Kopi Bubuk Kaba", "Jl. Raya Kepahiang 12"),
        ("Keripik Ubi Talang Sawah", "Talang Sawah"),
        ("Tenun Songket Rejang", "Pasar Kepahiang"),
    ]:
        services.business_create(
            actor=kepahiang_officer,
            data={"name": name, "desa_id": desa.code, "address": address, "cluster_id": clusters["kopi"].pk},
        )
    return desa


def _wait_for_htmx(page: Page) -> None:
    # A select swapped in by htmx answers to changes only once htmx has settled it; people are never that fast.
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def test_business_flow(
    page: Page, live_server: Any, kepahiang_data: Region, screenshot_dir: Path, transactional_db: None
) -> None:
    base = live_server.url
    sign_in(page, base, "kepahiang")

    # Search: htmx refreshes the results as the officer types.
    page.click("nav.mainnav a[href='/usaha/']")
    expect(page.locator("#results tbody tr")).to_have_count(3)
    page.fill("#id_q", "talang")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Keripik Ubi Talang Sawah")
    expect(page).to_have_url(re.compile(r"q=talang"))

    page.fill("#id_q", "")
    expect(page.locator("#results tbody tr")).to_have_count(3)
    page.screenshot(path=str(screenshot_dir / "business-list-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=str(screenshot_dir / "business-list-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Register a business; the village comes from the cascading selects (province and kabupaten are preset).
    page.click("a[href='/usaha/baru/']")
    page.fill("#id_name", "Kopi Luwak Bukit Kaba")
    kecamatan = kepahiang_data.parent_id
    page.select_option("select[name=pick_3]", kecamatan)
    _wait_for_htmx(page)
    page.select_option("select[name=pick_4]", kepahiang_data.code)
    _wait_for_htmx(page)
    expect(page.locator("#id_desa")).to_have_value(kepahiang_data.code)
    page.fill("#id_owner_name", "Rahmat Hidayat")
    page.fill("#id_owner_nik", "170801010185")  # four digits short
    page.select_option("#id_owner_sex", "L")
    page.click("form.form button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("A NIK has 16 digits; this one has 12.")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshot_dir / "business-form-error-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not Business.objects.filter(name="Kopi Luwak Bukit Kaba").exists()

    # The form kept what was typed, including the village; fix the NIK and save.
    expect(page.locator("#id_desa")).to_have_value(kepahiang_data.code)
    page.fill("#id_owner_nik", "1708010101850001")
    page.click("form.form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Kopi Luwak Bukit Kaba")
    expect(page.locator(".messages")).to_contain_text("registered")

    # Edit it, then read the change in the History tab.
    page.click("a.btn[href$='/ubah/']")
    page.fill("#id_address", "Desa Bukit Kaba RT 02")
    page.click("form.form button[type=submit]")
    page.click("nav.tabs a[href$='?tab=history']")
    latest = page.locator(".history-item").first
    expect(latest).to_contain_text("Desa Bukit Kaba RT 02")
    expect(latest).to_contain_text("kepahiang")
    expect(page.locator(".history-item")).to_have_count(2)  # created, then updated
    page.screenshot(path=str(screenshot_dir / "business-history-desktop.png"), full_page=True)
