"""The showroom ledger balances: nothing leaves that is not on hand, a stock count that does not add up is
refused, and what the showroom owes a business is the value of its sales."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sinergi.market.consignment import business_owed, consignment_check_count, consignment_record, product_balance

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)


def test_ledger_balances_and_owes_the_sales(kepahiang_officer, product, food_business):
    def record(kind, quantity, **extra):
        return consignment_record(
            actor=kepahiang_officer, product=product, kind=kind, quantity=quantity, day=DAY, **extra
        )

    record("delivered", 20)
    record("sold", 5)  # at the product's price, Rp 25.000
    record("sold", 2, unit_price="Rp 22.500")
    record("returned", 3)
    record("damaged", 1)
    balance = product_balance(product=product)
    assert (balance.delivered, balance.sold, balance.returned, balance.damaged, balance.on_hand) == (20, 7, 3, 1, 9)
    assert business_owed(business_id=food_business.pk) == Decimal("170000.00")
    assert consignment_check_count(product=product, counted_on_hand=9) == balance
    with pytest.raises(ValidationError, match="does not balance"):
        consignment_check_count(product=product, counted_on_hand=8)
    with pytest.raises(ValidationError) as exc:
        record("sold", 10)
    assert "Only 9 on hand" in exc.value.message_dict["quantity"][0]
    assert product_balance(product=product).on_hand == 9


@pytest.mark.parametrize(
    ("kind", "quantity", "extra", "field"),
    [
        ("lost", 1, {}, "kind"),
        ("delivered", 0, {}, "quantity"),
        ("delivered", 1, {"unit_price": "10.000"}, "unit_price"),
        ("sold", 1, {"unit_price": "1.5"}, "unit_price"),
        ("delivered", 1, {"day": dt.date(2999, 1, 1)}, "day"),
    ],
)
def test_bad_movements_are_refused(kepahiang_officer, product, kind, quantity, extra, field):
    consignment_record(actor=kepahiang_officer, product=product, kind="delivered", quantity=5, day=DAY)
    args = {"day": DAY} | extra
    with pytest.raises(ValidationError) as exc:
        consignment_record(actor=kepahiang_officer, product=product, kind=kind, quantity=quantity, **args)
    assert field in exc.value.message_dict


def test_only_the_office_of_the_region_keeps_the_ledger(owner_user, jember_officer, product):
    for actor in (owner_user, jember_officer):
        with pytest.raises(PermissionDenied):
            consignment_record(actor=actor, product=product, kind="delivered", quantity=1, day=DAY)
