"""An officer drafts the empowerment groups of one desa from the P3KE list, moves two households between the
drafts, names a leader and confirms a group, enrolls it in a mentoring program and records a visit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import village
from sinergi.accounts.models import User
from sinergi.empowerment import services
from sinergi.empowerment.models import Group, GroupMember, GroupStatus, PotentialSource, Sector, Visit
from sinergi.empowerment.tests.factories import household, p3ke_list
from sinergi.programs.models import Enrollment
from sinergi.programs.tests.factories import program
from sinergi.regions.models import Region
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_drafts_moves_confirms_enrolls_and_visits(
    page: Page, live_server, kepahiang_officer: User, screenshot_dir
):
    desa = Region.objects.get(pk=village("17.08"))
    services.potential_save(
        actor=kepahiang_officer, desa=desa, data={"sector": Sector.FISHERIES, "rank": 1, "note": "Pesisir"}
    )
    services.potential_save(
        actor=kepahiang_officer,
        desa=desa,
        data={"sector": Sector.TOURISM, "rank": 2, "source": PotentialSource.SURVEY},
    )
    source = p3ke_list(kepahiang_officer)
    for i in range(30):
        household(kepahiang_officer, source, desa.code, decile=1 if i < 12 else 2, persons=1 + i % 2)
    mentoring = program(
        kepahiang_officer, name="Pendampingan Usaha Nelayan", kind="pendampingan", target="person", status="selection"
    )

    sign_in(page, live_server.url, kepahiang_officer.username)
    page.click("nav.mainnav >> text=Empowerment groups")
    expect(page.locator("h1")).to_have_text("Empowerment groups")
    page.click("text=+ Draft groups for a desa")
    page.fill("#id_desa", desa.code)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/pemberdayaan/draf/{re.escape(desa.code)}/$"))
    expect(page.locator(".messages")).to_contain_text("2 groups drafted with 30 households")
    fishers, tourists = Group.objects.filter(desa=desa).order_by("id")
    first = page.locator(f"#group-{fishers.pk}")
    expect(first.locator("[data-field=reason]").first).to_contain_text(
        f"decile 1, desa {desa.name}, sector fisheries from the desa profile"
    )
    page.screenshot(path=str(screenshot_dir / "empowerment-draft.png"), full_page=True)

    # Two households of the fisheries draft go to the tourism draft, each whole.
    moved = []
    for _n in range(2):
        row = page.locator(f"#group-{fishers.pk} tr[data-household]").first
        moved.append(row.get_attribute("data-household"))
        row.locator("select[name=to]").select_option(str(tourists.pk))
        with page.expect_navigation():
            row.locator("button[name=move]").click()
        expect(page.locator(".messages")).to_contain_text("Household moved.")
    for key in moved:
        expect(page.locator(f"#group-{tourists.pk} tr[data-household='{key}']")).to_be_visible()
        assert set(GroupMember.objects.filter(household=key).values_list("group", flat=True)) == {tourists.pk}
    assert fishers.members.values("household").distinct().count() == 13

    # A leader, then the group is confirmed.
    page.locator(f"#group-{fishers.pk} tr[data-household]").first.locator("button[name=leader]").click()
    expect(page.locator(".messages")).to_contain_text("Leader changed.")
    page.locator(f"#group-{fishers.pk} button[name=confirm]").click()
    expect(page.locator(".messages")).to_contain_text("confirmed")
    expect(page.locator("[data-field=status]")).to_contain_text("active")
    assert Group.objects.get(pk=fishers.pk).status == GroupStatus.ACTIVE

    # Enrolled in the mentoring program: one person per household.
    page.click("nav.tabs >> text=Programs")
    page.select_option("#enroll-form select[name=program]", str(mentoring.pk))
    page.click("#enroll-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("13 households enrolled in Pendampingan Usaha Nelayan")
    assert Enrollment.objects.filter(program=mentoring).count() == 13

    # A mentoring visit with the first household's income.
    page.click("text=+ Record a visit")
    expect(page.locator("h1")).to_have_text("Record a mentoring visit")
    page.fill("#id_note", "Pencatatan kas dan penjualan ikan asap")
    page.select_option("#id_band_0", "lt1m")
    page.click("main form.form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Visit recorded.")
    expect(page.locator("#tab-visits")).to_contain_text("Pencatatan kas dan penjualan ikan asap")
    visit = Visit.objects.get(group=fishers)
    assert [r.band for r in visit.incomes.all()] == ["lt1m"]
    page.screenshot(path=str(screenshot_dir / "empowerment-visits.png"), full_page=True)
