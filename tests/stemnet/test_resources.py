"""The shared cell parsers of the import resources (stemnet/resources.py)."""

from decimal import Decimal

import pytest

from stemnet.resources import parse_amount, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", Decimal("1234.00")),
        ("12,5", Decimal("12.50")),
        ("43.99", Decimal("43.99")),
        ("1.250,00", Decimal("1250.00")),
        ("29 012,01", Decimal("29012.01")),
        ("€ 65000", Decimal("65000.00")),
        ("", Decimal("0.00")),
    ],
)
def test_amounts_with_a_dot_or_a_flemish_comma(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["-5", "1,234.50", "1.250", "12,505", "abc", "1e3"])
def test_ambiguous_negative_or_malformed_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", Decimal("1234")),
        ("43,99", Decimal("43.99")),
        ("1.234,5", Decimal("1234.5")),
    ],
)
def test_numbers(text, expected):
    assert parse_number(text) == expected


def test_an_english_thousands_separator_is_not_read_as_a_decimal_comma():
    with pytest.raises(ValueError):
        parse_number("1,234.50")
