"""Cells to contract text: amounts as people type them, ИИН stored as numbers, periods as dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll.money import AmountError, parse_amount
from osms_payroll.period import Period
from tests.intake.builders import C
from osms_payroll.intake.cells import amount_from_text, amount_text, iin_text, period_in_titles, period_text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0234\u00a0567,89", "1234567.89"),
        ("1\u202f234,5", "1234.5"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("1'234'567.89", "1234567.89"),
        ("1234,5", "1234.5"),
        ("0,125", "0.125"),  # a decimal comma (a leading 0 is never a thousands group): the contract rejects 3 decimals
        ("1 234,567", "1234.567"),
        ("1.234.567", "1234567"),
        ("125000.50", "125000.50"),
        ("  650000 ", "650000"),
        ("1 234 ₸", "1234"),
        ("1234 тг.", "1234"),
        ("KZT 1234", "1234"),
        ("1 234,00 тенге", "1234.00"),
        ("-5", "-5"),
        ("(1 000)", "-1000"),
        ("1234.", "1234"),
        (",5", "0.5"),
        # left as they are, so the contract rejects them at the cell:
        ("1,234", "1,234"),  # thousands separator or decimal comma? not guessed
        ("1.2.3", "1.2.3"),
        ("12,34,56", "12,34,56"),
        ("abc", "abc"),
        ("1e3", "1e3"),
        ("#N/A", "#N/A"),
    ],
)
def test_amount_text_grammar(text, canonical):
    assert amount_from_text(text) == canonical


@pytest.mark.parametrize(
    ("cell", "canonical"),
    [
        (1234.56, "1234.56"),
        (100.0, "100"),
        (650000, "650000"),
        (0.1 + 0.2, "0.3"),  # a formula's binary residue, read as Excel shows it (15 significant digits)
        (1234.567, "1234.567"),  # a real third decimal stays, and the contract rejects it
        (1e16, "10000000000000000"),
        (None, None),
        ("", None),
        ("   ", None),
        (True, "TRUE"),
    ],
)
def test_amount_cells(cell, canonical):
    assert amount_text(cell) == canonical


def _styles(amount: Decimal) -> list[object]:
    two = f"{amount:.2f}"
    english = f"{amount:,.2f}"
    russian = english.replace(",", " ").replace(".", ",")
    return [
        two,
        str(amount),
        english,
        russian,
        russian.replace(" ", "\u00a0"),
        english.replace(",", "X").replace(".", ",").replace("X", "."),
        f"{russian} ₸",
        float(amount),
    ]


@settings(max_examples=300)
@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_every_spelling_of_an_amount_reads_as_the_same_decimal(amount):
    for spelling in _styles(amount):
        assert parse_amount(amount_text(spelling)) == amount, spelling  # type: ignore[arg-type]


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_any_text_is_either_canonical_or_left_unchanged(text):
    result = amount_text(text)
    if result is None:
        assert not text.strip()
        return
    if result != text.strip():
        body = result.removeprefix("-")
        assert body.replace(".", "", 1).isdigit() and body.isascii()


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_lone_comma_before_three_digits_is_never_guessed(whole, part):
    with pytest.raises(AmountError):
        parse_amount(amount_text(f"{whole},{part:03d}") or "")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12345678901.0, ("012345678901", True)),  # a number cell dropped the zero of someone born 2001
        (12345678901, ("012345678901", True)),
        (C[1:], (C, True)),  # a number column saved as CSV: the zero makes it valid
        ("12345678901", ("12345678901", False)),  # with the zero it is no ИИН: the contract reports the length
        (850314353054.0, ("850314353054", False)),
        ("850314353054", ("850314353054", False)),
        ("'012345678901", ("012345678901", False)),
        ("8503 1435 3054", ("8503 1435 3054", False)),  # the contract compacts spaces
        (1.5, ("1.5", False)),
        (None, (None, False)),
    ],
)
def test_iin_cells(cell, expected):
    assert iin_text(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2026, 10, 1), "2026-10"),
        (datetime(2026, 10, 31, 12, 0), "2026-10"),
        (46296, "2026-10"),  # Excel serial of 2026-10-01
        (46296.0, "2026-10"),
        ("46296", "2026-10"),
        (202610, "2026-10"),
        ("2026-10", "2026-10"),
        ("2026-1", "2026-01"),
        ("2026-10-15", "2026-10"),
        ("10.2026", "2026-10"),
        ("01.10.2026", "2026-10"),
        ("202610", "2026-10"),
        ("октябрь 2026", "2026-10"),
        ("Октября 2026 г.", "2026-10"),
        ("2026 ж. қазан", "2026-10"),
        ("October 2026", "2026-10"),
        ("2024/05", "2024/05"),  # not a spelling we read: the contract says period.format
        ("2026-13", "2026-13"),
        ("скоро", "скоро"),
        (None, None),
    ],
)
def test_period_cells(cell, expected):
    assert period_text(cell) == expected


def test_period_in_report_titles():
    assert period_in_titles(["ТОО «Ромашка»", "Свод начислений и удержаний за октябрь 2026 г."]) == Period(2026, 10)
    assert period_in_titles(["Расчетная ведомость с 01.10.2026 по 31.10.2026"]) == Period(2026, 10)
    assert period_in_titles(["за октябрь 2026 г.", "Сформирован 05.11.2026"]) == Period(2026, 10)  # the month in words wins
    assert period_in_titles(["с 01.10.2026 по 30.11.2026"]) is None
    assert period_in_titles(["ТОО «Ромашка»"]) is None
