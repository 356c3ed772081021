"""Menus per role: every demo role sees only the pages it may open, and each of them answers 200; a page a
role may not open answers 403 with the reason and the way back, logged on one line without a traceback."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role, User
from sinergi.cooperatives.tests.factories import cooperative_make
from sinergi.menu import MENU, access_of, menu_links
from sinergi.purchasing import services as purchasing
from sinergi.registry import demo

pytestmark = pytest.mark.django_db

# What each role's menu holds (by the page behind each link), the demo's logins plus a cooperative's officer.
STAFF = {"home", "business", "association", "cooperative", "program", "supervision", "import", "dup", "token"} | {
    "workprog",
    "aspiration",
    "products",
    "indicators",
    "roadmaps",
    "reports",
    "opendata",
    "purchases",
    "asn-programs",
    "partnerships",
    "empowerment",
    "field",
    "agencies",
    "showroom",
}
EXPECTED: dict[str, set[str]] = {
    "demo-admin": STAFF,
    "demo-bengkulu": STAFF,
    "demo-kepahiang": STAFF,
    "demo-viewer": STAFF,
    "demo-mms": {"home", "business", "my-association", "program", "workprog", "products"},
    "demo-owner": {"home", "business", "association", "program", "products", "showroom"},
    "demo-koperasi": {"home", "my-cooperative", "program", "token"},
    "demo-asn": {"home", "program", "purchases"},
}
PATHS = {
    "home": r"^/$",
    "business": r"^/usaha/$",
    "association": r"^/asosiasi/$",
    "my-association": r"^/asosiasi/\d+/$",
    "cooperative": r"^/koperasi/$",
    "my-cooperative": r"^/koperasi/\d+/$",
    "program": r"^/program/$",
    "supervision": r"^/pengawasan/$",
    "import": r"^/impor/$",
    "dup": r"^/ganda/$",
    "token": r"^/akun/token/$",
    "workprog": r"^/program-kerja/$",
    "aspiration": r"^/aspirasi/$",
    "products": r"^/pasar/kelola/produk/$",
    "indicators": r"^/indikator/$",
    "roadmaps": r"^/peta-jalan/$",
    "reports": r"^/laporan/$",
    "opendata": r"^/satu-data/$",
    "purchases": r"^/belanja-asn/$",
    "asn-programs": r"^/belanja-asn/program/$",
    "partnerships": r"^/kemitraan/$",
    "empowerment": r"^/pemberdayaan/$",
    "field": r"^/lapangan/$",
    "agencies": r"^/belanja-asn/opd/$",
    "showroom": r"^/pasar/kelola/etalase-rum/$",
}


@pytest.fixture
def var_dir(settings: Any, tmp_path: Any) -> Any:
    settings.VAR_DIR = tmp_path  # the demo writes its logins file here
    return tmp_path


@pytest.fixture
def demo_users(regions: Any, var_dir: Any) -> dict[str, User]:
    demo.demo_seed(seed=11, businesses=8)
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    admin = users["demo-admin"]
    cooperative = cooperative_make(actor=admin, region_code="17.08.01", name="KSP Menu Uji")
    users["demo-koperasi"] = User.objects.create_user(
        "demo-koperasi", role=Role.COOPERATIVE, cooperative=cooperative, password="x"
    )
    agency = purchasing.agency_create(actor=admin, data={"region_id": "17.08", "name": "Dinas Menu Uji"})
    servant, _status = purchasing.civil_servant_save(
        actor=admin, agency=agency, data={"nip": "198507052010012003", "name": "Rina Menu"}
    )
    users["demo-asn"] = User.objects.create_user("demo-asn", role=Role.ASN, password="x")
    purchasing.civil_servant_link_account(actor=admin, civil_servant=servant, account=users["demo-asn"])
    return users


def _kinds(links: list[Any]) -> set[str]:
    kinds = set()
    for link in links:
        found = [k for k, pattern in PATHS.items() if re.match(pattern, link.url)]
        assert len(found) == 1, link.url
        kinds.add(found[0])
    return kinds


def test_each_role_sees_what_it_may_open_and_every_link_answers_200(demo_users: dict[str, User]) -> None:
    for username, expected in EXPECTED.items():
        user = demo_users[username]
        links = menu_links(user)
        assert _kinds(links) == expected, username
        client = Client()
        client.force_login(user)
        page = client.get("/")
        nav = re.search(r'<nav class="mainnav".*?</nav>', page.content.decode(), re.S)
        assert nav is not None
        assert re.findall(r'href="([^"]+)"', nav.group(0)) == [link.url for link in links]
        for link in links:
            assert client.get(link.url).status_code == 200, (username, link.url)


def test_a_page_left_out_of_the_menu_refuses_that_role_with_its_reason(demo_users: dict[str, User]) -> None:
    for username in EXPECTED:
        user = demo_users[username]
        client = Client()
        client.cookies["django_language"] = "en"
        client.force_login(user)
        shown = {link.url for link in menu_links(user)}
        for entry in MENU:
            url = reverse(entry.url_name)
            if url in shown or (entry.own is not None and user.role == entry.own.role):
                continue
            response = client.get(url, HTTP_REFERER="http://testserver/program/")
            assert response.status_code == 403, (username, url)
            body = response.content.decode()
            assert "may look at this page but not change it" not in body
            assert 'href="/program/"' in body
            assert 'href="/"' in body


def test_every_menu_page_declares_its_check_except_the_open_ones() -> None:
    open_to_all = {"home", "program_list"}
    for entry in MENU:
        assert (access_of(entry.url_name) is None) == (entry.url_name in open_to_all), entry.url_name


def test_a_refusal_says_why_in_indonesian_and_is_logged_on_one_line_without_a_traceback(
    demo_users: dict[str, User], caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    client.force_login(demo_users["demo-owner"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/pengawasan/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Pengawasan hanya untuk petugas dinas." in body
    assert "Kembali ke dasbor" in body
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert refused
    assert all(r.exc_info is None for r in refused)
    assert "Forbidden" in refused[0].getMessage()
