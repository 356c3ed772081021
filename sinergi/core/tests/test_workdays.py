"""Working days on the Indonesian calendar: weekends, national holidays, cuti bersama, and deadlines in the
office's time zone (WIB, WITA, WIT)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sinergi.core import workdays as w

D = dt.date


def test_weekends_holidays_and_joint_leave_are_not_working_days():
    assert w.is_working_day(D(2025, 3, 12))  # a Wednesday
    assert not w.is_working_day(D(2025, 3, 15))  # Saturday
    assert not w.is_working_day(D(2025, 3, 16))  # Sunday
    assert not w.is_working_day(D(2025, 3, 31))  # Idul Fitri 1446 H
    assert not w.is_working_day(D(2025, 4, 4))  # cuti bersama Idul Fitri
    assert not w.is_working_day(D(2024, 12, 26))  # cuti bersama Natal 2024
    assert not w.is_working_day(D(2026, 3, 24))  # cuti bersama Idul Fitri 2026
    assert w.holiday_name(D(2024, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert w.holiday_name(D(2025, 3, 12)) == ""


def test_every_year_2024_to_2027_is_known_and_2027_is_marked_provisional():
    assert {2024, 2025, 2026, 2027} <= w.KNOWN_YEARS
    assert {2027} == w.PROVISIONAL_YEARS
    for year in (2024, 2025, 2026, 2027):
        assert not w.is_working_day(D(year, 1, 1))
        assert not w.is_working_day(D(year, 12, 25)) or D(year, 12, 25).weekday() >= 5


def test_adding_working_days_skips_the_idul_fitri_weeks():
    # Heard on Thursday 27 March 2025: Friday 28 is cuti bersama Nyepi, then the weekend, Idul Fitri on 31 March
    # and 1 April, cuti bersama 2-4 and 7 April. The first working day after is Tuesday 8 April.
    assert w.add_working_days(D(2025, 3, 27), 1) == D(2025, 4, 8)
    assert w.add_working_days(D(2025, 3, 27), 3) == D(2025, 4, 10)
    assert w.add_working_days(D(2025, 3, 27), 0) == D(2025, 3, 27)


def test_a_friday_deadline_runs_over_the_weekend():
    assert w.add_working_days(D(2025, 3, 14), 3) == D(2025, 3, 19)  # Fri → Mon, Tue, Wed
    assert w.working_days_between(D(2025, 3, 14), D(2025, 3, 19)) == 3
    assert w.working_days_between(D(2025, 3, 19), D(2025, 3, 14)) == 0


def test_the_deadline_is_the_end_of_the_local_day_in_the_office_zone():
    # 23:30 WIB on Wednesday 12 March 2025 is already Thursday 13 March in WITA and WIT: the day counted from differs.
    moment = dt.datetime(2025, 3, 12, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    wib = w.deadline(moment, 1, "WIB")
    wita = w.deadline(moment, 1, "WITA")
    wit = w.deadline(moment, 1, "WIT")
    assert (wib.date(), wita.date(), wit.date()) == (D(2025, 3, 13), D(2025, 3, 14), D(2025, 3, 14))
    assert wib.utcoffset() == dt.timedelta(hours=7)
    assert wita.utcoffset() == dt.timedelta(hours=8)
    assert wit.utcoffset() == dt.timedelta(hours=9)
    assert (wib.hour, wib.minute) == (23, 59)
    # The same instant in UTC reads the same local days.
    assert w.local_day(moment.astimezone(dt.UTC), "WIT") == D(2025, 3, 13)


def test_an_office_adds_its_own_closed_day(settings):
    settings.SINERGI_EXTRA_HOLIDAYS = ("2025-03-13",)
    assert not w.is_working_day(D(2025, 3, 13))
    assert w.holiday_name(D(2025, 3, 13)) == "Libur daerah"
    assert w.add_working_days(D(2025, 3, 12), 1) == D(2025, 3, 14)
