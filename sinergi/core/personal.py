"""Personal data (UU 27/2022): how a NIK, a phone number, an address and a birth date are shown to someone who
may not see them in full, and the signal a page or endpoint sends when it showed them in full.

Who may see what in full is decided in ``sinergi.accounts.access.can_see_personal``; this module only knows how
to mask, so that schemas, templates, the change log and exports all mask the same way (docs/privacy.md).

The NIK mask keeps the first four digits (province and kabupaten/kota, which the person's village already shows)
and the last four (the serial number, so that an officer can tell two persons apart and check a card in hand);
the eight in between — the kecamatan and the birth date with the sex (day + 40 for a woman) — are hidden. The
birth date itself is shown as its year only to the same readers, so the hidden digits cannot be read back from
the page. A phone keeps "+62", the operator's first two digits and the last three.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.dispatch import Signal

from sinergi.core.validators import parse_nik_strict

MASK = "•"
# The fields of a person that are masked and whose full view is logged.
PERSONAL_FIELDS = ("nik", "phone", "address", "birth_date")

_SEPARATORS = re.compile(r"[\s.\-]")
_NIK = re.compile(r"\d{16}")

# Sent after a page, an endpoint or an export showed persons' personal fields in full. Keyword arguments:
# ``actor`` (a user), ``shown`` (a list of (person id, village code, names from PERSONAL_FIELDS)), ``purpose``
# ("view", "export", "api", "search") and ``request`` (or None). sinergi.privacy records it.
personal_data_shown = Signal()


def mask_nik(nik: str | None) -> str:
    """'3509010202850003' → '3509••••••••0003'; empty stays empty; anything not 16 digits is hidden whole."""
    if not nik:
        return ""
    if len(nik) != 16 or not nik.isdigit():
        return MASK * 8
    return nik[:4] + MASK * 8 + nik[-4:]


def mask_phone(phone: str | None) -> str:
    """'+6281234567890' → '+6281••••••890': the country code, the operator's first digits and the last three."""
    if not phone:
        return ""
    if len(phone) <= 8:
        return MASK * len(phone)
    return phone[:5] + MASK * (len(phone) - 8) + phone[-3:]


def mask_address(address: str | None) -> str:
    return MASK * 3 if address else ""


def mask_birth_date(value: dt.date | str | None) -> str:
    """The year only: '1990'."""
    if not value:
        return ""
    if isinstance(value, dt.date):
        return str(value.year)
    return str(value)[:4]


_MASKS = {"nik": mask_nik, "phone": mask_phone, "address": mask_address, "birth_date": mask_birth_date}


def mask_value(field: str, value: Any) -> Any:
    """A value of a personal field, masked; any other field's value as it is (for change-log rows)."""
    mask = _MASKS.get(field)
    if mask is None or value is None or value == "":
        return value
    return mask(value)


def is_nik_like(value: str) -> bool:
    """Whether a text reads as a person's NIK (16 digits, dots, dashes and spaces ignored, with a province code and a
    birth date where a NIK has them): such a value must not be put in a URL. Sixteen digits that cannot be a NIK
    (most NIK koperasi, for one) are not refused."""
    digits = _SEPARATORS.sub("", value or "")
    if not _NIK.fullmatch(digits):
        return False
    try:
        parse_nik_strict(digits)
    except ValidationError:
        return False
    return True


# A phone number as people write it: +62 / 62 / 0 then 8–13 digits, spaces, dots and dashes ignored.
_PHONE = re.compile(r"(?:\+?62|0)8\d{7,12}")


def mask_personal_like(value: Any) -> Any:
    """Any value with the NIKs and phone numbers in it masked: for fields that are not a person's but may hold
    one's data (a business's other data from an import, a change-log row of it). Dicts and lists are walked."""
    if isinstance(value, dict):
        return {key: mask_personal_like(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_personal_like(item) for item in value]
    if not isinstance(value, str):
        return value
    digits = _SEPARATORS.sub("", value)
    if is_nik_like(digits):
        return mask_nik(digits)
    if _PHONE.fullmatch(digits):
        return mask_phone(digits)
    return value


def nik_digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def announce_shown(
    *, actor: Any, shown: list[tuple[int, str, tuple[str, ...]]], purpose: str, request: Any = None
) -> None:
    """Tell the access log that ``actor`` was shown, in full, the named fields of each person in ``shown``
    ((person id, village code, field names) each); nothing when the list is empty."""
    if shown:
        personal_data_shown.send(sender=None, actor=actor, shown=shown, purpose=purpose, request=request)
