"""The showroom's payouts: recorded with who paid and when, due within the showroom's days of the sale, late ones
flagged on the office's page, a payout of more than is owed refused, a monthly statement per business that
balances (as XLSX), and each owner seeing only the ledger of their own business."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sinergi.market.consignment import (
    business_overdue,
    business_owed,
    consignment_payout_record,
    consignment_record,
    monthly_statement,
)
from sinergi.market.models import ConsignmentPayout, Showroom
from sinergi.market.statements import statement_xlsx
from sinergi.market.tests.conftest import product_make

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def _stock(officer, product, *, sold_on: dt.date, sold: int = 4) -> None:
    consignment_record(actor=officer, product=product, kind="delivered", quantity=10, day=sold_on)
    consignment_record(actor=officer, product=product, kind="sold", quantity=sold, day=sold_on)  # Rp 25.000 each


def test_a_sale_is_due_within_the_showrooms_days_and_payouts_settle_the_oldest_first(
    kepahiang_officer, product, food_business
):
    Showroom.objects.create(region_id="17.08", name="Rumah Usaha Mikro Kepahiang", payout_days=14)
    old = TODAY - dt.timedelta(days=20)
    _stock(kepahiang_officer, product, sold_on=old)  # Rp 100.000, due 6 days ago
    recent = consignment_record(actor=kepahiang_officer, product=product, kind="sold", quantity=2, day=TODAY)
    assert recent.due_on == TODAY + dt.timedelta(days=14)
    assert business_owed(business_id=food_business.pk) == Decimal("150000.00")
    assert business_overdue(business_id=food_business.pk) == Decimal("100000.00")
    payout = consignment_payout_record(
        actor=kepahiang_officer,
        business=food_business,
        amount="Rp 60.000",
        paid_on=TODAY,
        paid_by="Sari (kasir RUM)",
        reference="TRF-0012",
    )
    assert (payout.paid_by, payout.recorded_by, payout.amount) == (
        "Sari (kasir RUM)",
        kepahiang_officer,
        Decimal("60000"),
    )
    assert business_overdue(business_id=food_business.pk) == Decimal("40000.00")
    assert business_owed(business_id=food_business.pk) == Decimal("90000.00")


def test_a_payout_that_does_not_balance_is_refused(kepahiang_officer, product, food_business, owner_user):
    _stock(kepahiang_officer, product, sold_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        consignment_payout_record(
            actor=kepahiang_officer, business=food_business, amount="150.000", paid_on=TODAY, paid_by="Sari"
        )
    assert "does not balance" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as exc:
        consignment_payout_record(
            actor=kepahiang_officer, business=food_business, amount="10.000", paid_on=TODAY, paid_by=" "
        )
    assert list(exc.value.message_dict) == ["paid_by"]
    assert not ConsignmentPayout.objects.exists()


def test_the_monthly_statement_balances_and_is_written_as_xlsx(kepahiang_officer, product, food_business, clusters):
    import openpyxl

    month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    before = month - dt.timedelta(days=3)
    _stock(kepahiang_officer, product, sold_on=before, sold=2)  # owed Rp 50.000 at the start of the month
    other = product_make(kepahiang_officer, food_business, clusters, index=1)
    consignment_record(actor=kepahiang_officer, product=other, kind="delivered", quantity=6, day=month)
    consignment_record(actor=kepahiang_officer, product=product, kind="sold", quantity=3, day=month)
    consignment_record(actor=kepahiang_officer, product=product, kind="returned", quantity=1, day=month)
    consignment_record(actor=kepahiang_officer, product=other, kind="damaged", quantity=1, day=month)
    consignment_payout_record(
        actor=kepahiang_officer, business=food_business, amount="50.000", paid_on=month, paid_by="Sari"
    )
    statement = monthly_statement(business=food_business, month=month + dt.timedelta(days=5))
    for line in statement.lines:
        assert line.opening + line.delivered == line.sold + line.returned + line.damaged + line.closing
    first = next(line for line in statement.lines if line.product == product.name)
    assert (first.opening, first.sold, first.returned, first.closing) == (8, 3, 1, 4)
    assert statement.owed_opening == Decimal("50000.00")
    assert statement.owed_closing == statement.owed_opening + statement.sales_value - statement.paid
    assert statement.owed_closing == Decimal("75000.00")
    book = openpyxl.load_workbook(io.BytesIO(statement_xlsx(statement)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert food_business.name in cells
    assert 75000 in cells
    assert "Sari" in cells


def test_the_office_page_flags_late_payouts_and_an_owner_sees_only_their_own_ledger(
    kepahiang_officer, jember_officer, product, food_business, owner_user
):
    _stock(kepahiang_officer, product, sold_on=TODAY - dt.timedelta(days=40))  # default 30 days: late
    office = _client(kepahiang_officer)
    page = office.get(reverse("market_showroom_list"), {"late": "on"}).content.decode()
    assert food_business.name in page
    assert "payout late" in page
    ledger = reverse("market_showroom_ledger", args=[food_business.pk])
    paid = office.post(
        reverse("market_showroom_payout_add", args=[food_business.pk]),
        {"amount": "100.000", "paid_on": TODAY.isoformat(), "paid_by": "Sari"},
    )
    assert paid.status_code == 302
    assert "payout late" not in office.get(reverse("market_showroom_list")).content.decode()
    owner = _client(owner_user)
    assert owner.get(ledger).status_code == 200
    assert owner.post(reverse("market_showroom_payout_add", args=[food_business.pk]), {}).status_code == 403
    month = (TODAY - dt.timedelta(days=40)).strftime("%Y-%m")
    download = owner.get(reverse("market_showroom_statement", args=[food_business.pk, month]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _client(jember_officer).get(ledger).status_code == 404


def test_a_product_in_the_showroom_ledger_is_not_deleted(kepahiang_officer, product):
    from sinergi.market.models import Product
    from sinergi.market.services import product_delete

    _stock(kepahiang_officer, product, sold_on=TODAY)
    with pytest.raises(ValidationError, match="showroom's ledger"):
        product_delete(actor=kepahiang_officer, product=product)
    assert Product.objects.filter(pk=product.pk).exists()
