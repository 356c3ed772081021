"""The showroom's consignment ledger: writes that keep it balanced, and the balance and amount owed per
business and product. delivered = sold + returned + damaged + on hand, with on hand never negative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import save_logged
from sinergi.core.models import ChangeSource
from sinergi.market.models import ConsignmentEntry, ConsignmentKind, Product
from sinergi.market.prices import parse_price


@dataclass(frozen=True)
class Balance:
    delivered: int = 0
    sold: int = 0
    returned: int = 0
    damaged: int = 0
    sales_value: Decimal = Decimal("0.00")

    @property
    def on_hand(self) -> int:
        return self.delivered - self.sold - self.returned - self.damaged


def _balance_of(entries: QuerySet[ConsignmentEntry]) -> Balance:
    value = ExpressionWrapper(
        F("quantity") * F("unit_price"), output_field=DecimalField(max_digits=20, decimal_places=2)
    )
    sums = entries.aggregate(
        **{k: Sum("quantity", filter=Q(kind=k)) for k in ConsignmentKind.values},
        sales_value=Sum(value, filter=Q(kind=ConsignmentKind.SOLD)),
    )
    return Balance(
        delivered=sums["delivered"] or 0,
        sold=sums["sold"] or 0,
        returned=sums["returned"] or 0,
        damaged=sums["damaged"] or 0,
        sales_value=(sums["sales_value"] or Decimal("0")).quantize(Decimal("0.01")),
    )


def product_balance(*, product: Product) -> Balance:
    return _balance_of(ConsignmentEntry.objects.filter(product=product))


def business_owed(*, business_id: int) -> Decimal:
    """What the showroom owes the business: the value of its products sold (payouts are not recorded yet)."""
    return _balance_of(ConsignmentEntry.objects.filter(product__business_id=business_id)).sales_value


def _require_showroom(actor: User, product: Product) -> None:
    try:
        require_region_write(actor, product.business.desa_id)
    except PermissionDenied:
        raise PermissionDenied(_("Only the office of the business's region keeps its showroom ledger.")) from None


@transaction.atomic
def consignment_record(
    *,
    actor: User,
    product: Product,
    kind: str,
    quantity: int,
    day: dt.date,
    unit_price: Any = None,
    notes: str = "",
    source: str = ChangeSource.WEB,
) -> ConsignmentEntry:
    """One movement; refused when it would take more out of the showroom than is on hand."""
    product = Product.objects.select_for_update().select_related("business").get(pk=product.pk)
    _require_showroom(actor, product)
    errors: dict[str, str] = {}
    if kind not in ConsignmentKind.values:
        errors["kind"] = _("Unknown movement.")
    if not isinstance(quantity, int) or quantity < 1:
        errors["quantity"] = _("The quantity is a whole number of at least 1.")
    if day > timezone.localdate():
        errors["day"] = _("The date cannot be in the future.")
    price = None
    if kind == ConsignmentKind.SOLD:
        try:
            price = parse_price(unit_price if unit_price not in (None, "") else product.price)[0].quantize(
                Decimal("0.01")
            )
        except ValidationError as exc:
            errors["unit_price"] = exc.messages[0]
    elif unit_price not in (None, ""):
        errors["unit_price"] = _("Only a sale has a price.")
    if not errors and kind != ConsignmentKind.DELIVERED:
        on_hand = product_balance(product=product).on_hand
        if quantity > on_hand:
            errors["quantity"] = _("Only %(n)d on hand in the showroom; %(q)d cannot go out.") % {
                "n": on_hand,
                "q": quantity,
            }
    if errors:
        raise ValidationError(errors)
    entry = ConsignmentEntry(
        product=product, kind=kind, quantity=quantity, unit_price=price, day=day, notes=str(notes or "").strip()
    )
    save_logged(actor=actor, instance=entry, before=None, source=source, validate=True)
    return entry


def consignment_check_count(*, product: Product, counted_on_hand: int) -> Balance:
    """A stock count against the ledger: refused unless delivered = sold + returned + damaged + counted."""
    balance = product_balance(product=product)
    if counted_on_hand != balance.on_hand:
        raise ValidationError(
            _(
                "The count does not balance: %(delivered)d delivered = %(sold)d sold + %(returned)d returned + "
                "%(damaged)d damaged + %(on_hand)d on hand, not %(counted)d."
            )
            % {
                "delivered": balance.delivered,
                "sold": balance.sold,
                "returned": balance.returned,
                "damaged": balance.damaged,
                "on_hand": balance.on_hand,
                "counted": counted_on_hand,
            }
        )
    return balance
