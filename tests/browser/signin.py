"""Signing in through the real page, shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from conftest import PASSWORD


def sign_in(page: Page, base_url: str, username: str) -> None:
    """Sign ``username`` in on the sign-in page and switch the pages to English, which the tests read."""
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("nav.mainnav")).to_be_visible()
    page.click("form.lang button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
