"""Dates read day first, in the forms Indonesian offices write them, and refused precisely otherwise."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from sinergi.core.dates import excel_serial_to_date, parse_date_id

TODAY = dt.date(2025, 6, 1)
AUG_17 = dt.date(2023, 8, 17)


@pytest.mark.parametrize(
    "value",
    [
        "17-08-2023",
        "17/8/23",
        "17/08/2023",
        "17.08.2023",
        "17 - 08 - 2023",
        "17 Agustus 2023",
        "17 agustus 2023",
        "17 Agt 2023",
        "17 Agt. 2023",
        "17 Agu 2023",
        "17 Ags 2023",
        "17-Agu-2023",
        "17 August 2023",
        "17 Aug 2023",
        "17-Aug-23",
        "August 17, 2023",
        "Kamis, 17 Agustus 2023",
        "Thursday, 17 August 2023",
        "2023-08-17",
        "2023/08/17",
        "2023-08-17 00:00:00",
        "2023-08-17T10:30:00",
        "17-08-2023 10:30",
        "  17-08-2023\xa0",
        45155,
        45155.75,
        "45155",
        dt.date(2023, 8, 17),
        dt.datetime(2023, 8, 17, 10, 30),  # noqa: DTZ001 - spreadsheet dates carry no time zone
    ],
)
def test_reads_the_forms_offices_write(value):
    assert parse_date_id(value, today=TODAY) == AUG_17


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Januari 2024", dt.date(2024, 1, 1)),
        ("5 Pebruari 2024", dt.date(2024, 2, 5)),
        ("1 Mei 2024", dt.date(2024, 5, 1)),
        ("1 May 2024", dt.date(2024, 5, 1)),
        ("9 Okt 2024", dt.date(2024, 10, 9)),
        ("9 Oct 2024", dt.date(2024, 10, 9)),
        ("30 Nop 2024", dt.date(2024, 11, 30)),
        ("25 Des 2024", dt.date(2024, 12, 25)),
        ("25 Dec 2024", dt.date(2024, 12, 25)),
        ("29-02-2024", dt.date(2024, 2, 29)),
        ("3/4/2024", dt.date(2024, 4, 3)),  # day first, never April the 3rd read as 4 March
    ],
)
def test_month_names_and_day_first(text, expected):
    assert parse_date_id(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-08-24", dt.date(2024, 8, 17)),  # in the past: this century
        ("01-06-25", dt.date(2025, 6, 1)),  # today itself is not in the future
        ("02-06-25", dt.date(1925, 6, 2)),  # tomorrow would be future: previous century
        ("17-08-85", dt.date(1985, 8, 17)),
        ("29/02/00", dt.date(2000, 2, 29)),
        ("17 Agt 99", dt.date(1999, 8, 17)),
    ],
)
def test_two_digit_years_are_never_in_the_future(text, expected):
    assert parse_date_id(text, today=TODAY) == expected


def test_two_digit_years_default_to_the_local_date():
    assert parse_date_id("17-08-99") == dt.date(1999, 8, 17)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),  # after Excel's fictitious 29 February 1900
        (45155, AUG_17),
        (2958465, dt.date(9999, 12, 31)),
    ],
)
def test_excel_serials_in_the_1900_system(serial, expected):
    assert excel_serial_to_date(serial) == expected


@pytest.mark.parametrize("serial", [60, 0, -1, 2958466, float("nan"), float("inf")])
def test_excel_serials_that_are_no_day(serial):
    with pytest.raises(ValidationError) as info:
        excel_serial_to_date(serial)
    assert info.value.code == "date_serial_invalid"


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("31-02-2023", "date_invalid", "month 2 of 2023 has 28 days"),
        ("29-02-2023", "date_invalid", "has 28 days"),
        ("31-04-2024", "date_invalid", "has 30 days"),
        ("00-01-2023", "date_invalid", "has 31 days"),
        ("8/17/2023", "date_invalid", "no month 17; dates are read day first, e.g. 17-08-2023"),
        ("2023-13-01", "date_invalid", "no month 13"),
        ("17 Agst 2023", "date_month_unknown", "“Agst” is not a month name"),
        ("17-08-1850", "date_year_range", "1850"),
        ("17-08", "date_incomplete", "e.g. 17-08-2023"),
        ("Agustus 2023", "date_incomplete", "day, month and year"),
        ("08-2023", "date_incomplete", "day, month and year"),
        ("1985", "date_year_only", "only a year"),
        (1985, "date_year_only", "only a year"),
        (100, "date_serial_range", "01-01-1910"),
        (99999, "date_serial_range", "31-12-2100"),
        (float("nan"), "date_serial_invalid", "nan"),
        ("17082023", "date_unknown", "e.g. 17-08-2023"),
        ("kemarin", "date_unknown", "e.g. 17-08-2023 or 17 Agustus 2023"),
        ("", "date_empty", "Enter a date"),
        (True, "date_unknown", "True"),
        ([2023], "date_unknown", "[2023]"),
    ],
)
def test_refuses_naming_the_value_and_the_form(value, code, fragment):
    with override("en"), pytest.raises(ValidationError) as info:
        parse_date_id(value, today=TODAY)
    assert info.value.code == code
    message = info.value.messages[0]
    assert fragment in message
    if str(value):
        assert f"“{value}”" in message


def test_thirty_first_of_february_in_a_two_digit_year_is_still_refused():
    with pytest.raises(ValidationError) as info:
        parse_date_id("31/02/23", today=TODAY)
    assert info.value.code == "date_invalid"


def test_durations_in_words():
    from datetime import timedelta

    from django.utils.translation import override

    from sinergi.core.templatetags.sinergi import duration

    with override("id"):
        assert duration("PT15M") == "15 menit"
        assert duration(timedelta(hours=1, minutes=30, seconds=5)) == "1 jam 30 menit"
        assert duration(timedelta(days=2, hours=3, minutes=1)) == "2 hari 3 jam"
        assert duration(timedelta(seconds=40)) == "40 detik"
    with override("en"):
        assert duration("PT1M") == "1 minute"
        assert duration(timedelta(minutes=15)) == "15 minutes"
    assert duration("not a duration") == "not a duration"
