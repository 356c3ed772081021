"""Working days on the Indonesian calendar: weekends, national holidays (hari libur nasional) and the joint
leave days (cuti bersama) on which government offices close, and deadlines counted in them.

The dates are those of the joint decree of the Minister of Religious Affairs, the Minister of Manpower and the
Minister for Administrative and Bureaucratic Reform (SKB 3 Menteri) on national holidays and cuti bersama:

- 2024: SKB Nomor 855 Tahun 2023, Nomor 3 Tahun 2023, Nomor 4 Tahun 2023;
- 2025: SKB Nomor 1017 Tahun 2024, Nomor 2 Tahun 2024, Nomor 2 Tahun 2024 (with 18 August 2025 added as a
  holiday for the 80th independence day);
- 2026: the SKB 3 Menteri on the 2026 holidays and cuti bersama, signed in September 2025;
- 2027: PROVISIONAL — the fixed holidays and the expected dates of the moving ones; cuti bersama are not listed.
  Replace the year with the SKB's list once it is read (``PROVISIONAL_YEARS`` says which years still are).

Islamic holidays move with the sighting of the moon (isbat); when the government moves one, change it here.
An office may add its own closed days (a regional holiday) with ``SINERGI_EXTRA_HOLIDAYS`` (ISO dates).

A deadline of ``n`` working days from a moment is the end of the ``n``-th working day after the local day of
that moment (the day itself does not count, as in SP4N-LAPOR!'s counting), in the office's time zone.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.conf import settings

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

# (date, name) — hari libur nasional.
_HOLIDAYS: dict[int, tuple[tuple[str, str], ...]] = {
    2024: (
        ("2024-01-01", "Tahun Baru 2024 Masehi"),
        ("2024-02-08", "Isra Mikraj Nabi Muhammad SAW"),
        ("2024-02-10", "Tahun Baru Imlek 2575 Kongzili"),
        ("2024-03-11", "Hari Suci Nyepi Tahun Baru Saka 1946"),
        ("2024-03-29", "Wafat Yesus Kristus"),
        ("2024-03-31", "Hari Paskah"),
        ("2024-04-10", "Hari Raya Idul Fitri 1445 H"),
        ("2024-04-11", "Hari Raya Idul Fitri 1445 H"),
        ("2024-05-01", "Hari Buruh Internasional"),
        ("2024-05-09", "Kenaikan Yesus Kristus"),
        ("2024-05-23", "Hari Raya Waisak 2568 BE"),
        ("2024-06-01", "Hari Lahir Pancasila"),
        ("2024-06-17", "Hari Raya Idul Adha 1445 H"),
        ("2024-07-07", "Tahun Baru Islam 1446 H"),
        ("2024-08-17", "Hari Kemerdekaan Republik Indonesia"),
        ("2024-09-16", "Maulid Nabi Muhammad SAW"),
        ("2024-12-25", "Hari Raya Natal"),
    ),
    2025: (
        ("2025-01-01", "Tahun Baru 2025 Masehi"),
        ("2025-01-27", "Isra Mikraj Nabi Muhammad SAW"),
        ("2025-01-29", "Tahun Baru Imlek 2576 Kongzili"),
        ("2025-03-29", "Hari Suci Nyepi Tahun Baru Saka 1947"),
        ("2025-03-31", "Hari Raya Idul Fitri 1446 H"),
        ("2025-04-01", "Hari Raya Idul Fitri 1446 H"),
        ("2025-04-18", "Wafat Yesus Kristus"),
        ("2025-04-20", "Hari Paskah"),
        ("2025-05-01", "Hari Buruh Internasional"),
        ("2025-05-12", "Hari Raya Waisak 2569 BE"),
        ("2025-05-29", "Kenaikan Yesus Kristus"),
        ("2025-06-01", "Hari Lahir Pancasila"),
        ("2025-06-06", "Hari Raya Idul Adha 1446 H"),
        ("2025-06-27", "Tahun Baru Islam 1447 H"),
        ("2025-08-17", "Hari Kemerdekaan Republik Indonesia"),
        ("2025-08-18", "Libur HUT ke-80 Kemerdekaan Republik Indonesia"),
        ("2025-09-05", "Maulid Nabi Muhammad SAW"),
        ("2025-12-25", "Hari Raya Natal"),
    ),
    2026: (
        ("2026-01-01", "Tahun Baru 2026 Masehi"),
        ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW"),
        ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili"),
        ("2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948"),
        ("2026-03-21", "Hari Raya Idul Fitri 1447 H"),
        ("2026-03-22", "Hari Raya Idul Fitri 1447 H"),
        ("2026-04-03", "Wafat Yesus Kristus"),
        ("2026-04-05", "Hari Paskah"),
        ("2026-05-01", "Hari Buruh Internasional"),
        ("2026-05-14", "Kenaikan Yesus Kristus"),
        ("2026-05-27", "Hari Raya Idul Adha 1447 H"),
        ("2026-05-31", "Hari Raya Waisak 2570 BE"),
        ("2026-06-01", "Hari Lahir Pancasila"),
        ("2026-06-16", "Tahun Baru Islam 1448 H"),
        ("2026-08-17", "Hari Kemerdekaan Republik Indonesia"),
        ("2026-08-25", "Maulid Nabi Muhammad SAW"),
        ("2026-12-25", "Hari Raya Natal"),
    ),
    2027: (
        ("2027-01-01", "Tahun Baru 2027 Masehi"),
        ("2027-01-05", "Isra Mikraj Nabi Muhammad SAW (perkiraan)"),
        ("2027-02-06", "Tahun Baru Imlek 2578 Kongzili"),
        ("2027-03-08", "Hari Suci Nyepi Tahun Baru Saka 1949 (perkiraan)"),
        ("2027-03-10", "Hari Raya Idul Fitri 1448 H (perkiraan)"),
        ("2027-03-11", "Hari Raya Idul Fitri 1448 H (perkiraan)"),
        ("2027-03-26", "Wafat Yesus Kristus"),
        ("2027-03-28", "Hari Paskah"),
        ("2027-05-01", "Hari Buruh Internasional"),
        ("2027-05-06", "Kenaikan Yesus Kristus"),
        ("2027-05-17", "Hari Raya Idul Adha 1448 H (perkiraan)"),
        ("2027-05-20", "Hari Raya Waisak 2571 BE (perkiraan)"),
        ("2027-06-01", "Hari Lahir Pancasila"),
        ("2027-06-06", "Tahun Baru Islam 1449 H (perkiraan)"),
        ("2027-08-15", "Maulid Nabi Muhammad SAW (perkiraan)"),
        ("2027-08-17", "Hari Kemerdekaan Republik Indonesia"),
        ("2027-12-25", "Hari Raya Natal"),
    ),
}

# (date, name) — cuti bersama, on which government offices are closed.
_JOINT_LEAVE: dict[int, tuple[tuple[str, str], ...]] = {
    2024: (
        ("2024-02-09", "Cuti bersama Tahun Baru Imlek"),
        ("2024-03-12", "Cuti bersama Hari Suci Nyepi"),
        ("2024-04-08", "Cuti bersama Idul Fitri"),
        ("2024-04-09", "Cuti bersama Idul Fitri"),
        ("2024-04-12", "Cuti bersama Idul Fitri"),
        ("2024-04-15", "Cuti bersama Idul Fitri"),
        ("2024-05-10", "Cuti bersama Kenaikan Yesus Kristus"),
        ("2024-05-24", "Cuti bersama Hari Raya Waisak"),
        ("2024-06-18", "Cuti bersama Idul Adha"),
        ("2024-12-26", "Cuti bersama Hari Raya Natal"),
    ),
    2025: (
        ("2025-01-28", "Cuti bersama Tahun Baru Imlek"),
        ("2025-03-28", "Cuti bersama Hari Suci Nyepi"),
        ("2025-04-02", "Cuti bersama Idul Fitri"),
        ("2025-04-03", "Cuti bersama Idul Fitri"),
        ("2025-04-04", "Cuti bersama Idul Fitri"),
        ("2025-04-07", "Cuti bersama Idul Fitri"),
        ("2025-05-13", "Cuti bersama Hari Raya Waisak"),
        ("2025-05-30", "Cuti bersama Kenaikan Yesus Kristus"),
        ("2025-06-09", "Cuti bersama Idul Adha"),
        ("2025-12-26", "Cuti bersama Hari Raya Natal"),
    ),
    2026: (
        ("2026-02-16", "Cuti bersama Tahun Baru Imlek"),
        ("2026-03-18", "Cuti bersama Hari Suci Nyepi"),
        ("2026-03-20", "Cuti bersama Idul Fitri"),
        ("2026-03-23", "Cuti bersama Idul Fitri"),
        ("2026-03-24", "Cuti bersama Idul Fitri"),
        ("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"),
        ("2026-05-28", "Cuti bersama Idul Adha"),
        ("2026-12-24", "Cuti bersama Hari Raya Natal"),
    ),
    2027: (),
}

PROVISIONAL_YEARS = frozenset({2027})
KNOWN_YEARS = frozenset(_HOLIDAYS)


@functools.cache
def _calendar() -> dict[dt.date, str]:
    days: dict[dt.date, str] = {}
    for table in (_HOLIDAYS, _JOINT_LEAVE):
        for rows in table.values():
            for iso, name in rows:
                days[dt.date.fromisoformat(iso)] = name
    return days


def _extra() -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(d) for d in getattr(settings, "SINERGI_EXTRA_HOLIDAYS", ()))


def holiday_name(day: dt.date) -> str:
    """The name of the holiday or cuti bersama on ``day``; "" on an ordinary day."""
    if day in _extra():
        return "Libur daerah"
    return _calendar().get(day, "")


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and neither a national holiday, a cuti bersama nor an office's extra closed day."""
    return day.weekday() < 5 and day not in _calendar() and day not in _extra()


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted); ``start`` for n = 0."""
    day, left = start, n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def zone(label: str) -> zoneinfo.ZoneInfo:
    """The zone of a WIB, WITA or WIT label (WIB for anything else)."""
    return zoneinfo.ZoneInfo(ZONES.get(label, ZONES["WIB"]))


def local_day(moment: dt.datetime, label: str) -> dt.date:
    """The calendar day of ``moment`` (aware) in the office's zone."""
    return moment.astimezone(zone(label)).date()


def deadline(moment: dt.datetime, n: int, label: str) -> dt.datetime:
    """The end (23:59:59.999999 local) of the ``n``-th working day after the local day of ``moment``."""
    day = add_working_days(local_day(moment, label), n)
    return dt.datetime.combine(day, dt.time.max, tzinfo=zone(label))
