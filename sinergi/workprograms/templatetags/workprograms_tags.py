"""The home page's box of late 100-day programs: ``{% load workprograms_tags %}{% overdue_work_programs user %}``."""

from __future__ import annotations

from typing import Any

from django import template

from sinergi.workprograms.selectors import overdue_associations

register = template.Library()


@register.inclusion_tag("workprograms/_overdue.html")
def overdue_work_programs(user: Any, limit: int = 5) -> dict[str, Any]:
    rows = overdue_associations(user=user, limit=limit) if getattr(user, "is_authenticated", False) else []
    return {"overdue": rows}


@register.filter
def quantity(value: Any) -> str:
    """A target or an achieved number as Indonesians write it (1.250,5), without trailing zeros."""
    from sinergi.core.tables import display

    return display(value)
