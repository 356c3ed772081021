"""The market tables: the office's list of products."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.tables import Column, Table

PRODUCTS = Table(
    columns=[
        Column(
            gettext_lazy("Product"), "name", link=lambda p: reverse("market_product_detail", args=[p.pk]), css="name"
        ),
        Column(gettext_lazy("Business"), "business.name", note=lambda p: p.business.desa.name),
        Column(gettext_lazy("Category"), "category.name"),
        Column(gettext_lazy("Price"), "price", money=True, note=lambda p: "/ " + p.unit, css="num"),
        Column(gettext_lazy("Stock"), lambda p: p.get_stock_status_display()),
    ]
)

SHOWROOM = Table(
    columns=[
        Column(
            gettext_lazy("Business"),
            "name",
            link=lambda b: reverse("market_showroom_ledger", args=[b.pk]),
            note=lambda b: b.desa.name,
            css="name",
        ),
        Column(gettext_lazy("Sold"), "sold", money=True, css="num"),
        Column(gettext_lazy("Paid"), "paid", money=True, css="num"),
        Column(gettext_lazy("Owed"), "owed", money=True, css="num"),
        Column(
            gettext_lazy("Late"),
            "late",
            money=True,
            css="num",
            badges=lambda b: [(gettext_lazy("payout late"), "warn")] if b.late > 0 else [],
        ),
    ]
)
