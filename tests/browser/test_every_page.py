"""The check that keeps the pages clean: sign in as every demo role on a 412 px phone, in Bahasa Indonesia,
follow every link of the menu and the first record of every list, and fail on what an officer should never
read or meet: a server error, a menu link that refuses, an enum code, an ISO timestamp, a Python value
(``{'``, ``[]``, ``None``, ``True``/``False``), an English word of the interface, a page wider than the phone.

English words are the words of the catalogue's English messages that have an Indonesian translation of their
own, less every word the Indonesian translations use too (KBLI, NIB, online …). Prints the pages it visited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response

from conftest import PASSWORD
from sinergi.accounts.models import User
from sinergi.cooperatives.services import annual_report_save
from sinergi.cooperatives.tests.factories import cooperative_make, cooperative_officer_make, rat, report_data
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.tests import factories as pf
from sinergi.registry import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PO = Path(__file__).resolve().parents[2] / "sinergi" / "locale" / "id" / "LC_MESSAGES" / "django.po"
WIDTH = 412
ROLES = ("demo-admin", "demo-bengkulu", "demo-kepahiang", "demo-viewer", "demo-mms", "demo-owner", "demo-koperasi")

ENUM = re.compile(r"\b[A-Z]+_[A-Z_]+\b")
ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
REPR = re.compile(r"\{'|\[\]|\bNone\b|\bTrue\b|\bFalse\b")
WORD = re.compile(r"[A-Za-z]+")

# Known findings in another branch's area, each to be removed when that branch lands (the test then checks it).
# (path pattern, what the page shows, why it is allowed for now)
ALLOWED: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Visit:
    role: str
    path: str
    status: int
    problems: list[str] = field(default_factory=list)


def _unquote(line: str) -> str:
    body = line.strip()
    body = body[body.index('"') + 1 : body.rindex('"')]
    return body.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


@cache
def english_words() -> frozenset[str]:
    """Words of the English msgids whose Indonesian differs, less every word any Indonesian msgstr uses."""
    pairs: list[tuple[str, str]] = []
    msgid = msgstr = ""
    key = ""
    for raw in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid:
                pairs.append((msgid, msgstr))
            msgid = msgstr = key = ""
        elif line.startswith("msgid "):
            key, msgid = "id", _unquote(line)
        elif line.startswith("msgstr"):
            key, msgstr = "str", _unquote(line)
        elif line.startswith('"') and key == "id":
            msgid += _unquote(line)
        elif line.startswith('"') and key == "str":
            msgstr += _unquote(line)

    def words(text: str) -> set[str]:
        text = re.sub(r"%\(\w+\)\w|\{\{[^}]*\}\}|%\w|<[^>]+>", " ", text)
        return {w.lower() for w in WORD.findall(text) if len(w) >= 3}

    english: set[str] = set()
    indonesian: set[str] = set()
    for en, id_ in pairs:
        indonesian |= words(id_)
        if id_ and id_ != en:
            english |= words(en)
    return frozenset(english - indonesian)


def _allowed(path: str, text: str) -> bool:
    return any(re.search(pattern, path) and shown in text for pattern, shown, _why in ALLOWED)


def _check_text(path: str, text: str, data_words: set[str]) -> list[str]:
    problems = []
    for name, pattern in (("enum code", ENUM), ("ISO timestamp", ISO_TIME), ("Python value", REPR)):
        for found in sorted({m.group(0) for m in pattern.finditer(text)}):
            if not _allowed(path, found):
                problems.append(f"{name} {found!r}")
    english = english_words()
    for word in sorted({w for w in WORD.findall(text) if w.lower() in english and w.lower() not in data_words}):
        if not _allowed(path, word):
            problems.append(f"English word {word!r}")
    return problems


def _visible_text(page: Page) -> str:
    # The ID/EN switch names the two languages; the rest of the page must be Indonesian.
    return page.evaluate(
        """() => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll('form.lang, script, style, [hidden]').forEach(e => e.remove());
            return body.innerText;
        }"""
    )


def _overflows(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"))


def _visit(page: Page, base: str, path: str, role: str, data_words: set[str]) -> Visit:
    response: Response | None = page.goto(base + path)
    status = response.status if response else 0
    visit = Visit(role=role, path=path, status=status)
    if status >= 500:
        visit.problems.append(f"server error {status}")
        return visit
    visit.problems += _check_text(path, _visible_text(page), data_words)
    if _overflows(page):
        visit.problems.append(f"wider than {WIDTH} px")
    return visit


def _first_record(page: Page) -> str | None:
    """The first record link of a list page: the first link inside its results table."""
    link = page.locator("main table tbody a[href^='/']").first
    if link.count() == 0:
        return None
    href = link.get_attribute("href")
    return href.split("#")[0] if href else None


def _data_words() -> set[str]:
    """Words of the demo's own records (names, addresses): what the office typed, not the interface."""
    from sinergi.cooperatives.models import Cooperative
    from sinergi.programs.models import Program
    from sinergi.regions.models import Region
    from sinergi.registry.models import Association, Business, Cluster

    texts: list[str] = []
    for b in Business.objects.select_related("owner"):
        texts += [b.name, b.address, b.owner.name if b.owner else ""]
    texts += list(Association.objects.values_list("name", flat=True))
    texts += list(Association.objects.values_list("description", flat=True))
    texts += list(Cooperative.objects.values_list("name", flat=True))
    texts += list(Program.objects.values_list("name", flat=True))
    texts += list(Cluster.objects.values_list("name", flat=True))
    texts += [u.get_full_name() for u in User.objects.all()]
    texts += list(Region.objects.filter(level__lte=2).values_list("name", flat=True))  # the filters' choices
    return {w.lower() for t in texts for w in WORD.findall(t or "")}


