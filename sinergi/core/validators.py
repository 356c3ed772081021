"""Validators for Indonesian identifiers: NIK, NIB, NPWP, KBLI and phone numbers.

Structure checks come from lokal-id (MIT), which encodes the Dukcapil and DJP rules; this module adds
what Sinergi needs on top: translated messages, the century rule for birth dates (never in the future)
and agreement between a NIK and the birth date and sex entered beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal import normalize_phone, parse_nik, parse_npwp

_SEPARATORS = re.compile(r"[\s.\-/]")


@dataclass(frozen=True, slots=True)
class Nik:
    """A valid NIK (Nomor Induk Kependudukan, the 16-digit national identity number), decoded."""

    number: str
    province_code: str
    kabupaten_code: str
    kecamatan_code: str
    sex: str  # "L" laki-laki (male), "P" perempuan (female: day of birth + 40)
    birth_date: dt.date


def parse_nik_strict(value: str, *, today: dt.date | None = None) -> Nik:
    """Decode a NIK or raise ValidationError naming exactly what is wrong with it."""
    raw = str(value).strip()
    digits = _SEPARATORS.sub("", raw)
    if not digits.isdigit():
        raise ValidationError(
            _("A NIK may contain digits only; found “%(chars)s”."),
            code="nik_chars",
            params={"chars": "".join(sorted({c for c in digits if not c.isdigit()}))},
        )
    if len(digits) != 16:
        raise ValidationError(
            _("A NIK has 16 digits; this one has %(n)d."), code="nik_length", params={"n": len(digits)}
        )
    today = today or timezone.localdate()
    info = parse_nik(digits, reference_date=today)
    codes = {issue.code for issue in info.errors}
    if "province" in codes:
        raise ValidationError(
            _("The NIK starts with %(code)s, which is not a province code."),
            code="nik_province",
            params={"code": digits[:2]},
        )
    if "wilayah" in codes:
        raise ValidationError(
            _("Digits 3–6 of the NIK (kabupaten/kota and kecamatan) cannot be 00."), code="nik_region"
        )
    if "birth_date" in codes:
        raise ValidationError(
            _("Digits 7–12 of the NIK (%(part)s) are not a valid birth date (DDMMYY, women +40 on the day)."),
            code="nik_birth_date",
            params={"part": digits[6:12]},
        )
    if "serial" in codes:
        raise ValidationError(_("The last four digits of a NIK cannot be 0000."), code="nik_serial")
    if not info.valid or info.birth_date is None or info.gender is None:
        raise ValidationError(_("This is not a valid NIK."), code="nik_invalid")
    birth = dt.date.fromisoformat(info.birth_date)
    if birth > today:
        # Two-digit years: a date that would lie in the future belongs to the previous century.
        try:
            birth = birth.replace(year=birth.year - 100)
        except ValueError:  # 29 February in a year that is not a leap year a century earlier
            raise ValidationError(
                _("Digits 7–12 of the NIK (%(part)s) are not a valid birth date (DDMMYY, women +40 on the day)."),
                code="nik_birth_date",
                params={"part": digits[6:12]},
            ) from None
    return Nik(
        number=digits,
        province_code=digits[0:2],
        kabupaten_code=f"{digits[0:2]}.{digits[2:4]}",
        kecamatan_code=f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}",
        sex=info.gender,
        birth_date=birth,
    )


def validate_nik(value: str) -> None:
    """Django field validator form of parse_nik_strict."""
    parse_nik_strict(value)


def check_nik_agrees(*, nik: Nik, birth_date: dt.date | None, sex: str | None) -> dict[str, str]:
    """Field errors where the birth date or sex entered disagree with what the NIK encodes."""
    errors: dict[str, str] = {}
    if birth_date is not None and birth_date != nik.birth_date:
        errors["birth_date"] = _("The NIK encodes the birth date %(nik_date)s, not %(date)s.") % {
            "nik_date": nik.birth_date.strftime("%d-%m-%Y"),
            "date": birth_date.strftime("%d-%m-%Y"),
        }
    if sex and sex != nik.sex:
        errors["sex"] = (
            _("The NIK belongs to a woman (day of birth + 40).")
            if nik.sex == "P"
            else _("The NIK belongs to a man (day of birth without + 40).")
        )
    return errors


def normalize_nib(value: str) -> str:
    """NIB (Nomor Induk Berusaha from OSS-RBA): exactly 13 digits."""
    digits = _SEPARATORS.sub("", str(value))
    if not digits.isdigit() or len(digits) != 13:
        raise ValidationError(
            _("An NIB has exactly 13 digits (from OSS); got “%(value)s”."), code="nib_format", params={"value": value}
        )
    return digits


def normalize_npwp(value: str) -> str:
    """NPWP: 15 digits (old form) or 16 (a person's NIK, or "0" + 15 digits for an entity). Stored as digits."""
    info = parse_npwp(str(value))
    digits = _SEPARATORS.sub("", str(value))
    if not digits.isdigit() or len(digits) not in (15, 16) or not info.valid:
        raise ValidationError(
            _("An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits; got “%(value)s”."),
            code="npwp_format",
            params={"value": value},
        )
    return digits


def normalize_kbli(value: str) -> str:
    """KBLI 2020 (Peraturan BPS 2/2020): a 5-digit code."""
    digits = str(value).strip()
    if not re.fullmatch(r"[0-9]{5}", digits):
        raise ValidationError(
            _("A KBLI code has 5 digits (KBLI 2020); got “%(value)s”."), code="kbli_format", params={"value": value}
        )
    return digits


def normalize_phone_id(value: str) -> str:
    """An Indonesian phone number in E.164 (+62…), from 08…, 62…, +62… with any spacing."""
    e164 = normalize_phone(str(value))
    if e164 is None:
        raise ValidationError(
            _("“%(value)s” is not an Indonesian phone number (e.g. 0812-3456-7890)."),
            code="phone_format",
            params={"value": value},
        )
    return str(e164)
