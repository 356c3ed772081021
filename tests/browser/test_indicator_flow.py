"""The office head of a province opens the home page on a phone (412 px wide), sees Maluku Tenggara's 85,30 %
cooperatives active with this year's target, and drills from the province's map to the kabupaten and on to the
list of its inactive cooperatives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from conftest import _user
from sinergi.accounts.models import Role
from sinergi.cooperatives import demo
from sinergi.indicators import services
from sinergi.indicators.catalogue import install
from sinergi.indicators.models import Indicator
from sinergi.indicators.refresh import analytics_refresh
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 412, "height": 915}


def test_office_head_on_a_phone_drills_from_the_figure_to_the_inactive_cooperatives(
    chromium: Browser, live_server: Any, regions: None, settings: Any, tmp_path: Path, screenshot_dir: Path
) -> None:
    settings.VAR_DIR = tmp_path
    demo.cooperatives_demo_seed()
    install(Indicator)  # a transactional test before this one may have flushed the migration's catalogue
    codes = ["koperasi-aktif", "koperasi-jumlah", "koperasi-tidak-aktif"]
    analytics_refresh(indicators=Indicator.objects.filter(code__in=codes))
    head = _user("kepala-maluku", Role.PROVINCE, ["81"])
    year = timezone.localdate().year
    roadmap = services.roadmap_create(
        actor=head, data={"name": "Peta Jalan Koperasi Maluku", "region_id": "81", "start_year": year, "end_year": year}
    )
    goal = services.goal_get_or_create(actor=head, roadmap=roadmap, title="Koperasi aktif")
    services.target_set(
        actor=head,
        goal=goal,
        indicator=Indicator.objects.get(code="koperasi-aktif"),
        region_code="81",
        year=year,
        baseline_year=year - 1,
        baseline="80",
        target="90",
    )

    context = chromium.new_context(viewport={"width": PHONE["width"], "height": PHONE["height"]}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server.url, "kepala-maluku")
    page.goto(live_server.url + "/")
    card = page.locator('[data-counters="indicators"] a.stat', has_text="Persentase koperasi aktif")
    expect(card).to_contain_text("85,30 %")
    expect(card).to_contain_text("target 90,00")
    page.screenshot(path=str(screenshot_dir / "indicator-home-phone.png"), full_page=True)

    card.click()
    expect(page).to_have_url(re.compile(r"/indikator/\?indicator=koperasi-aktif"))
    expect(page.locator('section[data-indicator="koperasi-aktif"] [data-figure]')).to_contain_text("85,30")
    expect(page.locator('section[data-indicator="koperasi-aktif"] [data-target]')).to_contain_text("90,00")
    tile = page.locator('svg a[href*="region=81.02"]')
    expect(tile).to_have_count(1)
    tile.click()
    expect(page).to_have_url(re.compile(r"region=81\.02"))
    expect(page.locator("h1")).to_contain_text("Maluku Tenggara")

    drill = page.locator('section[data-indicator="koperasi-tidak-aktif"] a[data-drill]')
    drill.click()
    expect(page).to_have_url(re.compile(r"/koperasi/\?active=0&region_code=81\.02"))
    expect(page.locator('[data-field="count"]')).to_have_text("51")  # 347 − 296
    page.screenshot(path=str(screenshot_dir / "indicator-inactive-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
