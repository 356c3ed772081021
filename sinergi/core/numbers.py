"""Reading amounts as Indonesians write them: "1.250.000,00", "Rp 5.000.000", "Rp5.000.000,-".

Indonesian notation groups thousands with a dot and marks decimals with a comma, the reverse of English.
An officer copying a figure from a spreadsheet in English format would otherwise have "1.5" (one and a
half) read as fifteen, or "1,500" (fifteen hundred) read as one and a half, so anything that reads
differently under the two conventions is refused with a message that shows both ways of writing it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CURRENCY_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
# ",-" and ",--" after a whole amount are the customary way to write "no cents" on Indonesian invoices.
_NO_CENTS_SUFFIX = re.compile(r",-{1,2}$")
_INTEGER_GROUPED = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+$")
_INTEGER_PLAIN = re.compile(r"^[0-9]+$")


def parse_amount(value: str, *, max_decimals: int = 2) -> Decimal:
    """The amount written in ``value`` as a Decimal, or ValidationError naming what is wrong.

    Accepted: an optional "Rp"/"Rp."/"IDR" prefix, an optional minus sign, digits with optional dot
    thousands separators (every group after the first exactly 3 digits), an optional decimal comma with at
    most ``max_decimals`` digits, or the ",-" suffix.
    """
    raw = str(value)
    text = raw.strip()
    if not text:
        raise ValidationError(_("Enter an amount."), code="amount_empty")
    text = _CURRENCY_PREFIX.sub("", text)
    negative = text.startswith("-")
    if negative:
        text = text[1:].strip()
    text = _NO_CENTS_SUFFIX.sub("", text)
    if not text:
        raise ValidationError(_("“%(value)s” has no digits."), code="amount_no_digits", params={"value": raw})
    bad = sorted({c for c in text if not (c.isdigit() or c in ".,")})
    if bad:
        raise ValidationError(
            _(
                "“%(value)s” contains “%(chars)s”; an amount may only have digits, dots for thousands and a comma "
                "for decimals, e.g. 1.250.000,00."
            ),
            code="amount_chars",
            params={"value": raw, "chars": "".join(bad)},
        )
    if text.count(",") > 1 or ("," in text and "." in text and text.rfind(".") > text.rfind(",")):
        raise ValidationError(
            _(
                "“%(value)s” looks like English notation. Write it the Indonesian way: dots for thousands and a "
                "comma for decimals, e.g. 1.250.000,00."
            ),
            code="amount_english",
            params={"value": raw},
        )
    whole, _sep, fraction = text.partition(",")
    if _sep and not fraction:
        raise ValidationError(
            _("“%(value)s” ends with a comma; write the decimals (1.250.000,00) or leave the comma out."),
            code="amount_trailing_comma",
            params={"value": raw},
        )
    if _sep and not whole:
        whole = "0"
    if _sep and "." not in whole and len(fraction) == 3:
        # "1,500": English readers mean fifteen hundred, Indonesian readers one and a half.
        raise ValidationError(
            _("“%(value)s” is ambiguous: write %(thousands)s for the thousands or %(decimal)s for a decimal."),
            code="amount_ambiguous",
            params={"value": raw, "thousands": whole + "." + fraction, "decimal": whole + "," + fraction[:2]},
        )
    if "." in whole and not _INTEGER_GROUPED.match(whole):
        head, _dot, tail = whole.rpartition(".")
        if _INTEGER_PLAIN.match(head) and _INTEGER_PLAIN.match(tail) and not _sep:
            # "12.5": a dot that cannot be a thousands separator is an English decimal point.
            raise ValidationError(
                _(
                    "“%(value)s” is ambiguous: in Indonesian notation a dot separates thousands. For a decimal "
                    "write %(decimal)s."
                ),
                code="amount_ambiguous",
                params={"value": raw, "decimal": head + "," + tail},
            )
        raise ValidationError(
            _("“%(value)s” has misplaced thousands dots: every group after the first has 3 digits, e.g. 1.250.000."),
            code="amount_grouping",
            params={"value": raw},
        )
    if not _INTEGER_PLAIN.match(whole.replace(".", "")):
        raise ValidationError(_("“%(value)s” is not an amount."), code="amount_invalid", params={"value": raw})
    if len(fraction) > max_decimals:
        raise ValidationError(
            _("“%(value)s” has %(n)d decimals; at most %(max)d are allowed."),
            code="amount_decimals",
            params={"value": raw, "n": len(fraction), "max": max_decimals},
        )
    try:
        amount = Decimal(whole.replace(".", "") + ("." + fraction if fraction else ""))
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digit strings
        raise ValidationError(
            _("“%(value)s” is not an amount."), code="amount_invalid", params={"value": raw}
        ) from None
    return -amount if negative else amount


def format_rupiah(amount: Decimal | None, *, decimals: int = 0) -> str:
    """An amount the way Indonesians read it ("Rp 1.250.000"), whatever the page language."""
    if amount is None:
        return ""
    text = f"{abs(amount):,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("-" if amount < 0 else "") + "Rp " + text
