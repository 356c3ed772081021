"""The purchasing tables: purchases, agencies and purchase programs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.formatting import format_date
from sinergi.core.tables import Column, Table

PURCHASES = Table(
    columns=[
        Column(
            gettext_lazy("Date"),
            lambda p: format_date(p.day),
            link=lambda p: reverse("purchasing_purchase_detail", args=[p.pk]),
        ),
        Column(gettext_lazy("Civil servant"), "civil_servant.name", note=lambda p: p.civil_servant.agency.name),
        Column(
            gettext_lazy("Bought"),
            lambda p: p.product.name if p.product else p.description,
            note=lambda p: p.business.name,
        ),
        Column(gettext_lazy("Amount"), "amount", money=True, css="num"),
    ]
)

AGENCIES = Table(
    columns=[
        Column(
            gettext_lazy("Agency (OPD)"),
            "name",
            link=lambda a: reverse("purchasing_agency_detail", args=[a.pk]),
            note=lambda a: a.short_name,
            css="name",
        ),
        Column(gettext_lazy("Region"), "region.name"),
    ]
)

PROGRAMS = Table(
    columns=[
        Column(
            gettext_lazy("Program"),
            "name",
            link=lambda p: reverse("purchasing_program_detail", args=[p.pk]),
            note=lambda p: p.legal_basis,
            css="name",
        ),
        Column(gettext_lazy("Region"), "region.name"),
        Column(gettext_lazy("Period"), lambda p: f"{format_date(p.starts_on)} – {format_date(p.ends_on)}"),
    ]
)
