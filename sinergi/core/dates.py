"""Reading dates as Indonesian offices write them: always day first ("17-08-2023", "17 Agustus 2023").

A date in a spreadsheet reaches us as text in many hands' styles, as a date cell, or as the bare number
Excel stores (a serial) once a column's format is lost. Guessing month-first would silently swap day and
month for every date up to the 12th, so text is read day first only, and anything else is refused with a
message that names the value and shows the expected form.

Two-digit years: "17-08-23" is the most recent year ending in 23 that does not put the date after today
(the same rule as the birth date in a NIK). So on 1 June 2025, "17-08-24" is 2024 and "17-08-25" is 1925.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari january jan",
        "februari pebruari february feb peb",
        "maret march mar",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu agt ags agus aug",
        "september sep sept",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names.split(), _number))

_WEEKDAY = re.compile(
    r"^(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)\s*,?\s*",
    re.IGNORECASE,
)
_TIME_OF_DAY = re.compile(r"(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)$")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s\-./]*([^\W\d_]+)\.?[\s\-./,]*(\d{4}|\d{2})$")
_MONTH_FIRST_NAMED = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_NO_YEAR = re.compile(r"^\d{1,2}\s*[-/.\s]\s*(?:\d{1,2}|[^\W\d_]+)\.?$")
_NO_DAY = re.compile(r"^(?:\d{1,2}|[^\W\d_]+)\.?\s*[-/.\s]\s*\d{4}$")

# Excel's 1900 date system counts 1 January 1900 as day 1 and keeps a 29 February 1900 that never was
# (serial 60, inherited from Lotus 1-2-3); from serial 61 on, the day count is off by one.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = 2958465  # 31 December 9999
# A serial is taken as a date only between these: earlier numbers are more likely a year or a count.
PLAUSIBLE_FIRST = dt.date(1910, 1, 1)
PLAUSIBLE_LAST = dt.date(2100, 12, 31)
_EXAMPLE = "17-08-2023"


def excel_serial_to_date(serial: float) -> dt.date:
    """The date an Excel (1900 date system) serial stands for; a fraction (time of day) is dropped."""
    if not math.isfinite(serial) or serial < 1 or serial > _EXCEL_MAX_SERIAL:
        raise ValidationError(
            _("“%(value)s” is not an Excel date number."), code="date_serial_invalid", params={"value": serial}
        )
    day = int(serial)
    if day == _EXCEL_FAKE_LEAP_DAY:
        raise ValidationError(
            _("“%(value)s” is 29 February 1900 in Excel, a day that did not exist."),
            code="date_serial_invalid",
            params={"value": serial},
        )
    return _EXCEL_EPOCH + dt.timedelta(days=day if day > _EXCEL_FAKE_LEAP_DAY else day + 1)


def _date_to_serial(day: dt.date) -> int:
    return (day - _EXCEL_EPOCH).days


def _from_serial(value: float, *, raw: object) -> dt.date:
    """A number that should be a date: accepted only as a serial of a plausible date."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(
            _("“%(value)s” is not an Excel date number."), code="date_serial_invalid", params={"value": raw}
        )
    if value == int(value) and 1900 <= value <= 2100:
        raise ValidationError(
            _("“%(value)s” is only a year; write the whole date day first, e.g. %(example)s."),
            code="date_year_only",
            params={"value": raw, "example": _EXAMPLE},
        )
    if not _date_to_serial(PLAUSIBLE_FIRST) <= value <= _date_to_serial(PLAUSIBLE_LAST):
        raise ValidationError(
            _(
                "“%(value)s” is a number but not a date between %(first)s and %(last)s; write the date day first, "
                "e.g. %(example)s."
            ),
            code="date_serial_range",
            params={
                "value": raw,
                "first": PLAUSIBLE_FIRST.strftime("%d-%m-%Y"),
                "last": PLAUSIBLE_LAST.strftime("%d-%m-%Y"),
                "example": _EXAMPLE,
            },
        )
    return excel_serial_to_date(value)


