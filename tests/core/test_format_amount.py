"""The exact decimal text every output writes for an amount (results.json, CSV, explain)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osms_payroll.money import format_amount


@pytest.mark.parametrize(("amount", "text"), [
    ("15000.00", "15000"),      # whole tenge: no point, no tiyn
    ("850000.50", "850000.5"),  # trailing zero of the tiyn dropped
    ("0.10", "0.1"),
    ("0.00", "0"),
    ("100", "100"),             # zeros before the point are kept
    ("1E+3", "1000"),           # a Decimal in exponent form is written out
    ("5E+1", "50"),
    ("12.345000", "12.345"),
    ("1E-7", "0.0000001"),
])
def test_exact_text(amount, text):
    assert format_amount(Decimal(amount)) == text


@given(st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False))
def test_text_reads_back_to_the_amount(amount):
    """Whatever the exponent a Decimal carries, the text is plain digits that read back to the same
    number, with nothing after the point that could be dropped."""
    text = format_amount(amount)
    assert Decimal(text) == amount
    assert "E" not in text.upper()
    whole, point, fraction = text.partition(".")
    assert whole == "0" or not whole.startswith("0")
    assert not point or (fraction and not fraction.endswith("0"))
