"""Template helpers shared by every page: rupiah amounts, change-log values, numbers with Indonesian dots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext as _

from sinergi.core.dates import duration_words
from sinergi.core.numbers import format_rupiah

register = template.Library()


@register.filter
def rupiah(value: Any, decimals: int = 0) -> str:
    """'Rp 1.250.000' — amounts are always written the Indonesian way, whatever the page language."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return format_rupiah(amount, decimals=int(decimals))


@register.filter
def duration(value: Any) -> str:
    """A timedelta or an ISO 8601 duration ("PT15M", as django-axes gives the lockout) in words: "15 menit"."""
    if isinstance(value, str):
        from django.utils.dateparse import parse_duration

        parsed = parse_duration(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, dt.timedelta):
        return duration_words(value)
    return "" if value is None else str(value)


@register.filter
def dotted(value: Any) -> str:
    """A count with dots between thousands (12.345), as Indonesian readers expect."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)


@register.filter
def logged_value(value: Any) -> str:
    """A before/after value from the change log, readable: empty is a dash, booleans are yes/no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


@register.simple_tag(takes_context=True)
def region_example(context: Any, like: str) -> str:
    """An example region code from the reader's own region: ``{% region_example "17.08.01.2001" %}``."""
    from sinergi.core.forms import region_example as example

    request = context.get("request")
    user = getattr(request, "user", None)
    return example(user, like=like) if user is not None and user.is_authenticated else like


@register.filter
def local_date(value: Any) -> str:
    """'7 Des 2026': the one date format of every page (empty for none, as Django's ``date`` filter)."""
    from sinergi.core.formatting import format_date

    return format_date(value)


@register.filter
def local_datetime(value: Any) -> str:
    """'7 Des 2026 18.26 WIB': the office's local time with its zone."""
    from sinergi.core.formatting import format_datetime

    return format_datetime(value)


@register.inclusion_tag("core/_field_rows.html")
def fields(form: Any, *rows: str) -> dict[str, Any]:
    """Rows of a form's fields, side by side on a wide screen: ``{% fields form "kind number" "notes" %}``.
    A name the form does not have is skipped (a form may drop a field for some users)."""
    drawn = [[form[name] for name in row.split() if name in form.fields] for row in rows]
    return {"rows": [row for row in drawn if row]}


@register.inclusion_tag("core/_fieldsets.html")
def form_fields(form: Any) -> dict[str, Any]:
    """The whole form by its ``layout`` (sinergi.core.forms.form_fieldsets)."""
    from sinergi.core.forms import form_fieldsets

    return {"form": form, "fieldsets": form_fieldsets(form)}
