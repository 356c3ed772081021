"""NIP (Nomor Induk Pegawai): a civil servant's (ASN) 18-digit number.

Layout (Peraturan Kepala BKN on the NIP): birth date YYYYMMDD (8) + appointment as candidate civil servant YYYYMM
(6) + sex (1: 1 male, 2 female) + serial within that date, sex and month (3). Written with or without spaces
("19850705 201001 2 003"). ``parse_nip`` is pure: it reads nothing but the number and ``today``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MINIMUM_AGE = 18


@dataclass(frozen=True)
class Nip:
    number: str
    birth_date: dt.date
    appointed: tuple[int, int]  # (year, month)
    sex: str  # "L" or "P", as registry.Sex
    serial: int

    @property
    def display(self) -> str:
        n = self.number
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


def parse_nip(value: str, *, today: dt.date | None = None) -> Nip:
    """The NIP read into its parts, or ValidationError saying exactly what is wrong."""
    day = today or timezone.localdate()
    raw = str(value)
    text = "".join(raw.split())
    if not text:
        raise ValidationError(_("Enter the NIP."), code="nip_empty")
    if not text.isdigit():
        bad = "".join(sorted({c for c in text if not c.isdigit()}))
        raise ValidationError(
            _("A NIP has only digits; “%(value)s” contains “%(chars)s”.") % {"value": raw, "chars": bad},
            code="nip_chars",
        )
    if len(text) != 18:
        raise ValidationError(
            _("A NIP has 18 digits; “%(value)s” has %(n)d.") % {"value": raw, "n": len(text)}, code="nip_length"
        )
    try:
        birth = dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise ValidationError(
            _("Digits 1–8 of the NIP are the birth date (YYYYMMDD); %(digits)s is not a date.") % {"digits": text[:8]},
            code="nip_birth",
        ) from None
    if birth > day:
        raise ValidationError(
            _("The birth date in the NIP (%(day)s) is in the future.") % {"day": _d(birth)}, code="nip_birth_future"
        )
    year, month = int(text[8:12]), int(text[12:14])
    if not 1 <= month <= 12 or year < 1900:
        raise ValidationError(
            _("Digits 9–14 of the NIP are the appointment year and month (YYYYMM); %(digits)s is not a month.")
            % {"digits": text[8:14]},
            code="nip_appointment",
        )
    if (year, month) > (day.year, day.month):
        raise ValidationError(
            _("The appointment month in the NIP (%(month)02d/%(year)d) is in the future.")
            % {"month": month, "year": year},
            code="nip_appointment_future",
        )
    if (year, month) < (birth.year + MINIMUM_AGE, birth.month):
        raise ValidationError(
            _(
                "The NIP says appointed in %(month)02d/%(year)d, before the age of %(age)d (born %(day)s): "
                "check the digits."
            )
            % {"month": month, "year": year, "age": MINIMUM_AGE, "day": _d(birth)},
            code="nip_too_young",
        )
    sex = text[14]
    if sex not in "12":
        raise ValidationError(
            _("Digit 15 of the NIP is the sex (1 male, 2 female), not %(digit)s.") % {"digit": sex}, code="nip_sex"
        )
    serial = int(text[15:])
    if serial == 0:
        raise ValidationError(
            _("The last 3 digits of the NIP are a serial from 001; 000 is not one."), code="nip_serial"
        )
    return Nip(number=text, birth_date=birth, appointed=(year, month), sex="L" if sex == "1" else "P", serial=serial)


def _d(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def validate_nip(value: str) -> None:
    """A form or model validator."""
    parse_nip(value)