@pytest.fixture
def demo_site(transactional_db: None, regions: Any, settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    demo.demo_seed(seed=11, businesses=30)
    admin = User.objects.get(username="demo-admin")
    kepahiang = User.objects.get(username="demo-kepahiang")
    coop = cooperative_make(actor=admin, region_code="17.08.01", name="KSP Kaba Makmur")
    for year in (2023, 2024):
        annual_report_save(actor=admin, cooperative=coop, fiscal_year=year, data=report_data(**rat(year)))
    cooperative_officer_make(cooperative=coop, username="demo-koperasi")
    pf.program(kepahiang, status=ProgramStatus.OPEN, name="Pelatihan Kemasan Produk")
    for user in User.objects.filter(username__in=ROLES):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def test_every_role_every_menu_link_and_first_record_reads_clean(
    chromium: Browser, live_server: Any, demo_site: None, capsys: pytest.CaptureFixture[str]
) -> None:
    base = live_server.url
    data_words = _data_words()
    visits: list[Visit] = []
    for role in ROLES:
        context = chromium.new_context(viewport={"width": WIDTH, "height": 900}, locale="id-ID")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(base + "/akun/masuk/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_selector("nav.mainnav")
        menu = [a.get_attribute("href") or "" for a in page.locator("nav.mainnav a").all()]
        seen: set[str] = set()
        for path in menu:
            visit = _visit(page, base, path, role, data_words)
            if visit.status == 403:
                visit.problems.append("menu link refused (403)")
            visits.append(visit)
            seen.add(path)
            record = _first_record(page) if visit.status == 200 else None
            if record and record not in seen:
                seen.add(record)
                visits.append(_visit(page, base, record, role, data_words))
        context.close()

    with capsys.disabled():  # the pages visited, in scripts/test's output too
        print("\npages visited per role:")
        for role in ROLES:
            print(f"  {role}: " + ", ".join(f"{v.path} {v.status}" for v in visits if v.role == role))
    problems = [f"{v.role} {v.path}: {p}" for v in visits for p in v.problems]
    assert {v.role for v in visits} == set(ROLES)
    assert not problems, "\n".join(problems)
