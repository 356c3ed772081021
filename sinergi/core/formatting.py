"""Writing values the way an Indonesian office reads them, on every page and in every sentence: dates as
"7 Des 2026", times as "7 Des 2026 18.26 WIB" in the office's time zone, decimals with a comma ("64,50"),
counts with thousands dots ("12.345") and rupiah ("Rp 122.141.000"). Reading them back is in ``core.dates``
and ``core.numbers``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.dateparse import parse_date

from sinergi.core.numbers import format_rupiah

DATE_FORMAT = "j M Y"
_ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_label() -> str:
    """WIB, WITA or WIT for the active time zone (the office's, set per request); WIB by default."""
    return _ZONE_LABELS.get(timezone.get_current_timezone_name(), "WIB")


def format_date(value: dt.date | str | None) -> str:
    """'7 Des 2026' (month names in the page's language); empty for none; ISO text is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, DATE_FORMAT)


def format_datetime(value: dt.datetime | None, *, zone: bool = True) -> str:
    """'7 Des 2026 18.26 WIB': the local time of the office, with its zone's name."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{formats.date_format(local, DATE_FORMAT)} {local:%H.%M}"
    return f"{text} {zone_label()}" if zone else text


def format_decimal(value: Decimal | int | float | str | None, *, places: int | None = None) -> str:
    """'64,50', '0,6667', '12.345': a decimal comma and thousands dots, whatever the page language.
    ``places`` fixes the decimals; by default a number keeps the ones it has."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    exponent = number.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_rupiah_amount(value: Decimal | int | str | None) -> str:
    """'Rp 122.141.000': whole rupiah, with the cents only when there are any."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    return format_rupiah(amount, decimals=0 if amount == amount.to_integral_value() else 2)
