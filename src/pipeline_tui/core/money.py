"""An offer's money as users type and read it: "95,000" or "95000.50" in, "95,000.00 EUR" out.

Kept in core so the CLI, a dialog and the store check an amount and a currency the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline_tui.core.errors import InvalidInput

CENT = Decimal("0.01")
# The offer table's NUMERIC(14, 2): twelve digits before the point.
LARGEST = Decimal("999999999999.99")
_CURRENCY = re.compile(r"[A-Z]{3}")


def parse_amount(text: str) -> Decimal:
    """A salary as typed ("95000", "95,000.00", "95 000"): positive or zero, at most two decimals."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "").replace("_", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput(
            f"cannot read {text!r} as an amount: write digits such as 95000 or 95000.50"
        ) from None
    return checked_amount(amount, shown=text)


def checked_amount(amount: Decimal, *, shown: object = None) -> Decimal:
    """The amount with two decimals, or one InvalidInput saying what is wrong with it."""
    shown = amount if shown is None else shown
    if not amount.is_finite():
        raise InvalidInput(f"cannot read {shown!r} as an amount: write digits such as 95000 or 95000.50")
    if amount < 0:
        raise InvalidInput(f"a salary cannot be negative ({shown})")
    if amount != amount.quantize(CENT):
        raise InvalidInput(f"{shown} has more than two decimals")
    if amount > LARGEST:
        raise InvalidInput(f"{shown} is too large for a salary")
    return amount.quantize(CENT)


def checked_currency(text: str) -> str:
    """An ISO 4217-style code: three letters, upper-cased ("eur" -> "EUR")."""
    code = (text or "").strip().upper()
    if not _CURRENCY.fullmatch(code):
        raise InvalidInput(f"currency {text!r} is not three letters (such as EUR, USD, GBP)")
    return code


def show_amount(amount: Decimal) -> str:
    """ "95,000.00": thousands separated, two decimals."""
    return f"{amount.quantize(CENT):,.2f}"


def show_money(amount: Decimal, currency: str) -> str:
    return f"{show_amount(amount)} {currency}"
