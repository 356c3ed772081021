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


# Words offices write after a figure, in a spreadsheet cell or a form ("5 jt", "1,5 M", "500rb"). "M" is
# miliar (10^9) in Indonesian usage, never million.
_MULTIPLIERS: dict[str, int] = {
    "rb": 10**3,
    "ribu": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
    "t": 10**12,
    "triliun": 10**12,
}
_MULTIPLIER_SUFFIX = re.compile(r"^(?P<number>.*?[0-9,])\s*(?P<word>[a-z]+)\.?$", re.IGNORECASE)
_TRAILING_RUPIAH = re.compile(r"\s*rupiah$", re.IGNORECASE)
# Excel holds 15 significant digits; a float cell such as 0.30000000000000004 is what Excel shows as 0.3.
_EXCEL_SIGNIFICANT_DIGITS = 15


def _decimals(amount: Decimal) -> int:
    """How many decimals ``amount`` needs once trailing zeros of the fraction are dropped."""
    exponent = amount.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _trimmed(amount: Decimal, *, raw: object, max_decimals: int) -> Decimal:
    """``amount`` with no more decimals than it needs, or ValidationError if it needs more than allowed."""
    needed = _decimals(amount)
    if needed > max_decimals:
        raise ValidationError(
            _("“%(value)s” has %(n)d decimals; at most %(max)d are allowed."),
            code="amount_decimals",
            params={"value": raw, "n": needed, "max": max_decimals},
        )
    return amount.quantize(Decimal(1).scaleb(-needed))


def _from_number(value: int | float | Decimal, *, max_decimals: int) -> Decimal:
    """A numeric spreadsheet cell as an exact Decimal: floats through their shortest repr, never binary noise."""
    if isinstance(value, int):
        return Decimal(value)
    amount = Decimal(repr(value)) if isinstance(value, float) else value
    if not amount.is_finite():
        raise ValidationError(
            _("“%(value)s” is not a finite number."), code="amount_not_finite", params={"value": value}
        )
    if isinstance(value, float) and _decimals(amount) > max_decimals:
        amount = Decimal(f"{value:.{_EXCEL_SIGNIFICANT_DIGITS}g}")
    return _trimmed(amount, raw=value, max_decimals=max_decimals)


def parse_amount_text(value: str | int | float | Decimal, *, max_decimals: int = 2) -> Decimal:
    """An amount from a spreadsheet cell or a form, including the words offices write ("1,5 M", "500 rb").

    Text is read as by parse_amount, after an optional multiplier word: rb/ribu (10^3), jt/juta (10^6),
    M/miliar/milyar (10^9), T/triliun (10^12), with or without a space ("5jt"). Numeric cells (int,
    float, Decimal) are taken as they are; a float goes through its shortest repr so 0.1 stays 0.1, and
    NaN or infinity is refused. A result needing more than ``max_decimals`` decimals is refused rather
    than rounded: "1,2345678 jt" rupiah with cents beyond the second would be a typing error.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValidationError(_("“%(value)s” is not an amount."), code="amount_invalid", params={"value": value})
    if not isinstance(value, str):
        return _from_number(value, max_decimals=max_decimals)
    raw = value
    text = _TRAILING_RUPIAH.sub("", value.replace("\xa0", " ").strip())
    text = _CURRENCY_PREFIX.sub("", text)
    multiplier = 1
    match = _MULTIPLIER_SUFFIX.match(text)
    if match:
        word = match.group("word").lower()
        if word not in _MULTIPLIERS:
            raise ValidationError(
                _(
                    "“%(value)s” ends with “%(word)s”, which is not an amount word. Write digits, optionally "
                    "followed by rb/ribu, jt/juta, M/miliar or T/triliun, e.g. 1,5 jt."
                ),
                code="amount_unit",
                params={"value": raw, "word": match.group("word")},
            )
        multiplier = _MULTIPLIERS[word]
        text = match.group("number").strip()
    try:
        # Extra decimals are allowed before multiplying: "1,255 M" is a whole number of rupiah.
        amount = parse_amount(text, max_decimals=max_decimals + 12 if multiplier > 1 else max_decimals)
    except ValidationError as error:
        # Re-raised with the value as typed, so the message quotes what the officer sees in the cell.
        params = {**(error.params or {}), "value": raw}
        raise ValidationError(error.message, code=error.code, params=params) from None
    if multiplier == 1:
        return amount  # keeps the decimals as written, like parse_amount ("1.250.000,00")
    return _trimmed(amount * multiplier, raw=raw, max_decimals=max_decimals)


_COUNT_UNIT = re.compile(r"\s*(?:orang|org|jiwa|tk|pekerja|karyawan)\.?$", re.IGNORECASE)


def parse_count(value: str | int | float | Decimal) -> int:
    """A whole number of people or things ("12", "12 orang", 12.0, "1.200"), never a fraction or negative."""
    raw = value
    if isinstance(value, str):
        value = _COUNT_UNIT.sub("", value.replace("\xa0", " ").strip())
        if not value:
            raise ValidationError(_("Enter a whole number."), code="count_empty")
    try:
        amount = parse_amount_text(value, max_decimals=6)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a whole number; write it like 12 or 1.200."),
            code="count_invalid",
            params={"value": raw},
        ) from None
    if amount != amount.to_integral_value():
        raise ValidationError(
            _("“%(value)s” has a fraction; a count is a whole number, e.g. 12."),
            code="count_fraction",
            params={"value": raw},
        )
    if amount < 0:
        raise ValidationError(
            _("“%(value)s” is negative; a count cannot be below 0."), code="count_negative", params={"value": raw}
        )
    return int(amount)
