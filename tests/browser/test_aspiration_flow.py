"""A J-HUR forum on a phone-width screen (412 px): a Jember officer records three aspirations during the forum
(a half-typed one survives a reload, as after a dropped connection), answers one, and anyone reads its public
status with its code — the answer, never the person's phone."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from sinergi.accounts.models import User
from sinergi.aspirations import services
from sinergi.aspirations.models import Aspiration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "0812-3300-4411"


def _phone_page(chromium: Browser) -> Page:
    context = chromium.new_context(viewport={"width": 412, "height": 915}, locale="id-ID", is_mobile=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def _sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.click("form.lang button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the page is {width} px wide on a 412 px screen"


def test_three_aspirations_at_a_forum_on_a_phone(chromium: Browser, live_server, jember_officer: User, screenshot_dir):
    forum = services.forum_create(
        actor=jember_officer,
        data={
            "office_id": "35.09",
            "kind": "jhur",
            "title": "J-HUR Kecamatan Wuluhan",
            "held_on": timezone.localdate(),
            "place_id": "35.09.11",
        },
    )
    page = _phone_page(chromium)
    _sign_in(page, live_server.url, jember_officer.username)
    page.goto(f"{live_server.url}/aspirasi/forum/{forum.pk}/")
    page.click("text=+ Record an aspiration")
    expect(page.locator("h1")).to_have_text("Record an aspiration")
    _fits(page)
    expect(page.locator("#id_confidentiality_0")).to_be_checked()  # rahasia, the safe default

    # The first: typed half-way, then the page is reloaded (the connection dropped); the draft comes back.
    page.fill("#id_text", "Mohon studi banding pemasaran kopi bubuk")
    page.fill("#id_name", "Pak Suyanto")
    page.reload()
    expect(page.locator(".draft-note")).to_be_visible()
    expect(page.locator("#id_text")).to_have_value("Mohon studi banding pemasaran kopi bubuk")
    page.fill("#id_text", "Mohon studi banding pemasaran kopi bubuk ke Malang")
    page.select_option("#id_category", "study_tour")
    page.fill("#id_desa", "35.09.11.2006")
    page.fill("#id_phone", PHONE)
    page.check("#id_confidentiality_1")  # anonim: published, the person hidden
    page.click("button[name=next][value=another]")
    expect(page.locator(".messages")).to_contain_text("Recorded. Give the person the code")
    expect(page.locator("#id_text")).to_have_value("")  # the sent draft is forgotten

    # The second, about the same thing: the similar open one is shown while typing.
    page.select_option("#id_category", "study_tour")
    page.fill("#id_desa", "35.09.11.2006")
    page.fill("#id_text", "Usul studi banding kopi untuk kelompok tani")
    expect(page.locator("#similar")).to_contain_text("look alike")
    page.fill("#id_name", "Bu Wati")
    page.click("button[name=next][value=another]")
    expect(page.locator(".messages")).to_contain_text("Recorded.")

    # The third, anonymous and secret.
    page.fill("#id_text", "Jalan menuju pasar desa rusak")
    page.select_option("#id_category", "infrastructure")
    page.select_option("#id_who", "anonymous")
    page.click("main form.intake button.primary")
    expect(page.locator("h1")).to_contain_text("Aspiration")
    _fits(page)
    assert Aspiration.objects.filter(forum=forum).count() == 3

    # The first is assigned and answered from its page.
    first = Aspiration.objects.get(text__startswith="Mohon studi banding")
    assert first.confidentiality == "anonim"
    page.goto(f"{live_server.url}/aspirasi/{first.pk}/")
    page.select_option("select[name=officer]", str(jember_officer.pk))
    page.click("form[action$='/tugaskan/'] button[type=submit]")
    expect(page.locator("[data-field=status]")).to_have_text("Assigned")
    page.fill("#answer_text", "Usaha Bapak kami daftarkan pada studi banding ke Malang bulan depan.")
    page.click("form[action$='/jawab/'] button[type=submit]")
    expect(page.locator("[data-field=status]")).to_have_text("Answered")
    expect(page.locator("[data-field=whatsapp]")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281233004411")
    )
    _fits(page)
    page.screenshot(path=str(screenshot_dir / "aspiration-answered-412.png"), full_page=True)

    # Anyone with the code, signed out, reads the status and the answer, never the phone.
    public = _phone_page(chromium)
    public.goto(f"{live_server.url}/aspirasi-publik/status/")
    public.fill("#id_kode", first.code.lower())
    public.click("main form button[type=submit]")
    expect(public.locator("[data-field=status]")).to_contain_text("Dijawab")
    expect(public.locator("[data-field=answer]")).to_contain_text("studi banding ke Malang")
    body = public.content()
    assert "3300" not in body
    assert "Suyanto" not in body
    _fits(public)
