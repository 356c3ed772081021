"""Purchasing: the staff-list import with bad NIPs, target rules, a month's participation per agency, scoping (a
civil servant sees and records only their own purchases, another region's record answers 404) and the share of
procurement bought from local businesses."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sinergi.purchasing import selectors as sel
from sinergi.purchasing import services
from sinergi.purchasing.imports import civil_servants_import
from sinergi.purchasing.models import CivilServant, Purchase
from sinergi.purchasing.targets import Rule, rule_for, standing
from sinergi.purchasing.tests.conftest import NIP_BUDI, NIP_RINA, buy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _csv(text: str) -> tuple[io.BytesIO, int]:
    data = text.encode()
    return io.BytesIO(data), len(data)


def test_staff_import_rejects_bad_nips_with_their_reason_and_re_imports_unchanged(kepahiang_officer, agency):
    text = (
        "No;NIP;Nama;Golongan;Jabatan\n"
        f"1;{NIP_RINA[:8]} {NIP_RINA[8:14]} {NIP_RINA[14]} {NIP_RINA[15:]};Rina Wati;III/c;Penyuluh\n"
        "2;19850705201001200;Pendek;III/a;\n"  # 17 digits
        "3;198513322010012003;Tanggal Salah;III/a;\n"  # 32 Dec is no date
        "4;199001012005011002;Terlalu Muda;II/a;\n"  # appointed at 15
        "5;198507052010013003;Kelamin;III/a;\n"  # digit 15 is 3
        "6;198507052010012000;Urut Nol;III/a;\n"  # serial 000
        f"7;{NIP_RINA};Rina Lagi;III/c;\n"  # twice in the file
        f"8;{NIP_BUDI};Budi Santoso;V/a;\n"  # no such golongan
    )
    stream, size = _csv(text)
    result = civil_servants_import(actor=kepahiang_officer, agency=agency, stream=stream, name="asn.csv", size=size)
    by_row = {r.row: r for r in result.rows}
    assert (result.count("created"), result.count("rejected")) == (1, 7)
    assert "18 digits" in by_row[3].reasons[0]
    assert "has 17" in by_row[3].reasons[0]
    assert "birth date" in by_row[4].reasons[0]
    assert "age of 18" in by_row[5].reasons[0]
    assert "sex" in by_row[6].reasons[0]
    assert "000" in by_row[7].reasons[0]
    assert "row 2" in by_row[8].reasons[0]
    assert "III/a" in by_row[9].reasons[0]
    assert CivilServant.objects.get().rank == "III/c"
    stream, size = _csv(text)
    again = civil_servants_import(
        actor=kepahiang_officer, agency=agency, stream=stream, name="asn (revisi).csv", size=size
    )
    assert (again.count("created"), again.count("unchanged")) == (0, 1)


def test_staff_import_needs_nip_and_name_columns_and_an_editor_of_the_region(kepahiang_officer, jember_officer, agency):
    stream, size = _csv("Nama;Jabatan\nRina;Staf\n")
    with pytest.raises(ValidationError) as exc:
        civil_servants_import(actor=kepahiang_officer, agency=agency, stream=stream, name="asn.csv", size=size)
    assert "NIP" in exc.value.message_dict["file"][0]
    stream, size = _csv(f"NIP;Nama\n{NIP_RINA};Rina\n")
    with pytest.raises(PermissionDenied):
        civil_servants_import(actor=jember_officer, agency=agency, stream=stream, name="asn.csv", size=size)


def test_the_most_specific_target_rule_applies():
    rules = [
        Rule(min_purchases=1),
        Rule(rank_group="III", min_amount=Decimal("100000")),
        Rule(civil_servant_id=7, min_amount=Decimal("250000")),
    ]
    assert rule_for(rules, civil_servant_id=7, rank="III/a") == rules[2]
    assert rule_for(rules, civil_servant_id=8, rank="III/d") == rules[1]
    assert rule_for(rules, civil_servant_id=8, rank="II/b") == rules[0]
    assert rule_for([Rule(rank_group="IV")], civil_servant_id=8, rank="") is None
    short = standing(rules, civil_servant_id=8, rank="III/b", amount=Decimal("60000"), purchases=2)
    assert (short.met, short.short_amount) == (False, Decimal("40000"))
    assert standing(rules, civil_servant_id=8, rank="II/a", amount=Decimal("0"), purchases=1).met
    both = standing(
        [Rule(min_amount=Decimal("50000"), min_purchases=2)],
        civil_servant_id=1,
        rank="",
        amount=Decimal("80000"),
        purchases=1,
    )
    assert (both.met, both.short_amount, both.short_purchases) == (False, Decimal("0"), 1)


def test_target_rules_are_checked(kepahiang_officer, rina, agency):
    program = services.program_create(
        actor=kepahiang_officer,
        data={"region_id": "17.08", "name": "1 ASN 1 Produk", "starts_on": MONTH, "ends_on": TODAY},
    )
    services.target_rule_add(
        actor=kepahiang_officer, program=program, data={"rank_group": "III", "min_amount": "100.000"}
    )
    with pytest.raises(ValidationError) as exc:
        services.target_rule_add(
            actor=kepahiang_officer, program=program, data={"rank_group": "III", "min_purchases": 1}
        )
    assert "already has a rule" in exc.value.message_dict["rank_group"][0]
    with pytest.raises(ValidationError) as exc:
        services.target_rule_add(actor=kepahiang_officer, program=program, data={"rank_group": "II"})
    assert "min_amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.target_rule_add(
            actor=kepahiang_officer, program=program, data={"nip": NIP_RINA, "rank_group": "III", "min_purchases": 1}
        )
    assert "not both" in exc.value.message_dict["rank_group"][0]
    rule = services.target_rule_add(
        actor=kepahiang_officer, program=program, data={"nip": NIP_RINA, "min_purchases": 2}
    )
    assert rule.civil_servant == rina


def test_participation_per_agency_and_month(kepahiang_officer, agency, rina, budi, shop, jember_servant, jember_shop):
    program = services.program_create(
        actor=kepahiang_officer,
        data={"region_id": "17.08", "name": "1 ASN 1 Produk", "starts_on": MONTH, "ends_on": TODAY},
    )
    services.target_rule_add(
        actor=kepahiang_officer, program=program, data={"rank_group": "III", "min_amount": "100000"}
    )
    services.target_rule_add(actor=kepahiang_officer, program=program, data={"min_purchases": 1})
    other = services.agency_create(actor=kepahiang_officer, data={"region_id": "17.08", "name": "Dinas Pertanian"})
    buy(kepahiang_officer, rina, shop, "60000", MONTH)
    buy(kepahiang_officer, rina, shop, "30000", MONTH + dt.timedelta(days=5))
    buy(kepahiang_officer, rina, shop, "500000", MONTH - dt.timedelta(days=1))  # the month before: not counted
    figures = sel.participation(user=kepahiang_officer, program=program, month=MONTH)
    rows = {r.agency.name: r for r in figures.agencies}
    assert set(rows) == {"Dinas Koperasi dan UKM", "Dinas Pertanian"}  # Jember's agency is not the program's
    koperasi = rows["Dinas Koperasi dan UKM"]
    assert (koperasi.civil_servants, koperasi.participants, koperasi.purchases) == (2, 1, 2)
    assert koperasi.value == Decimal("90000.00")
    assert (koperasi.businesses, koperasi.clusters, koperasi.participation) == (
        1,
        ["Kuliner / pangan olahan"],
        Decimal("50.0"),
    )
    # Rina (III/c) spent Rp 90.000 of her golongan's Rp 100.000; Budi (II/b) bought nothing against "1 a month".
    assert koperasi.under_target == 2
    under = {s.civil_servant.name: s.standing for s in figures.under_target}
    assert under["Rina Wati"].short_amount == Decimal("10000.00")
    assert under["Budi Santoso"].short_purchases == 1
    assert rows[other.name].civil_servants == 0
    assert figures.total.value == Decimal("90000.00")


def test_a_civil_servant_sees_and_records_only_their_own_purchases(
    kepahiang_officer, rina, rina_user, budi, shop, jember_servant, jember_officer, jember_shop
):
    mine = buy(rina_user, rina, shop, "25000", MONTH)
    theirs = buy(kepahiang_officer, budi, shop, "40000", MONTH)
    far = buy(jember_officer, jember_servant, jember_shop, "50000", MONTH)
    assert list(sel.purchases_visible(user=rina_user)) == [mine]
    with pytest.raises(PermissionDenied):
        buy(rina_user, budi, shop, "25000", MONTH)
    client = Client()
    client.force_login(rina_user)
    page = client.get(reverse("purchasing_purchase_list"))
    assert page.status_code == 200
    assert "Rina Wati" in page.content.decode()
    assert "Budi Santoso" not in page.content.decode()
    assert client.get(reverse("purchasing_purchase_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("purchasing_purchase_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("purchasing_agency_list")).status_code == 403
    api = client.get("/api/v1/purchasing/purchases")
    assert [p["id"] for p in api.json()["items"]] == [mine.pk]
    made = client.post(
        "/api/v1/purchasing/purchases",
        {"business": shop.pk, "description": "Gula aren", "amount": "15.000", "day": MONTH.isoformat()},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert Purchase.objects.get(pk=made.json()["id"]).civil_servant == rina
    officer = Client()
    officer.force_login(kepahiang_officer)
    assert officer.get(reverse("purchasing_purchase_detail", args=[far.pk])).status_code == 404
    assert officer.get(reverse("purchasing_purchase_detail", args=[theirs.pk])).status_code == 200


def test_purchase_form_takes_a_receipt_and_refuses_a_program_renamed_as_photo(kepahiang_officer, rina, rina_user, shop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(rina_user)
    data = {"business": shop.pk, "description": "Kopi", "amount": "35.000", "day": MONTH.isoformat()}
    bad = client.post(
        reverse("purchasing_purchase_create"), data | {"receipt": SimpleUploadedFile("struk.jpg", b"MZ\x90\x00evil")}
    )
    assert (bad.status_code, Purchase.objects.count()) == (400, 0)
    assert "struk.jpg" in bad.context["form"].errors["receipt"][0]
    pdf = SimpleUploadedFile("struk.pdf", b"%PDF-1.4\n%%EOF\n")
    ok = client.post(reverse("purchasing_purchase_create"), data | {"receipt": pdf})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    purchase = Purchase.objects.get()
    assert (purchase.civil_servant, purchase.receipt_type) == (rina, "application/pdf")
    assert purchase.amount == Decimal("35000.00")
    future = client.post(
        reverse("purchasing_purchase_create"), data | {"day": (TODAY + dt.timedelta(days=2)).isoformat()}
    )
    assert future.status_code == 400
    assert list(future.context["form"].errors) == ["day"]


def test_procurement_share_counts_only_registered_local_businesses(kepahiang_officer, agency, shop, jember_shop):
    activity = services.activity_create(
        actor=kepahiang_officer,
        agency=agency,
        data={"year": TODAY.year, "name": "Pelatihan", "total_spend": "1.000.000"},
    )
    services.procurement_line_add(
        actor=kepahiang_officer, activity=activity, data={"business_id": shop.pk, "amount": "400000"}
    )
    services.procurement_line_add(
        actor=kepahiang_officer, activity=activity, data={"business_id": jember_shop.pk, "amount": "100000"}
    )
    with pytest.raises(ValidationError) as exc:
        services.procurement_line_add(
            actor=kepahiang_officer, activity=activity, data={"business_id": shop.pk, "amount": "600000"}
        )
    assert "Rp 1.000.000" in exc.value.message_dict["amount"][0]
    (row,) = sel.procurement_shares(user=kepahiang_officer, year=TODAY.year)
    assert (row.total, row.registered, row.local, row.share) == (
        Decimal("1000000.00"),
        Decimal("500000.00"),
        Decimal("400000.00"),
        Decimal("40.0"),
    )
    assert sel.procurement_shares(user=kepahiang_officer, year=TODAY.year - 1) == []


def test_a_civil_servants_menu_holds_their_purchases_and_not_the_offices_pages(rina_user):
    from sinergi.menu import menu_links

    urls = {link.url for link in menu_links(rina_user)}
    assert reverse("purchasing_purchase_list") in urls
    assert reverse("purchasing_program_list") not in urls
    assert reverse("business_list") not in urls


def test_participation_api_and_program_page_for_staff_only_in_region(kepahiang_officer, jember_officer, rina, shop):
    program = services.program_create(
        actor=kepahiang_officer,
        data={"region_id": "17.08", "name": "1 ASN 1 Produk", "starts_on": MONTH, "ends_on": TODAY},
    )
    buy(kepahiang_officer, rina, shop, "45000", MONTH)
    client = Client()
    client.force_login(kepahiang_officer)
    body = client.get(
        f"/api/v1/purchasing/programs/{program.pk}/participation", {"month": MONTH.strftime("%Y-%m")}
    ).json()
    assert body["agencies"][0]["value"] == "45000.00"
    assert body["businesses"] == 1
    page = client.get(reverse("purchasing_program_detail", args=[program.pk]), {"month": MONTH.strftime("%Y-%m")})
    assert "Rp 45.000" in page.content.decode()
    other = Client()
    other.force_login(jember_officer)
    assert other.get(reverse("purchasing_program_detail", args=[program.pk])).status_code == 404
    assert other.get(f"/api/v1/purchasing/programs/{program.pk}/participation").status_code == 404
