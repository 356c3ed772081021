"""The registry's tables: what the business and association lists show, and the business export's columns."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.tables import Column, Table
from sinergi.registry.models import Association, Business


def _legality(b: Business) -> list[tuple[Any, str]]:
    return [(text, "ok") for text, has in (("NIB", b.has_nib), (gettext_lazy("Halal"), b.has_halal)) if has]


def _term(a: Association) -> str:
    return f"{a.term_start.year if a.term_start else '?'}–{a.term_end.year if a.term_end else '?'}"


BUSINESSES = Table(
    numbered=True,
    columns=[
        Column(gettext_lazy("Business"), "name", link=lambda b: reverse("business_detail", args=[b.pk]), css="name"),
        Column(gettext_lazy("Owner"), "owner.name"),
        Column(gettext_lazy("Village"), "desa.name", note=lambda b: b.desa_id),
        Column(gettext_lazy("Cluster"), "cluster.name"),
        Column(gettext_lazy("Scale"), "scale"),
        Column(gettext_lazy("Legality"), lambda b: ", ".join(str(t) for t, _css in _legality(b)), badges=_legality),
    ],
)

# The export's columns: names and labels an office works on in a spreadsheet, one value a cell. No database
# number: a re-import matches a business by its NIB, owner's NIK or name and village (the importer reads a
# "No." column as a row number and ignores it); the village's Kemendagri code is the region's own key.
BUSINESS_EXPORT = Table(
    sheet_title=gettext_lazy("Businesses"),
    columns=[
        Column(gettext_lazy("Business name"), "name"),
        Column(gettext_lazy("Owner"), "owner.name"),
        Column(gettext_lazy("Village code"), "desa_id"),
        Column(gettext_lazy("Village"), "desa.name"),
        Column(gettext_lazy("Address"), "address"),
        Column(gettext_lazy("KBLI"), "kbli"),
        Column(gettext_lazy("Cluster"), "cluster.name"),
        Column(gettext_lazy("Scale"), lambda b: b.get_scale_display()),
        Column(gettext_lazy("Has NIB"), "has_nib"),
        Column(gettext_lazy("Halal"), "has_halal"),
        Column(gettext_lazy("Workforce"), "workforce"),
    ],
)

ASSOCIATIONS = Table(
    columns=[
        Column(gettext_lazy("Name"), "name", link=lambda a: reverse("association_detail", args=[a.pk]), css="name"),
        Column(gettext_lazy("Region"), "region.display_name"),
        Column(gettext_lazy("Term"), _term),
        Column(gettext_lazy("Inaugurated on"), "inaugurated_on"),
    ]
)