def _full_year(year_text: str, *, month: int, day: int, today: dt.date) -> int:
    """A four-digit year; a two-digit one is the latest that keeps the date on or before ``today``."""
    year = int(year_text)
    if len(year_text) == 4:
        return year
    year += today.year // 100 * 100
    # Compare (month, day) rather than building a date: 29 February may not exist in the candidate year.
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def _build(*, year: int, month: int, day: int, raw: str) -> dt.date:
    """The date, or a message saying exactly which part is impossible."""
    if not 1 <= month <= 12:
        raise ValidationError(
            _("“%(value)s” has no month %(month)d; dates are read day first, e.g. %(example)s."),
            code="date_invalid",
            params={"value": raw, "month": month, "example": _EXAMPLE},
        )
    if not 1900 <= year <= 2100:
        raise ValidationError(
            _("“%(value)s” has the year %(year)d; only years 1900 to 2100 are accepted."),
            code="date_year_range",
            params={"value": raw, "year": year},
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValidationError(
            _("“%(value)s” is not a date: month %(month)d of %(year)d has %(days)d days."),
            code="date_invalid",
            params={"value": raw, "month": month, "year": year, "days": days},
        )
    return dt.date(year, month, day)


def _month(name: str, *, raw: str) -> int:
    month = _MONTHS.get(name.lower())
    if month is None:
        raise ValidationError(
            _("“%(value)s”: “%(name)s” is not a month name; write e.g. 17 Agustus 2023 or %(example)s."),
            code="date_month_unknown",
            params={"value": raw, "name": name, "example": _EXAMPLE},
        )
    return month


def _from_text(raw: str, *, today: dt.date) -> dt.date:
    text = " ".join(raw.replace("\xa0", " ").split())
    if not text:
        raise ValidationError(_("Enter a date."), code="date_empty")
    text = _WEEKDAY.sub("", text)
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text) and not re.fullmatch(r"\d{8}", text):
        return _from_serial(float(text.replace(",", ".")), raw=raw)
    text = _TIME_OF_DAY.sub("", text) if re.match(r"^\d{4}-|.*\d{4}[ T]\d", text) else text
    if match := _YEAR_FIRST.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _build(year=year, month=month, day=day, raw=raw)
    if match := _DAY_FIRST.match(text):
        day, month = int(match.group(1)), int(match.group(2))
        year = _full_year(match.group(3), month=month, day=day, today=today)
        return _build(year=year, month=month, day=day, raw=raw)
    if match := _NAMED_MONTH.match(text):
        day, month = int(match.group(1)), _month(match.group(2), raw=raw)
        year = _full_year(match.group(3), month=month, day=day, today=today)
        return _build(year=year, month=month, day=day, raw=raw)
    if match := _MONTH_FIRST_NAMED.match(text):
        # "August 17, 2023": a month written as a word cannot be mistaken for a day.
        month, day = _month(match.group(1), raw=raw), int(match.group(2))
        return _build(year=int(match.group(3)), month=month, day=day, raw=raw)
    if _NO_YEAR.match(text) or _NO_DAY.match(text):
        raise ValidationError(
            _("“%(value)s” is not a whole date; write day, month and year, e.g. %(example)s."),
            code="date_incomplete",
            params={"value": raw, "example": _EXAMPLE},
        )
    raise ValidationError(
        _("“%(value)s” is not a date we can read; write it day first, e.g. %(example)s or 17 Agustus 2023."),
        code="date_unknown",
        params={"value": raw, "example": _EXAMPLE},
    )


def parse_date_id(value: str | int | float | dt.date | dt.datetime, *, today: dt.date | None = None) -> dt.date:
    """The date in ``value``, read day first, or ValidationError naming the value and the expected form.

    Accepted: date and datetime objects (the time is dropped); Excel serial numbers of dates between
    PLAUSIBLE_FIRST and PLAUSIBLE_LAST, as numbers or digit strings; "17-08-2023", "17/8/23", "17.08.2023";
    month names in Indonesian or English, full or short ("17 Agustus 2023", "17 Agt 2023", "17-Aug-23",
    "August 17, 2023"), optionally after a weekday ("Kamis, 17 Agustus 2023"); ISO "2023-08-17", with or
    without a time. ``today`` (default: the local date) anchors two-digit years, see the module docstring.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(_("“%(value)s” is not a date."), code="date_unknown", params={"value": value})
    if not isinstance(value, str):
        return _from_serial(value, raw=value)
    return _from_text(value, today=today or timezone.localdate())


def duration_words(value: dt.timedelta) -> str:
    """A span of time as people say it: "15 menit", "1 jam 30 menit", "2 hari" (English: "15 minutes", ...).

    Whole units only, largest first, at most two of them; under a minute reads as seconds."""
    from django.utils.translation import ngettext

    seconds = max(0, int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        ngettext("%(n)d day", "%(n)d days", days) % {"n": days} if days else "",
        ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours} if hours else "",
        ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes} if minutes else "",
    ]
    words = [p for p in parts if p][:2]
    if not words:
        words = [ngettext("%(n)d second", "%(n)d seconds", secs) % {"n": secs}]
    return " ".join(words)
