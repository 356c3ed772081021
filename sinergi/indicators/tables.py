"""The Peta Jalan list."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from sinergi.core.tables import Column, Table
from sinergi.indicators.models import Roadmap


def _link(r: Roadmap) -> str:
    return reverse("roadmap_detail", args=[r.pk])


ROADMAPS = Table(
    columns=[
        Column(gettext_lazy("Name"), "name", link=_link, css="name", field="name"),
        Column(gettext_lazy("Region"), lambda r: r.region.display_name),
        Column(gettext_lazy("Years"), lambda r: f"{r.start_year}–{r.end_year}"),
    ],
    row_attrs=lambda r: {"data-roadmap": str(r.pk)},
)
