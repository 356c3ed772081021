"""Amounts and counts as they arrive from spreadsheets: words offices write, and numeric cells."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from sinergi.core.numbers import parse_amount_text, parse_count


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5 jt", Decimal(5_000_000)),
        ("5jt", Decimal(5_000_000)),
        ("5 JT.", Decimal(5_000_000)),
        ("5 juta", Decimal(5_000_000)),
        ("1,5 M", Decimal(1_500_000_000)),
        ("1,5 miliar", Decimal(1_500_000_000)),
        ("1,5 milyar", Decimal(1_500_000_000)),
        ("500 rb", Decimal(500_000)),
        ("500rb", Decimal(500_000)),
        ("500 ribu", Decimal(500_000)),
        ("2 T", Decimal(2_000_000_000_000)),
        ("2 triliun", Decimal(2_000_000_000_000)),
        ("Rp 5.000.000", Decimal(5_000_000)),
        ("1.250.000,00", Decimal("1250000.00")),
        ("Rp5.000.000,-", Decimal(5_000_000)),
        ("Rp 1,5 jt", Decimal(1_500_000)),
        ("IDR 2 jt", Decimal(2_000_000)),
        ("1.000 rupiah", Decimal(1000)),
        ("0,5 jt", Decimal(500_000)),
        ("1,2345678 jt", Decimal("1234567.8")),
        ("-5 jt", Decimal(-5_000_000)),
        ("Rp -250.000", Decimal(-250_000)),
        ("\xa05\xa0jt", Decimal(5_000_000)),
        (12, Decimal(12)),
        (-3, Decimal(-3)),
        (1250000.0, Decimal(1250000)),
        (2500000.5, Decimal("2500000.5")),
        (0.1, Decimal("0.1")),
        (0.30000000000000004, Decimal("0.3")),  # what Excel shows for 0.1 + 0.2
        (Decimal("1.50"), Decimal("1.5")),
    ],
)
def test_accepts_words_and_numeric_cells(value, expected):
    result = parse_amount_text(value)
    assert result == expected
    assert isinstance(result, Decimal)


def test_numeric_cells_carry_no_binary_noise():
    assert str(parse_amount_text(0.1)) == "0.1"
    assert str(parse_amount_text(1250000.0)) == "1250000"
    assert str(parse_amount_text("1,5 M")) == "1500000000"


def test_written_decimals_are_kept_without_a_word():
    assert str(parse_amount_text("1.250.000,00")) == "1250000.00"


def test_max_decimals_applies_after_multiplying():
    assert parse_amount_text("1,2345 rb", max_decimals=1) == Decimal("1234.5")
    with pytest.raises(ValidationError) as info:
        parse_amount_text("1,23456 rb", max_decimals=1)
    assert info.value.code == "amount_decimals"


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("5 lakh", "amount_unit", "“lakh”"),
        ("1,234567891 jt", "amount_decimals", "3 decimals"),
        (1 / 3, "amount_decimals", "15 decimals"),
        (Decimal("0.125"), "amount_decimals", "3 decimals"),
        (float("nan"), "amount_not_finite", "nan"),
        (float("inf"), "amount_not_finite", "inf"),
        (Decimal("NaN"), "amount_not_finite", "NaN"),
        (True, "amount_invalid", "True"),
        ([1], "amount_invalid", "[1]"),
        ("", "amount_empty", "Enter an amount"),
        ("jt", "amount_chars", "jt"),
        ("1.5 jt", "amount_ambiguous", "1,5"),
        ("1,255 M", "amount_ambiguous", "1.255"),
        ("$5 jt", "amount_chars", "$"),
    ],
)
def test_refuses_with_a_code_and_the_value(value, code, fragment):
    with override("en"), pytest.raises(ValidationError) as info:
        parse_amount_text(value)
    assert info.value.code == code
    assert fragment in info.value.messages[0]


def test_refusal_quotes_the_value_as_typed():
    with override("en"), pytest.raises(ValidationError) as info:
        parse_amount_text("Rp 1.5 jt")
    assert "“Rp 1.5 jt”" in info.value.messages[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("12 orang", 12), ("3 org", 3), (12, 12), (12.0, 12), ("1.200", 1200), ("0", 0), ("12,0", 12)],
)
def test_count_accepts_whole_numbers(value, expected):
    result = parse_count(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12,5", "count_fraction"),
        (12.5, "count_fraction"),
        ("-3", "count_negative"),
        (-3, "count_negative"),
        ("", "count_empty"),
        ("  ", "count_empty"),
        ("banyak", "count_invalid"),
        ("1.5", "count_invalid"),
        (True, "count_invalid"),
        (float("nan"), "count_invalid"),
    ],
)
def test_count_refuses(value, code):
    with override("en"), pytest.raises(ValidationError) as info:
        parse_count(value)
    assert info.value.code == code
    if str(value).strip():
        assert str(value) in info.value.messages[0]
