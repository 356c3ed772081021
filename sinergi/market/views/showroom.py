"""The showroom's pages (Rumah Usaha Mikro, /pasar/kelola/etalase-rum/): the businesses whose goods it holds with
what it owes them and which payouts are late, each business's ledger (movements, payouts, monthly statements as
XLSX), and the forms that record a movement or a payout.

The office's staff see the businesses of their regions and its editors write; a business owner sees only the
ledger of their own businesses, never another's. Anyone else is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.accounts.access import is_authenticated, is_office_staff, require_region_write
from sinergi.accounts.models import Role
from sinergi.core.views import DetailPage, ListPage, RelatedAdd, Tab, allowed, found_or_404, opens_for
from sinergi.market import consignment, tables
from sinergi.market import selectors as sel
from sinergi.market.models import ConsignmentKind, ConsignmentPayout
from sinergi.market.statements import statement_xlsx
from sinergi.registry.forms import DateInput
from sinergi.registry.models import Business


def require_showroom_access(user: Any) -> None:
    """The showroom ledger: the office's staff, and a business owner for their own businesses."""
    if not (is_office_staff(user) or (is_authenticated(user) and user.role == Role.OWNER)):
        raise PermissionDenied(_("The showroom ledger is for the office's staff and the businesses' owners."))


class ShowroomFilterForm(forms.Form):
    late = forms.BooleanField(label=gettext_lazy("Only late payouts"), required=False)

    def to_filter(self) -> sel.ShowroomFilter:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return sel.ShowroomFilter(late=bool(data.get("late")))


class ShowroomList(ListPage):
    access = require_showroom_access
    title = gettext_lazy("Showroom (Rumah Usaha Mikro)")
    count_label = gettext_lazy("businesses")
    empty = gettext_lazy("The showroom holds no business's goods yet.")
    filter_form = ShowroomFilterForm
    table = tables.SHOWROOM
    selector = sel.showroom_businesses


class MovementForm(forms.Form):
    product = forms.TypedChoiceField(label=gettext_lazy("Product"), coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Movement"), choices=ConsignmentKind.choices)
    quantity = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1, required=False)
    unit_price = forms.CharField(
        label=gettext_lazy("Unit price"), max_length=40, required=False, help_text=gettext_lazy("Sales only")
    )
    day = forms.DateField(label=gettext_lazy("Date"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, products: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(p.pk, p.name) for p in products]


class PayoutForm(forms.Form):
    amount = forms.CharField(label=gettext_lazy("Amount"), max_length=40, required=False)
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DateInput(), required=False)
    paid_by = forms.CharField(label=gettext_lazy("Paid by"), max_length=150, required=False)
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=80, required=False)


class ShowroomLedger(DetailPage):
    access = require_showroom_access
    template_name = "market/showroom_ledger.html"
    object_name = "business"
    detail_url = "market_showroom_ledger"
    not_found = gettext_lazy("The showroom holds nothing of this business.")
    tabs = (
        Tab("movements", gettext_lazy("Movements"), "market/_showroom_movements.html"),
        Tab("payouts", gettext_lazy("Payouts"), "market/_showroom_payouts.html"),
        Tab("statements", gettext_lazy("Monthly statements"), "market/_showroom_statements.html"),
    )

    def lookup(self, *, user: Any, pk: int) -> Business:
        return sel.showroom_business_get(user=user, pk=pk)

    def _keeps(self, obj: Business) -> bool:
        return allowed(require_region_write, self.user, obj.desa_id)

    def header_context(self, obj: Business) -> dict[str, Any]:
        return {"payout_days": consignment.payout_days_for(obj.desa_id)}

    def movements_context(self, obj: Business) -> dict[str, Any]:
        products = sel.products_visible(user=self.user).filter(business=obj).order_by("name")
        form = self.bound.get("movement_form") or (MovementForm(products=products) if self._keeps(obj) else None)
        return {"entries": list(sel.consignment_entries(business=obj)[:200]), "movement_form": form}

    def payouts_context(self, obj: Business) -> dict[str, Any]:
        form = self.bound.get("payout_form") or (PayoutForm() if self._keeps(obj) else None)
        return {"payouts": list(sel.consignment_payouts(business=obj)), "payout_form": form}

    def statements_context(self, obj: Business) -> dict[str, Any]:
        return {"months": sel.consignment_months(business=obj)}


class MovementAdd(RelatedAdd):
    access = require_showroom_access
    detail = ShowroomLedger
    form_class = MovementForm
    form_name = "movement_form"
    tab = "movements"
    added = gettext_lazy("Movement recorded.")

    write_region = "desa_id"

    def make_form(self, data: Any, parent: Business) -> MovementForm:
        return MovementForm(data, products=sel.products_visible(user=self.user).filter(business=parent))

    def add(self, form: Any, parent: Business) -> Any:
        d = form.cleaned_data
        product = sel.products_visible(user=self.user).filter(business=parent, pk=d.get("product") or 0).first()
        errors = {}
        if product is None:
            errors["product"] = _("Choose one of the business's products.")
        if d.get("day") is None:
            errors["day"] = _("Enter the date of the movement.")
        if errors:
            raise ValidationError(errors)
        assert product is not None
        return consignment.consignment_record(
            actor=self.user,
            product=product,
            kind=d["kind"],
            quantity=d.get("quantity") or 0,
            day=d["day"],
            unit_price=d.get("unit_price") or None,
        )


class PayoutAdd(RelatedAdd):
    access = require_showroom_access
    detail = ShowroomLedger
    form_class = PayoutForm
    form_name = "payout_form"
    tab = "payouts"
    added = gettext_lazy("Payout recorded.")

    write_region = "desa_id"

    def add(self, form: Any, parent: Business) -> ConsignmentPayout:
        d = form.cleaned_data
        return consignment.consignment_payout_record(
            actor=self.user,
            business=parent,
            amount=d.get("amount"),
            paid_on=d.get("paid_on"),
            paid_by=d.get("paid_by", ""),
            reference=d.get("reference", ""),
        )


@opens_for(require_showroom_access)
def statement_download(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    """The month's statement of one business as XLSX (``month`` as YYYY-MM)."""
    user: Any = request.user
    business = found_or_404(lambda: sel.showroom_business_get(user=user, pk=pk), ShowroomLedger.not_found)
    year, _dash, number = month.partition("-")
    try:
        first = dt.date(int(year), int(number), 1)
    except ValueError:
        first = None
    first = found_or_404(lambda: first, _("No such month."))
    statement = consignment.monthly_statement(business=business, month=first)
    response = HttpResponse(
        statement_xlsx(statement), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-titip-jual-{business.pk}-{month}.xlsx"'
    return response
