"""An association officer drafts and submits the 100-day program in a real browser; the office returns one item with
a comment, and the officer reads it beside that item."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, village
from sinergi.accounts.models import Role
from sinergi.accounts.services import system_actor, user_create
from sinergi.registry import services as registry
from sinergi.workprograms.models import ProgramStatus, WorkItem, WorkProgram

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("nav.mainnav")).to_be_visible()
    page.click("form.lang button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def _add_item(page: Page, *, activity: str, target: str, deadline: str) -> None:
    page.fill("#id_goal", "Members sell online")
    page.fill("#id_activity", activity)
    page.fill("#id_target_number", target)
    page.fill("#id_target_unit", "members trained")
    page.select_option("#id_responsible_id", label="Siti Aminah (Ketua)")
    page.fill("#id_budget", "5000000")
    page.select_option("#id_budget_source", "dues")
    page.fill("#id_deadline", deadline)
    page.fill("#id_partners", "Bank Bengkulu")
    page.click("form.subform button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Item added.")


def test_the_association_submits_and_the_office_returns_one_item(page: Page, live_server, kepahiang_officer) -> None:
    officer = kepahiang_officer
    association = registry.association_create(
        actor=officer,
        data={"name": "Asosiasi UMKM MMS Kepahiang", "region_id": "17.08", "inaugurated_on": dt.date(2023, 10, 26)},
    )
    ketua = registry.person_create(
        actor=officer, data={"nik": "1708015505900001", "name": "Siti Aminah", "desa_id": village("17.08")}
    )
    registry.association_board_add(actor=officer, association=association, person=ketua, role="Ketua")
    user_create(
        actor=system_actor(),
        username="pengurus-mms",
        password=PASSWORD,
        role=Role.ASSOCIATION,
        association_id=association.pk,
    )

    _sign_in(page, live_server.url, "pengurus-mms")
    page.goto(f"{live_server.url}/program-kerja/asosiasi/{association.pk}/")
    expect(page.locator("#standing")).to_have_attribute("data-state", "overdue")
    page.click("text=New work program")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("100-day program")
    _add_item(page, activity="Marketplace training", target="20", deadline="2023-12-15")
    _add_item(page, activity="Member census", target="60", deadline="2023-11-30")
    page.click("button[data-step=submit]")
    expect(page.locator(".messages")).to_contain_text("Submitted to the office.")
    expect(page.locator("[data-field=status]")).to_have_text("submitted")
    program = WorkProgram.objects.get(association=association)
    assert program.status == ProgramStatus.SUBMITTED
    census = WorkItem.objects.get(program=program, activity="Member census")

    _sign_in(page, live_server.url, officer.username)
    page.goto(f"{live_server.url}/program-kerja/asosiasi/?overdue=on")
    expect(page.locator("#results")).not_to_contain_text("Asosiasi UMKM MMS Kepahiang")
    page.goto(f"{live_server.url}/program-kerja/{program.pk}/")
    page.click("text=Review")
    page.fill(f"#id_comment_{census.pk}", "Count the members of every kecamatan, not only Kepahiang town.")
    page.check("input[name=decision][value=return]")
    page.click("#review button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("returned to the association")
    expect(page.locator("[data-field=status]")).to_have_text("returned for changes")

    _sign_in(page, live_server.url, "pengurus-mms")
    page.goto(f"{live_server.url}/program-kerja/{program.pk}/")
    row = page.locator(f"tr[data-item='{census.pk}']")
    expect(row.locator("[data-field=comment]")).to_contain_text("every kecamatan")
    other = page.locator("#items tr[data-item]").filter(has_text="Marketplace training")
    expect(other.locator("[data-field=comment]")).to_have_count(0)
    expect(page.locator("button[data-step=submit]")).to_be_visible()
    program.refresh_from_db()
    assert program.status == ProgramStatus.RETURNED
