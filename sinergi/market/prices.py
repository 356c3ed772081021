"""Prices as sellers write them: "Rp 25.000/pak", "25.000 per botol", "Rp15.000,-".

The amount is read by the house's Indonesian number reader (``sinergi.core.numbers``); what follows a "/" or
the word "per" is the unit."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.core.numbers import parse_amount_text

_UNIT_SPLIT = re.compile(r"\s*(?:/|\bper\b)\s*", re.IGNORECASE)


def parse_price(text: str | Decimal | int) -> tuple[Decimal, str]:
    """(amount in rupiah, unit or "") for a written price; ValidationError with the reader's message."""
    if isinstance(text, Decimal | int):
        amount, unit = Decimal(text), ""
    else:
        parts = _UNIT_SPLIT.split(str(text).strip(), maxsplit=1)
        amount = parse_amount_text(parts[0])
        unit = " ".join(parts[1].split()).lower() if len(parts) > 1 else ""
        if len(parts) > 1 and not unit:
            raise ValidationError(_("Write the unit after the slash, e.g. Rp 25.000/pak."), code="price_unit")
    if amount <= 0:
        raise ValidationError(_("The price must be more than zero."), code="price_positive")
    return amount, unit
