"""The supervision tables: the inspection plans' list and the inspections of a plan."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.tables import Column, Table, display
from sinergi.supervision.models import Inspection, InspectionPlan


def _period(p: InspectionPlan) -> str:
    def day(value: Any) -> str:
        return display(value) if value else "?"

    return f"{day(p.starts_on)} – {day(p.ends_on)}"


def _status_badge(i: Inspection) -> str:
    return {"done": "ok", "cancelled": "warn"}.get(i.status, "")


PLANS = Table(
    columns=[
        Column(gettext_lazy("Year"), lambda p: str(p.year)),
        Column(
            gettext_lazy("Title"),
            "title",
            link=lambda p: reverse("supervision_plan_detail", args=[p.pk]),
            css="name",
        ),
        Column(gettext_lazy("Office region"), "region.display_name", note=lambda p: p.region_id),
        Column(gettext_lazy("Period"), _period),
        Column(gettext_lazy("Inspections"), "n_inspections", css="num"),
    ]
)

INSPECTIONS = Table(
    columns=[
        Column(
            gettext_lazy("Cooperative"),
            "cooperative.name",
            link=lambda i: reverse("supervision_inspection_detail", args=[i.pk]),
            css="name",
        ),
        Column(gettext_lazy("Planned on"), "planned_on"),
        Column(gettext_lazy("Visited on"), "visited_on"),
        Column(gettext_lazy("Status"), "status", badge=lambda i: _status_badge(i) or " "),
        Column(gettext_lazy("Inspectors"), "inspectors"),
    ]
)
