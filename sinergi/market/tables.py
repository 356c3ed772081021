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
