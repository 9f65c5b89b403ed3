"""Amounts and currencies as users type them for an offer, and as every screen and command shows them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.money import checked_currency, parse_amount, show_amount, show_money


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("95000", "95000.00"),
        ("95,000.50", "95000.50"),
        ("95 000", "95000.00"),
        ("0", "0.00"),
        (" 7.5 ", "7.50"),
    ],
)
def test_amounts_as_typed(typed, amount):
    assert parse_amount(typed) == Decimal(amount)
    assert str(parse_amount(typed)) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "cannot read 'abc' as an amount"),
        ("", "cannot read '' as an amount"),
        ("NaN", "cannot read 'NaN' as an amount"),
        ("Infinity", "cannot read 'Infinity' as an amount"),
        ("-1", "cannot be negative"),
        ("1.005", "more than two decimals"),
        ("1e15", "too large"),
    ],
)
def test_bad_amounts_are_one_sentence(typed, message):
    with pytest.raises(InvalidInput, match=message):
        parse_amount(typed)


def test_currencies_are_three_letters_upper_cased():
    assert checked_currency(" eur ") == "EUR"
    for bad in ("EU", "EURO", "E1R", "€", ""):
        with pytest.raises(InvalidInput, match="is not three letters"):
            checked_currency(bad)


def test_shown_with_thousands_and_cents():
    assert show_amount(Decimal("1234567.5")) == "1,234,567.50"
    assert show_money(Decimal("95000"), "EUR") == "95,000.00 EUR"
