"""The home page of each role shows what that role has."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.services import annual_report_save
from sinergi.cooperatives.tests.factories import cooperative_make, cooperative_officer_make, rat, report_data
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.services.applications import application_submit
from sinergi.programs.tests import factories as pf
from sinergi.registry import services

pytestmark = pytest.mark.django_db


def _page(user: User) -> str:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _count(html: str, name: str) -> str:
    found = re.search(rf'data-count="{name}"[^>]*>\s*(?:<a [^>]*>)?([^<]*)<', html)
    assert found, name
    return found.group(1).strip()


def test_office_staff_see_the_counters_of_their_region(kepahiang_officer, jember_officer, clusters):
    cooperative_make(actor=kepahiang_officer, region_code="17.08.01", name="KSP Satu")
    cooperative_make(actor=kepahiang_officer, region_code="17.08.01", name="KSP Dua")
    cooperative_make(actor=jember_officer, region_code="35.09", name="KSP Jember")
    pf.program(kepahiang_officer, status=ProgramStatus.OPEN)
    html = _page(kepahiang_officer)
    assert _count(html, "cooperatives") == "2"
    assert _count(html, "active") == "0"
    assert _count(html, "no-report") == "2"
    assert _count(html, "programs-open") == "1"
    assert _count(html, "overdue") == "0"
    assert _count(_page(jember_officer), "cooperatives") == "1"


def test_a_cooperative_officer_sees_their_cooperative(kepahiang_officer):
    coop = cooperative_make(actor=kepahiang_officer, region_code="17.08.01", name="KSP Kaba Makmur")
    year = last_due_fiscal_year(today=timezone.localdate())
    annual_report_save(actor=kepahiang_officer, cooperative=coop, fiscal_year=year, data=report_data(**rat(year)))
    officer = cooperative_officer_make(cooperative=coop)
    html = _page(officer)
    assert "KSP Kaba Makmur" in html
    section = re.search(r'data-section="cooperative".*?</section>', html, re.S)
    assert section
    text = section.group(0)
    assert f"fiscal year {year}" in text  # the last RAT
    assert re.search(r'data-field="health">.*?\d+,\d\d', text, re.S)  # scored when the report was saved
    due = re.search(r'data-field="due">(.*?)</dd>', text, re.S)
    assert due
    assert str(year) not in due.group(1)  # this year is reported …
    assert str(year - 1) in due.group(1)  # … the one before is not (the default rule looks at two years)
    assert "businesses (UMKM)" not in html  # no business counters at 0


def test_a_business_owner_sees_their_businesses_and_applications(kepahiang_officer, kepahiang_desa, clusters):
    owner = services.person_create(actor=kepahiang_officer, data={"name": "Siti Aminah", "desa_id": kepahiang_desa})
    mine = services.business_create(
        actor=kepahiang_officer, data={"name": "Kue Azalea", "desa_id": kepahiang_desa, "owner_id": owner.pk}
    )
    services.business_create(actor=kepahiang_officer, data={"name": "Tenun Lain", "desa_id": kepahiang_desa})
    user = user_create(actor=system_actor(), username="siti", password="x-uji-123", role=Role.OWNER, person_id=owner.pk)
    program = pf.program(kepahiang_officer, status=ProgramStatus.OPEN, name="Pelatihan Kemasan")
    application_submit(actor=kepahiang_officer, program=program, data={"business_id": mine.pk})
    html = _page(user)
    assert "Kue Azalea" in html
    assert "Tenun Lain" not in html
    assert "Pelatihan Kemasan" in html
    assert "Submitted" in html


def test_an_association_officer_sees_their_association(kepahiang_officer, kepahiang_desa, clusters):
    association = services.association_create(
        actor=kepahiang_officer,
        data={"name": "Asosiasi UMKM MMS", "region_id": "17.08", "term_start": dt.date(2023, 10, 26)},
    )
    for name in ("Satu", "Dua"):
        b = services.business_create(actor=kepahiang_officer, data={"name": name, "desa_id": kepahiang_desa})
        services.association_member_add(actor=kepahiang_officer, association=association, business=b)
    user = user_create(
        actor=system_actor(), username="mms", password="x-uji-123", role=Role.ASSOCIATION, association_id=association.pk
    )
    html = _page(user)
    assert "Asosiasi UMKM MMS" in html
    assert _count(html, "members") == "2"


def test_office_staff_see_their_associations_late_with_the_100_day_program(kepahiang_officer, jember_officer):
    inaugurated = timezone.localdate() - dt.timedelta(days=40)  # due after 30 days (the default): 10 days late
    late = services.association_create(
        actor=kepahiang_officer,
        data={"name": "Asosiasi UMKM Terlambat", "region_id": "17.08", "inaugurated_on": inaugurated},
    )
    services.association_create(
        actor=kepahiang_officer,
        data={"name": "Asosiasi Baru Dilantik", "region_id": "17.08", "inaugurated_on": timezone.localdate()},
    )
    html = _page(kepahiang_officer)
    box = html[html.index('id="overdue-work-programs"') :]
    assert f'data-association="{late.pk}" data-days-late="10"' in box
    assert "Asosiasi Baru Dilantik" not in box
    other = _page(jember_officer)
    assert "Asosiasi UMKM Terlambat" not in other
    assert "No association is late with its 100-day program." in other
