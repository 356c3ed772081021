"""The partnerships tables: partners and partnership agreements."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.formatting import format_date
from sinergi.core.tables import Column, Table


def _period(p: object) -> str:
    starts, ends = getattr(p, "starts_on", None), getattr(p, "ends_on", None)
    if not starts and not ends:
        return "—"
    return f"{format_date(starts) or '…'} – {format_date(ends) or '…'}"


STATUS_BADGE = {"proposed": "muted", "agreed": "info", "running": "ok", "ended": "muted"}

PARTNERS = Table(
    columns=[
        Column(
            gettext_lazy("Partner"),
            "name",
            link=lambda p: reverse("partnership_partner_detail", args=[p.pk]),
            css="name",
        ),
        Column(gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        Column(gettext_lazy("Office"), "office.name"),
        Column(gettext_lazy("Open needs and offers"), "n_needs", css="num"),
    ]
)

PARTNERSHIPS = Table(
    columns=[
        Column(
            gettext_lazy("Partnership"),
            "title",
            link=lambda p: reverse("partnership_detail", args=[p.pk]),
            css="name",
            note=lambda p: p.number,
        ),
        Column(gettext_lazy("Partner"), "partner.name"),
        Column(gettext_lazy("Period"), _period),
        Column(gettext_lazy("Value"), "value", money=True, css="num"),
        Column(gettext_lazy("Businesses"), "n_businesses", css="num"),
        Column(
            gettext_lazy("Status"),
            lambda p: p.get_status_display(),
            badge=lambda p: STATUS_BADGE.get(p.status, ""),
        ),
    ]
)
