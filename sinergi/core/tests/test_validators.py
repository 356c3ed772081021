"""NIK, NIB, NPWP, KBLI and phone rules (DOMAIN.md: Identifiers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sinergi.core.validators import (
    check_nik_agrees,
    normalize_kbli,
    normalize_nib,
    normalize_npwp,
    normalize_phone_id,
    parse_nik_strict,
)

TODAY = dt.date(2026, 11, 23)


def codes(value: str) -> str:
    with pytest.raises(ValidationError) as exc:
        parse_nik_strict(value, today=TODAY)
    return exc.value.code or ""


def test_male_nik_decodes_region_birth_date_and_sex():
    nik = parse_nik_strict("1708011508950001", today=TODAY)
    assert (nik.province_code, nik.kabupaten_code, nik.kecamatan_code) == ("17", "17.08", "17.08.01")
    assert nik.sex == "L"
    assert nik.birth_date == dt.date(1995, 8, 15)


def test_female_day_has_forty_added():
    nik = parse_nik_strict("1708015508950001", today=TODAY)
    assert nik.sex == "P"
    assert nik.birth_date == dt.date(1995, 8, 15)


@pytest.mark.parametrize(("day", "sex"), [("41", "P"), ("71", "P"), ("01", "L"), ("31", "L")])
def test_day_ranges_for_men_and_women(day, sex):
    assert parse_nik_strict(f"170801{day}0190" + "0001", today=TODAY).sex == sex


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_impossible_days_are_rejected(day):
    assert codes(f"170801{day}0190" + "0001") == "nik_birth_date"


def test_29_february_only_in_leap_years():
    assert parse_nik_strict("1708012902000001", today=TODAY).birth_date == dt.date(2000, 2, 29)
    assert parse_nik_strict("1708016902960001", today=TODAY).birth_date == dt.date(1996, 2, 29)
    assert codes("1708012902990001") == "nik_birth_date"


def test_century_chosen_so_birth_date_is_not_in_the_future():
    # 24 December '26 would be next month: it must be 1926.
    assert parse_nik_strict("1708012412260001", today=TODAY).birth_date == dt.date(1926, 12, 24)
    assert parse_nik_strict("1708011011260001", today=TODAY).birth_date == dt.date(2026, 11, 10)
    assert parse_nik_strict("1708011508300001", today=TODAY).birth_date == dt.date(1930, 8, 15)


def test_wrong_province_code():
    assert codes("9908011508950001") == "nik_province"
    assert codes("0008011508950001") == "nik_province"


def test_zero_kabupaten_or_kecamatan():
    assert codes("1700011508950001") == "nik_region"
    assert codes("1708001508950001") == "nik_region"


def test_letters_and_length():
    assert codes("17080115O8950001") == "nik_chars"
    assert codes("170801150895001") == "nik_length"
    assert codes("17080115089500011") == "nik_length"


def test_separators_are_allowed_and_removed():
    assert parse_nik_strict(" 1708 0115 0895 0001 ", today=TODAY).number == "1708011508950001"
    assert parse_nik_strict("17.08.01-150895-0001", today=TODAY).number == "1708011508950001"


def test_serial_zero_rejected():
    assert codes("1708011508950000") == "nik_serial"


def test_messages_are_precise():
    with pytest.raises(ValidationError) as exc:
        parse_nik_strict("170801150895001", today=TODAY)
    assert "15" in exc.value.messages[0]


def test_agreement_with_entered_birth_date_and_sex():
    nik = parse_nik_strict("1708015508950001", today=TODAY)
    assert check_nik_agrees(nik=nik, birth_date=dt.date(1995, 8, 15), sex="P") == {}
    errors = check_nik_agrees(nik=nik, birth_date=dt.date(1995, 8, 16), sex="L")
    assert set(errors) == {"birth_date", "sex"}
    assert "15-08-1995" in errors["birth_date"]


def test_nib_is_13_digits():
    assert normalize_nib("1234 5678 90123") == "1234567890123"
    for bad in ["123456789012", "12345678901234", "12345678901A3"]:
        with pytest.raises(ValidationError):
            normalize_nib(bad)


def test_npwp_15_or_16_digits():
    assert normalize_npwp("01.234.567.8-901.000") == "012345678901000"
    assert normalize_npwp("3201011508950001") == "3201011508950001"
    with pytest.raises(ValidationError):
        normalize_npwp("01.234.567.8-901.00")


def test_kbli_five_digits():
    assert normalize_kbli("10792") == "10792"
    for bad in ["1079", "107921", "1079a"]:
        with pytest.raises(ValidationError):
            normalize_kbli(bad)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0341) 551234", "+62341551234"),
    ],
)
def test_phone_normalised_to_e164(raw, e164):
    assert normalize_phone_id(raw) == e164


@pytest.mark.parametrize("raw", ["12345", "08123", "phone"])
def test_bad_phone_rejected(raw):
    with pytest.raises(ValidationError):
        normalize_phone_id(raw)
