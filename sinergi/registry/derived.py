"""Pure rules for values derived from registry records, shared by services, selectors and bulk loads."""

from __future__ import annotations

import datetime as dt
import re
from datetime import timedelta

from django.conf import settings

_WORD = re.compile(r"\w+")


def search_words(text: str) -> list[str]:
    """Lower-cased words of a text; punctuation separates words ("Hj.Siti" → hj, siti; "Una-Una" → una, una)."""
    return _WORD.findall(text.lower())


def search_text_for(*, name: str, owner_name: str, address: str) -> str:
    """What the search box matches: the words of name, owner and address, lower-cased, space-separated."""
    return " ".join(search_words(f"{name} {owner_name} {address}"))


def expiry_window(*, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the "expiring soon" window that starts today."""
    return today, today + timedelta(days=settings.SINERGI_DOCUMENT_EXPIRY_WARNING_DAYS)


def document_state(*, expires_on: dt.date | None, today: dt.date) -> str:
    """ "expired", "expiring" (within the warning window) or "valid"."""
    start, end = expiry_window(today=today)
    if expires_on and expires_on < start:
        return "expired"
    if expires_on and expires_on <= end:
        return "expiring"
    return "valid"
