"""The showroom's consignment ledger: writes that keep it balanced, and the balance and amount owed per
business and product. delivered = sold + returned + damaged + on hand, with on hand never negative.

A sale is to be paid within the showroom's days (``Showroom.payout_days``, else DEFAULT_PAYOUT_DAYS): its
``due_on``. Payouts settle the oldest sales first, so what is late is what the sales due before today come to
beyond everything paid. A payout of more than is owed is refused: the ledger never owes a business less than
nothing."""

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
from sinergi.core.formatting import format_rupiah_amount
from sinergi.core.models import ChangeSource
from sinergi.market.models import ConsignmentEntry, ConsignmentKind, ConsignmentPayout, Product, Showroom
from sinergi.market.prices import parse_price
from sinergi.registry.models import Business


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


DEFAULT_PAYOUT_DAYS = 30
ZERO = Decimal("0.00")


def payout_days_for(desa_code: str) -> int:
    """The days the showroom of a business's region gives itself to pay a sale: the kabupaten's, else the
    province's, else the default."""
    parts = desa_code.split(".")
    codes = [".".join(parts[:2]), parts[0]]
    terms = {s.region_id: s.payout_days for s in Showroom.objects.filter(region_id__in=codes)}
    return next((terms[c] for c in codes if c in terms), DEFAULT_PAYOUT_DAYS)


def business_paid(*, business_id: int) -> Decimal:
    total = ConsignmentPayout.objects.filter(business_id=business_id).aggregate(total=Sum("amount"))["total"]
    return (total or ZERO).quantize(Decimal("0.01"))


def business_owed(*, business_id: int) -> Decimal:
    """What the showroom owes the business: the value of its products sold less what it has been paid."""
    sold = _balance_of(ConsignmentEntry.objects.filter(product__business_id=business_id)).sales_value
    return sold - business_paid(business_id=business_id)


def business_overdue(*, business_id: int, today: dt.date | None = None) -> Decimal:
    """What is late: the sales due before today beyond everything paid (payouts settle the oldest sales first)."""
    day = today or timezone.localdate()
    due = _balance_of(ConsignmentEntry.objects.filter(product__business_id=business_id, due_on__lt=day)).sales_value
    return max(ZERO, due - business_paid(business_id=business_id))


def _require_showroom(actor: User, business: Business) -> None:
    try:
        require_region_write(actor, business.desa_id)
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
    _require_showroom(actor, product.business)
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
    due = day + dt.timedelta(days=payout_days_for(product.business.desa_id)) if kind == ConsignmentKind.SOLD else None
    entry = ConsignmentEntry(
        product=product,
        kind=kind,
        quantity=quantity,
        unit_price=price,
        day=day,
        due_on=due,
        notes=str(notes or "").strip(),
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


@transaction.atomic
def consignment_payout_record(
    *,
    actor: User,
    business: Business,
    amount: Any,
    paid_on: dt.date | None,
    paid_by: str,
    reference: str = "",
    source: str = ChangeSource.WEB,
) -> ConsignmentPayout:
    """The showroom pays a business (who paid, when, the reference); refused for more than is owed."""
    business = Business.objects.select_for_update().get(pk=business.pk)
    _require_showroom(actor, business)
    errors: dict[str, str] = {}
    value: Decimal | None = None
    try:
        value = parse_price(amount)[0].quantize(Decimal("0.01")) if amount not in (None, "") else None
    except ValidationError as exc:
        errors["amount"] = exc.messages[0]
    if value is None and "amount" not in errors:
        errors["amount"] = _("Enter the amount paid, e.g. 150.000.")
    if paid_on is None:
        errors["paid_on"] = _("Enter the day it was paid.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("The date cannot be in the future.")
    who = " ".join(str(paid_by or "").split())
    if not who:
        errors["paid_by"] = _("Name who paid.")
    if value is not None and not errors:
        owed = business_owed(business_id=business.pk)
        if value > owed:
            errors["amount"] = _("The showroom owes %(name)s %(owed)s; a payout of %(amount)s does not balance.") % {
                "name": business.name,
                "owed": format_rupiah_amount(owed),
                "amount": format_rupiah_amount(value),
            }
    if errors:
        raise ValidationError(errors)
    assert paid_on is not None
    assert value is not None
    payout = ConsignmentPayout(
        business=business,
        amount=value,
        paid_on=paid_on,
        paid_by=who,
        reference=" ".join(str(reference or "").split()),
        recorded_by=actor if actor.pk else None,
    )
    save_logged(actor=actor, instance=payout, before=None, source=source, validate=True)
    return payout


# --- the monthly statement of one business ------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    product: str
    opening: int
    delivered: int
    sold: int
    returned: int
    damaged: int
    closing: int
    sales_value: Decimal


@dataclass(frozen=True)
class Statement:
    """One business's month in the showroom: per product the stock at the start and end and what moved, the
    month's sales and payouts, and what was owed at the start and end. Each line balances: opening + delivered
    = sold + returned + damaged + closing; and owed at the start + sales − payouts = owed at the end."""

    business: Business
    month: dt.date
    lines: list[StatementLine]
    payouts: list[ConsignmentPayout]
    owed_opening: Decimal
    owed_closing: Decimal
    overdue: Decimal  # late as of today, whatever the month

    @property
    def sales_value(self) -> Decimal:
        return sum((line.sales_value for line in self.lines), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payouts), ZERO)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def monthly_statement(*, business: Business, month: dt.date) -> Statement:
    """The statement of ``month`` (any day of it); refused when the ledger does not balance."""
    start = month.replace(day=1)
    end = _next_month(start)
    entries = ConsignmentEntry.objects.filter(product__business=business)
    lines = []
    for product in Product.objects.filter(pk__in=entries.values("product_id")).order_by("name", "id"):
        before = _balance_of(entries.filter(product=product, day__lt=start))
        during = _balance_of(entries.filter(product=product, day__gte=start, day__lt=end))
        line = StatementLine(
            product=product.name,
            opening=before.on_hand,
            delivered=during.delivered,
            sold=during.sold,
            returned=during.returned,
            damaged=during.damaged,
            closing=before.on_hand + during.on_hand,
            sales_value=during.sales_value,
        )
        if line.closing < 0:
            raise ValidationError(_("The ledger of %(product)s does not balance.") % {"product": product.name})
        lines.append(line)
    payouts = list(ConsignmentPayout.objects.filter(business=business, paid_on__gte=start, paid_on__lt=end))
    sold_before = _balance_of(entries.filter(day__lt=start)).sales_value
    paid_before = ConsignmentPayout.objects.filter(business=business, paid_on__lt=start).aggregate(t=Sum("amount"))["t"]
    owed_opening = sold_before - (paid_before or ZERO)
    statement = Statement(
        business=business,
        month=start,
        lines=lines,
        payouts=payouts,
        owed_opening=owed_opening,
        owed_closing=ZERO,
        overdue=ZERO,
    )
    closing = owed_opening + statement.sales_value - statement.paid
    return Statement(
        business=business,
        month=start,
        lines=lines,
        payouts=payouts,
        owed_opening=owed_opening,
        owed_closing=closing,
        overdue=business_overdue(business_id=business.pk),
    )
