"""NIP parsing: the parts it holds, and a precise message for each kind of bad number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sinergi.market.identifiers import parse_nip

TODAY = dt.date(2026, 12, 7)


def test_a_good_nip_read_into_its_parts():
    nip = parse_nip("19850705 201001 2 003", today=TODAY)
    assert nip.number == "198507052010012003"
    assert nip.birth_date == dt.date(1985, 7, 5)
    assert nip.appointed == (2010, 1)
    assert nip.sex == "P"
    assert nip.serial == 3
    assert nip.display == "19850705 201001 2 003"


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("", "nip_empty", "Enter the NIP"),
        ("19850705201001200", "nip_length", "has 17"),
        ("1985070520100120031", "nip_length", "has 19"),
        ("19850705-201001-2-003", "nip_chars", "“-”"),
        ("1985O7052010012003", "nip_chars", "“O”"),
        ("198502302010012003", "nip_birth", "19850230 is not a date"),
        ("198513052010012003", "nip_birth", "not a date"),
        ("203001012050011001", "nip_birth_future", "in the future"),
        ("198507052010132003", "nip_appointment", "201013 is not a month"),
        ("198507052030012003", "nip_appointment_future", "01/2030"),
        ("198507052003062003", "nip_too_young", "before the age of 18"),
        ("198507052010013003", "nip_sex", "not 3"),
        ("198507052010012000", "nip_serial", "000"),
    ],
)
def test_bad_nips_get_a_precise_message(value, code, words):
    with pytest.raises(ValidationError) as exc:
        parse_nip(value, today=TODAY)
    assert exc.value.code == code
    assert words in exc.value.messages[0]


def test_appointment_in_the_month_of_the_18th_birthday_is_allowed():
    assert parse_nip("198507052003071001", today=TODAY).appointed == (2003, 7)
