"""Cooperative pages through the Django test client: region scope (404), read-only (403), the register form
with the services' field errors, the list's filters, officers and members, and bad input on every form.
The annual report and its assessment page: test_views_reports.py."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.cooperatives import services
from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.forms import AnnualReportForm, CooperativeForm, MemberForm, OfficerForm
from sinergi.cooperatives.models import Cooperative
from sinergi.cooperatives.tests.factories import (
    cooperative_make,
    cooperative_officer_make,
    page_value,
    rat,
    report_data,
)
from sinergi.registry import services as registry_services
from sinergi.registry.tests.conftest import KEPAHIANG_NIK, login


@pytest.fixture
def kepahiang_coop(kepahiang_officer) -> Cooperative:
    return cooperative_make(
        actor=kepahiang_officer, region_code="17.08", name="KSP Kaba Makmur", nik_koperasi="1708010000000001"
    )


@pytest.fixture
def jember_coop(jember_officer) -> Cooperative:
    return cooperative_make(actor=jember_officer, region_code="35.09", name="KSP Tembakau Jaya")


def report_url(cooperative: Cooperative, year: int = 2023) -> str:
    return reverse("annual_report", args=[cooperative.pk, year])


# --- scope --------------------------------------------------------------------------------------------


def test_pages_require_login(client, kepahiang_coop):
    for url in (reverse("cooperative_list"), reverse("cooperative_detail", args=[kepahiang_coop.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_list_shows_only_the_users_region(client, jember_officer, kepahiang_coop, jember_coop):
    html = login(client, jember_officer).get(reverse("cooperative_list")).content.decode()
    assert "KSP Tembakau Jaya" in html
    assert "KSP Kaba Makmur" not in html
    assert re.search(r'data-field="count">1<', html)


def test_out_of_scope_cooperative_is_404_everywhere(client, jember_officer, kepahiang_officer, kepahiang_coop):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=kepahiang_coop, fiscal_year=2023, data=report_data()
    )
    assessment = report.assessments.get()
    login(client, jember_officer)
    pk = kepahiang_coop.pk
    for url in (
        reverse("cooperative_detail", args=[pk]),
        reverse("cooperative_detail", args=[pk]) + "?tab=reports",
        reverse("cooperative_edit", args=[pk]),
        report_url(kepahiang_coop),
        reverse("cooperative_assessment", args=[assessment.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("cooperative_edit", args=[pk]),
        report_url(kepahiang_coop),
        reverse("cooperative_officer_add", args=[pk]),
        reverse("cooperative_assessment_rescore", args=[assessment.pk]),
    ):
        assert client.post(url, {"name": "x"}).status_code == 404, url


def test_every_page_and_tab_renders(client, kepahiang_officer, kepahiang_coop):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=kepahiang_coop, fiscal_year=2023, data=report_data()
    )
    login(client, kepahiang_officer)
    detail = reverse("cooperative_detail", args=[kepahiang_coop.pk])
    urls = [
        reverse("cooperative_list"),
        reverse("cooperative_create"),
        reverse("cooperative_edit", args=[kepahiang_coop.pk]),
        report_url(kepahiang_coop),
        report_url(kepahiang_coop, 2022),
        reverse("cooperative_assessment", args=[report.assessments.get().pk]),
        *(f"{detail}?tab={tab}" for tab in ("data", "officers", "members", "reports", "history", "nonsense")),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


# --- register entry -----------------------------------------------------------------------------------


def test_create_shows_the_services_errors_and_saves_nothing(client, kepahiang_officer):
    response = login(client, kepahiang_officer).post(
        reverse("cooperative_create"),
        {"name": " ", "nik_koperasi": "12-ab", "kind": "ksp", "region": "17", "email": "not-an-email"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["name"] == ["The name is required."]
    assert "digits only" in form.errors["nik_koperasi"][0]
    assert "not a province" in form.errors["region"][0]
    assert form.errors["email"]
    html = response.content.decode()
    assert "The name is required." in html
    assert "not a province" in html
    assert not Cooperative.objects.exists()


def test_create_outside_the_officers_region_is_refused_on_the_region_field(client, kepahiang_officer):
    response = login(client, kepahiang_officer).post(
        reverse("cooperative_create"), {"name": "KSP Luar", "kind": "ksp", "region": "35.09"}
    )
    assert response.status_code == 400
    assert "35.09" in response.context["form"].errors["region"][0]
    assert not Cooperative.objects.exists()


def test_create_and_edit(client, kepahiang_officer):
    login(client, kepahiang_officer)
    response = client.post(
        reverse("cooperative_create"),
        {
            "name": "KSP  Bukit  Kaba",
            "nik_koperasi": "1708.0100.0000.0002",
            "kind": "ksp",
            "tier": "primer",
            "status": "operating",
            "region": "1708",
            "phone": "0812-3456-7890",
            "legal_entity_date": "2015-04-01",
        },
    )
    cooperative = Cooperative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperative_detail", args=[cooperative.pk])
    assert (cooperative.name, cooperative.nik_koperasi, cooperative.region_id) == (
        "KSP Bukit Kaba",
        "1708010000000002",
        "17.08",
    )
    assert cooperative.phone.startswith("+62")
    response = client.post(
        reverse("cooperative_edit", args=[cooperative.pk]),
        {"name": "KSP Bukit Kaba Baru", "kind": "jasa", "tier": "primer", "status": "dormant", "region": "17.08"},
    )
    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert (cooperative.name, cooperative.kind, cooperative.status) == ("KSP Bukit Kaba Baru", "jasa", "dormant")
    history = client.get(reverse("cooperative_detail", args=[cooperative.pk]) + "?tab=history").content.decode()
    assert "KSP Bukit Kaba Baru" in history


def test_viewer_may_read_but_not_create_or_edit(client, kepahiang_viewer, kepahiang_coop):
    login(client, kepahiang_viewer)
    list_html = client.get(reverse("cooperative_list")).content.decode()
    assert "KSP Kaba Makmur" in list_html
    assert reverse("cooperative_create") not in list_html
    assert client.get(reverse("cooperative_create")).status_code == 403
    assert client.post(reverse("cooperative_create"), {"name": "x"}).status_code == 403
    assert client.post(reverse("cooperative_edit", args=[kepahiang_coop.pk]), {"name": "x"}).status_code == 403


# --- list ---------------------------------------------------------------------------------------------


def test_list_filters_and_activity(client, kepahiang_officer, kepahiang_coop):
    other = cooperative_make(actor=kepahiang_officer, region_code="17.08", name="Koperasi Konsumen", kind="konsumen")
    due = last_due_fiscal_year(today=timezone.localdate())
    for year in (due - 1, due):
        services.annual_report_save(
            actor=kepahiang_officer,
            cooperative=kepahiang_coop,
            fiscal_year=year,
            data=report_data(**rat(year)),
        )
    login(client, kepahiang_officer)
    url = reverse("cooperative_list")
    html = client.get(url).content.decode()
    # Under the linear reading, the default; 88,50 banded.
    assert page_value(html, row="data-cooperative", key=str(kepahiang_coop.pk), field="score") == "88,45"
    assert page_value(html, row="data-cooperative", key=str(kepahiang_coop.pk), field="predicate") == "Sehat"
    assert page_value(html, row="data-cooperative", key=str(kepahiang_coop.pk), field="active") == "active"
    assert page_value(html, row="data-cooperative", key=str(other.pk), field="active") == "inactive"

    def names(query: str) -> set[str]:
        return {c.name for c in client.get(f"{url}?{query}").context["page"].object_list}

    assert names("q=1708010000") == {"KSP Kaba Makmur"}
    assert names("q=konsumen") == {"Koperasi Konsumen"}
    assert names("kind=konsumen") == {"Koperasi Konsumen"}
    assert names("predicate=SEHAT") == {"KSP Kaba Makmur"}
    assert names("active=1") == {"KSP Kaba Makmur"}
    assert names("active=0") == {"Koperasi Konsumen"}
    assert names("region_code=35.09") == set()
    assert names("status=dissolved") == set()


def test_list_queries_do_not_grow_with_the_rows(client, kepahiang_officer):
    login(client, kepahiang_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cooperative_list")).status_code == 200
        return len(captured)

    cooperative_make(actor=kepahiang_officer, region_code="17.08", name="KSP Satu")
    few = queries()
    for n in range(5):
        cooperative_make(actor=kepahiang_officer, region_code="17.08", name=f"KSP Tambahan {n}")
    assert queries() == few


# --- officers and members -----------------------------------------------------------------------------


@pytest.fixture
def person(kepahiang_officer, kepahiang_desa):
    return registry_services.person_create(
        actor=kepahiang_officer,
        data={"name": "Siti Rahmawati", "nik": KEPAHIANG_NIK, "sex": "P", "desa_id": kepahiang_desa},
    )


def test_officers_and_members_added_and_removed(client, kepahiang_officer, kepahiang_coop, person):
    login(client, kepahiang_officer)
    pk = kepahiang_coop.pk
    response = client.post(
        reverse("cooperative_officer_add", args=[pk]), {"person": person.nik, "body": "pengurus", "role": "Ketua"}
    )
    assert response.status_code == 302
    officer = kepahiang_coop.officers.get()
    assert (officer.person_id, officer.role) == (person.pk, "Ketua")
    missing = client.post(
        reverse("cooperative_officer_add", args=[pk]), {"person": "1708999999999999", "body": "pengawas"}
    )
    assert missing.status_code == 400
    assert "No person you may see" in missing.context["officer_form"].errors["person"][0]
    no_role = client.post(reverse("cooperative_officer_add", args=[pk]), {"person": person.nik, "body": "pengawas"})
    assert "The role is required" in no_role.context["officer_form"].errors["role"][0]

    assert client.post(reverse("cooperative_member_add", args=[pk]), {"person": str(person.pk)}).status_code == 302
    again = client.post(reverse("cooperative_member_add", args=[pk]), {"person": str(person.pk)})
    assert "already on the member list" in again.context["member_form"].errors["person"][0]
    member = kepahiang_coop.members.get()

    assert client.post(reverse("cooperative_officer_remove", args=[pk, officer.pk])).status_code == 302
    assert client.post(reverse("cooperative_member_remove", args=[pk, member.pk])).status_code == 302
    assert not kepahiang_coop.officers.exists()
    assert not kepahiang_coop.members.exists()
    assert client.post(reverse("cooperative_member_remove", args=[pk, member.pk])).status_code == 404


# --- bad input ----------------------------------------------------------------------------------------

GARBAGE = [
    "", " ", "x" * 5000, "'; DROP TABLE cooperatives_cooperative; --", "1.250.000,00", "1,250,000.00", "-1",
    "99.99.99.9999", "\u0000", "1e400", "NaN", "9" * 40, "2023-02-30", "on",
]  # fmt: skip


def test_garbage_in_every_field_is_never_a_500(kepahiang_officer, kepahiang_coop):
    report = services.annual_report_save(
        actor=kepahiang_officer, cooperative=kepahiang_coop, fiscal_year=2023, data=report_data()
    )
    fields = {*AnnualReportForm().fields, *CooperativeForm.base_fields, *OfficerForm.base_fields}
    fields |= {*MemberForm.base_fields, "rule_set_version", "tahun"}
    pk = kepahiang_coop.pk
    urls = [
        reverse("cooperative_create"),
        reverse("cooperative_edit", args=[pk]),
        reverse("cooperative_officer_add", args=[pk]),
        reverse("cooperative_member_add", args=[pk]),
        report_url(kepahiang_coop),
        report_url(kepahiang_coop, 2024),
        reverse("cooperative_assessment_rescore", args=[report.assessments.get().pk]),
    ]
    for user in (kepahiang_officer, cooperative_officer_make(cooperative=kepahiang_coop)):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in urls:
            for value in GARBAGE:
                response = client.post(url, dict.fromkeys(fields, value))
                assert response.status_code < 500, (url, value[:20], response.status_code)
        for value in GARBAGE:
            for name in ("cooperative_list", "annual_report_pick"):
                args = [] if name == "cooperative_list" else [pk]
                query = dict.fromkeys(("q", "region", "region_code", "kind", "predicate", "status", "active"), value)
                response = client.get(reverse(name, args=args), query | {"page": value, "tahun": value})
                assert response.status_code < 500, (name, value[:20], response.status_code)
