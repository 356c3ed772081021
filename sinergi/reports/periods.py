"""The span of a monthly, quarterly or annual report period."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _


def period_span(*, kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """First and last day of the period; ValidationError for a month or quarter out of range."""
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "quarter":
        if not 1 <= number <= 4:
            raise ValidationError({"number": _("A quarter is 1 to 4.")})
        first = dt.date(year, 3 * number - 2, 1)
        last_month = 3 * number
    elif kind == "month":
        if not 1 <= number <= 12:
            raise ValidationError({"number": _("A month is 1 to 12.")})
        first = dt.date(year, number, 1)
        last_month = number
    else:
        raise ValidationError({"period_kind": _("Unknown period.")})
    nxt = dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def period_label(*, kind: str, year: int, number: int) -> str:
    if kind == "month" and 1 <= number <= 12:
        return f"{MONTHS[number]} {year}"
    if kind == "quarter":
        return _("Quarter %(n)d %(year)d") % {"n": number, "year": year}
    return _("Year %(year)d") % {"year": year}
