"""The purchasing pages an office works with: agencies and programs created and edited, targets added and
removed, the staff list uploaded through the import target, an agency's purchases entered in bulk, and a civil
servant's own home page with this month's purchases against the target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sinergi.core.models import ChangeLog
from sinergi.purchasing import services
from sinergi.purchasing.models import Agency, CivilServant, Purchase, PurchaseProgram, TargetRule
from sinergi.purchasing.tests.conftest import NIP_BUDI, NIP_RINA, buy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _client(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_an_officer_creates_and_edits_an_agency_and_another_regions_is_refused(kepahiang_officer, jember_officer):
    client = _client(kepahiang_officer)
    made = client.post(
        reverse("purchasing_agency_create"), {"region": "1708", "name": "Dinas  Pertanian", "short_name": "Distan"}
    )
    assert made.status_code == 302, made.content.decode()[:1500]
    agency = Agency.objects.get()
    assert (agency.region_id, agency.name, agency.short_name) == ("17.08", "Dinas Pertanian", "Distan")
    twice = client.post(reverse("purchasing_agency_create"), {"region": "17.08", "name": "dinas pertanian"})
    assert twice.status_code == 400
    assert "already has an agency" in twice.context["form"].errors["name"][0]
    elsewhere = client.post(reverse("purchasing_agency_create"), {"region": "35.09", "name": "Dinas Jember"})
    assert elsewhere.status_code == 403
    edited = client.post(
        reverse("purchasing_agency_edit", args=[agency.pk]), {"region": "17.08", "name": "Dinas Pertanian dan Pangan"}
    )
    assert edited.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Dinas Pertanian dan Pangan"
    assert ChangeLog.objects.filter(object_id=str(agency.pk), action="update").count() == 1
    page = client.get(reverse("purchasing_agency_detail", args=[agency.pk])).content.decode()
    assert reverse("purchasing_agency_staff_import", args=[agency.pk]) in page
    assert _client(jember_officer).get(reverse("purchasing_agency_edit", args=[agency.pk])).status_code == 404


def test_a_viewer_reads_the_agency_but_gets_no_edit_buttons_and_no_form(kepahiang_viewer, agency):
    client = _client(kepahiang_viewer)
    page = client.get(reverse("purchasing_agency_detail", args=[agency.pk])).content.decode()
    assert reverse("purchasing_agency_edit", args=[agency.pk]) not in page
    assert reverse("purchasing_agency_create") not in client.get(reverse("purchasing_agency_list")).content.decode()
    assert client.get(reverse("purchasing_agency_staff_import", args=[agency.pk])).status_code == 403
    assert client.get(reverse("purchasing_agency_bulk", args=[agency.pk])).status_code == 403


def test_the_staff_list_is_uploaded_and_every_row_answered(kepahiang_officer, agency):
    client = _client(kepahiang_officer)
    text = f"NIP;Nama;Golongan\n{NIP_RINA};Rina Wati;III/c\n19850705201001200;Pendek;III/a\n{NIP_BUDI};Budi;II/b\n"
    upload = SimpleUploadedFile("pegawai.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("purchasing_agency_staff_import", args=[agency.pk]), {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 added, 0 updated, 0 unchanged, 1 rejected." in body
    assert "has 17" in body
    assert set(CivilServant.objects.values_list("nip", flat=True)) == {NIP_RINA, NIP_BUDI}
    again = SimpleUploadedFile("pegawai.csv", text.encode(), content_type="text/csv")
    body = client.post(reverse("purchasing_agency_staff_import", args=[agency.pk]), {"file": again}).content.decode()
    assert "0 added, 0 updated, 2 unchanged, 1 rejected." in body
    wrong = SimpleUploadedFile("pegawai.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    refused = client.post(reverse("purchasing_agency_staff_import", args=[agency.pk]), {"file": wrong})
    assert refused.status_code == 400
    assert refused.context["form"].errors["file"]


def test_an_agency_records_purchases_in_bulk_all_or_nothing(kepahiang_officer, agency, rina, budi, shop):
    client = _client(kepahiang_officer)
    day = (TODAY - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    url = reverse("purchasing_agency_bulk", args=[agency.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"rows": f"{NIP_RINA}; {shop.pk}; 75.000; {day}; Kopi\n199901012020011001; {shop.pk}; 10.000; {day}; Gula"}
    )
    assert bad.status_code == 400
    assert "Line 2, NIP" in bad.context["form"].errors["rows"][0]
    assert Purchase.objects.count() == 0
    pasted = f"{NIP_RINA}\t{shop.pk}\t75.000\t{day}\tKopi bubuk\n{NIP_BUDI}\t{shop.pk}\tRp 20.000\t{day}\tGula aren\n"
    ok = client.post(url, {"rows": pasted})
    assert ok.status_code == 302
    assert sorted(Purchase.objects.values_list("amount", flat=True)) == [Decimal("20000.00"), Decimal("75000.00")]
    assert set(Purchase.objects.values_list("recorded_by", flat=True)) == {kepahiang_officer.pk}


def test_a_program_is_created_edited_and_its_targets_added_and_removed(kepahiang_officer, jember_officer, rina):
    client = _client(kepahiang_officer)
    start = TODAY.replace(day=1)
    made = client.post(
        reverse("purchasing_program_create"),
        {"name": "1 ASN 1 Produk", "region": "17.08", "starts_on": start.isoformat(), "ends_on": start.isoformat()},
    )
    assert made.status_code == 302, made.content.decode()[:1500]
    program = PurchaseProgram.objects.get()
    backwards = client.post(
        reverse("purchasing_program_edit", args=[program.pk]),
        {"name": "1 ASN 1 Produk", "region": "17.08", "starts_on": start.isoformat(), "ends_on": "2000-01-01"},
    )
    assert backwards.status_code == 400
    assert "ends before it starts" in backwards.context["form"].errors["ends_on"][0]
    end = start + dt.timedelta(days=300)
    client.post(
        reverse("purchasing_program_edit", args=[program.pk]),
        {"name": "1 ASN 1 Produk 2026", "region": "17.08", "starts_on": start.isoformat(), "ends_on": end.isoformat()},
    )
    program.refresh_from_db()
    assert (program.name, program.ends_on) == ("1 ASN 1 Produk 2026", end)
    add = reverse("purchasing_rule_add", args=[program.pk])
    assert client.post(add, {"rank_group": "III", "min_amount": "100.000"}).status_code == 302
    empty = client.post(add, {"rank_group": "IV"})
    assert empty.status_code == 400
    assert "minimum spend" in empty.context["rule_form"].errors["min_amount"][0]
    rule = TargetRule.objects.get()
    assert (rule.rank_group, rule.min_amount) == ("III", Decimal("100000.00"))
    assert (
        _client(jember_officer).post(reverse("purchasing_rule_remove", args=[program.pk, rule.pk])).status_code == 404
    )
    assert client.post(reverse("purchasing_rule_remove", args=[program.pk, rule.pk])).status_code == 302
    assert not TargetRule.objects.exists()


def test_a_civil_servant_lands_on_their_own_month_against_the_target(
    kepahiang_officer, bengkulu_officer, rina, rina_user, shop
):
    program = services.program_create(  # the province's program covers the kabupaten's agencies
        actor=bengkulu_officer,
        data={"region_id": "17", "name": "Bela Beli Bengkulu", "starts_on": TODAY.replace(day=1), "ends_on": TODAY},
    )
    services.target_rule_add(actor=bengkulu_officer, program=program, data={"min_amount": "100000"})
    buy(kepahiang_officer, rina, shop, "40000", TODAY)
    buy(kepahiang_officer, rina, shop, "5000", TODAY.replace(day=1) - dt.timedelta(days=1))  # last month
    body = _client(rina_user).get("/").content.decode()
    assert "Bela Beli Bengkulu" in body
    assert "Rp 40.000" in body
    assert "Rp 60.000 to go" in body
    assert reverse("purchasing_purchase_create") in body
    assert "My businesses" not in body
    buy(kepahiang_officer, rina, shop, "60000", TODAY)
    assert "Target reached" in _client(rina_user).get("/").content.decode()


def test_a_civil_servant_without_a_linked_record_is_told_so_and_cannot_open_the_purchase_form(regions):
    from sinergi.accounts.models import Role
    from sinergi.accounts.services import system_actor, user_create

    user = user_create(actor=system_actor(), username="asn-lepas", password=None, role=Role.ASN)
    client = _client(user)
    assert "not yet linked" in client.get("/").content.decode()
    assert client.get(reverse("purchasing_purchase_create")).status_code == 403
