"""The main pages and the API docs under the Content-Security-Policy in a real browser: nothing the policy blocks
(an inline script, style or event handler, a foreign source), and the scripts that are allowed still work (htmx
search, Swagger UI)."""

import re
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from conftest import PASSWORD
from sinergi.accounts.models import User
from sinergi.registry import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts (Playwright injects it outside the page's policy) and keeps each
# violation the browser reports, which the console does not always show.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""

PAGES = [
    "/",
    "/usaha/",
    "/asosiasi/",
    "/koperasi/",
    "/program/",
    "/pengawasan/",
    "/impor/",
    "/ganda/",
    "/akun/profil/",
    "/akun/token/",
]


class Watch:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.add_init_script(RECORD_VIOLATIONS)

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(text)

    def check(self, where: str) -> None:
        violations = self.page.evaluate("window.__cspViolations || []")
        assert not violations, (where, violations)
        assert not self.console, (where, self.console)
        assert not self.errors, (where, self.errors)


@pytest.fixture
def data(kepahiang_officer: User, kepahiang_desa: str, clusters: dict[str, Any]) -> None:
    for name in ["Kopi Bubuk Kaba", "Keripik Ubi Talang Sawah"]:
        services.business_create(
            actor=kepahiang_officer, data={"name": name, "desa_id": kepahiang_desa, "cluster_id": clusters["kopi"].pk}
        )


def test_main_pages_break_no_rule_of_the_policy(page: Page, live_server: Any, data: None) -> None:
    watch = Watch(page)
    base = live_server.url
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    assert "default-src 'self'" in (page.request.get(base + "/akun/masuk/").headers["content-security-policy"])
    watch.check("sign-in page")
    page.fill("#id_username", "kepahiang")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("nav.mainnav")).to_be_visible()
    for path in PAGES:
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        watch.check(path)
    # The dashboard's bars are SVG whose width is an attribute (an inline style would be blocked).
    page.goto(base + "/")
    expect(page.locator("svg.bar-track rect.bar").first).to_be_attached()

    # htmx still works under the policy: typing in the search refreshes the results.
    page.goto(base + "/usaha/")
    page.fill("input[name=q]", "Keripik")
    expect(page.locator("main")).to_contain_text("Keripik Ubi Talang Sawah")
    expect(page.locator("main")).not_to_contain_text("Kopi Bubuk Kaba")
    watch.check("business search")


def test_the_api_docs_run_under_the_policy(page: Page, live_server: Any, transactional_db: None) -> None:
    watch = Watch(page)
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("Sinergi API", timeout=30_000)
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    watch.check("API docs")
