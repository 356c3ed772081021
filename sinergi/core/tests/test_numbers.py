"""Indonesian amount parsing: what officers type, and what must be refused rather than guessed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sinergi.core.numbers import format_rupiah, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000,00", Decimal("1250000.00")),
        ("1250000", Decimal("1250000")),
        ("1.250.000", Decimal("1250000")),
        ("Rp 5.000.000", Decimal("5000000")),
        ("Rp5.000.000", Decimal("5000000")),
        ("Rp. 5.000.000,50", Decimal("5000000.50")),
        ("rp 750.000", Decimal("750000")),
        ("IDR 1.000", Decimal("1000")),
        ("Rp5.000.000,-", Decimal("5000000")),
        ("Rp 12.500,--", Decimal("12500")),
        ("  2.000.000.000  ", Decimal("2000000000")),
        ("1,5", Decimal("1.5")),
        ("0,75", Decimal("0.75")),
        (",5", Decimal("0.5")),
        ("1.500", Decimal("1500")),
        ("0", Decimal("0")),
        ("-250.000", Decimal("-250000")),
        ("Rp -250.000", Decimal("-250000")),
    ],
)
def test_accepts_indonesian_notation(text, expected):
    result = parse_amount(text)
    assert result == expected
    assert isinstance(result, Decimal)


def test_keeps_the_written_decimals():
    assert str(parse_amount("1.250.000,00")) == "1250000.00"


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("", "amount_empty", "Enter an amount"),
        ("   ", "amount_empty", "Enter an amount"),
        ("Rp", "amount_no_digits", "no digits"),
        ("1.5", "amount_ambiguous", "1,5"),
        ("12.50", "amount_ambiguous", "12,50"),
        ("1,500", "amount_ambiguous", "1.500"),
        ("1,250,000", "amount_english", "1.250.000,00"),
        ("1,250,000.00", "amount_english", "Indonesian way"),
        ("1.25.000", "amount_grouping", "3 digits"),
        ("12.3456.789", "amount_grouping", "3 digits"),
        ("1.250.000,", "amount_trailing_comma", "ends with a comma"),
        ("1,255", "amount_ambiguous", "1.255"),
        ("1.000,555", "amount_decimals", "3 decimals"),
        ("5 juta", "amount_chars", "juta"),
        ("5 000", "amount_chars", "“ ”"),
        ("$5", "amount_chars", "$"),
        ("1e6", "amount_chars", "e"),
    ],
)
def test_refuses_with_a_precise_message(text, code, fragment):
    with pytest.raises(ValidationError) as info:
        parse_amount(text)
    assert info.value.code == code
    assert fragment in info.value.messages[0]
    # The message quotes what was typed so the officer can find it on the form.
    if text.strip():
        assert text in info.value.messages[0]


def test_max_decimals_is_adjustable():
    assert parse_amount("1,2345", max_decimals=4) == Decimal("1.2345")
    with pytest.raises(ValidationError):
        parse_amount("1,23", max_decimals=0)


@pytest.mark.parametrize(
    ("amount", "decimals", "text"),
    [
        (Decimal("1250000"), 0, "Rp 1.250.000"),
        (Decimal("1250000.5"), 2, "Rp 1.250.000,50"),
        (Decimal("0"), 0, "Rp 0"),
        (Decimal("-5000"), 0, "-Rp 5.000"),
        (None, 0, ""),
    ],
)
def test_format_rupiah(amount, decimals, text):
    assert format_rupiah(amount, decimals=decimals) == text


def test_format_then_parse_round_trips():
    amount = Decimal("987654321.09")
    assert parse_amount(format_rupiah(amount, decimals=2)) == amount
