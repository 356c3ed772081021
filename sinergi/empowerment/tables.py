"""The empowerment tables: groups, desa potentials and candidate households."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.tables import Column, Table

STATUS_BADGE = {"draft": " ", "active": "ok", "dissolved": "warn"}

GROUPS = Table(
    columns=[
        Column(
            gettext_lazy("Group"),
            "name",
            link=lambda g: reverse("empowerment_group_detail", args=[g.pk]),
            css="name",
        ),
        Column(gettext_lazy("Desa"), "desa.name", note=lambda g: g.desa.parent.name if g.desa.parent else ""),
        Column(gettext_lazy("Sector"), lambda g: g.get_sector_display()),
        Column(gettext_lazy("Status"), lambda g: g.get_status_display(), badge=lambda g: STATUS_BADGE[g.status]),
        Column(gettext_lazy("Households"), "household_count", css="num", field="households"),
        Column(gettext_lazy("Visits"), "visit_count", css="num"),
    ],
    row_attrs=lambda g: {"group": g.pk},
)

POTENTIALS = Table(
    columns=[
        Column(
            gettext_lazy("Desa"),
            "desa.name",
            link=lambda p: reverse("empowerment_potential_edit", args=[p.pk]),
            note=lambda p: p.desa.parent.name if p.desa.parent else "",
        ),
        Column(gettext_lazy("Sector"), lambda p: p.get_sector_display()),
        Column(gettext_lazy("Order"), "rank", css="num"),
        Column(gettext_lazy("Source"), lambda p: p.get_source_display()),
        Column(gettext_lazy("Note"), "note"),
    ]
)

CANDIDATES = Table(
    columns=[
        Column(gettext_lazy("Household (P3KE)"), "key", field="household"),
        Column(gettext_lazy("Desa"), "desa_name"),
        Column(gettext_lazy("Decile"), "decile", css="num", field="decile"),
        Column(gettext_lazy("Persons of working age"), lambda h: ", ".join(e.person.name for e in h.persons)),
    ],
    numbered=True,
    row_attrs=lambda h: {"household": h.key},
)
