"""Properties that must hold for any income, period and category (Hypothesis)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll import PayLine, Period, calculate, calculate_many, default_params
from tests.conftest import iin_for

ADULT = iin_for(date(1980, 6, 15))
PERIODS = st.builds(Period, st.integers(2017, 2026), st.integers(1, 12))
MONEY = st.decimals(min_value=0, max_value=20_000_000, places=2, allow_nan=False, allow_infinity=False)
PAYROLL_CATEGORIES = st.sampled_from(["employee", "gpc"])
EXEMPT = st.sampled_from(["pensioner", "disabled", "student", "award_mother", "parental_leave", "military", "foreigner"])


def line(period: Period, gross: Decimal, category: str = "employee", other: Decimal = Decimal(0)) -> PayLine:
    return PayLine(iin=ADULT, period=period, gross=gross, category=category, vosms_other_income=other)


@settings(max_examples=150)
@given(PERIODS, MONEY, MONEY, PAYROLL_CATEGORIES)
def test_monotone_in_gross(period, a, b, category):
    low, high = sorted((a, b))
    r_low, r_high = calculate(line(period, low, category)), calculate(line(period, high, category))
    assert r_low.oosms.amount <= r_high.oosms.amount
    assert r_low.vosms.amount <= r_high.vosms.amount


@settings(max_examples=100)
@given(PERIODS, MONEY, PAYROLL_CATEGORIES)
def test_flat_above_the_cap(period, extra, category):
    mzp = default_params().value("mzp", period).decimal
    at_cap = line(period, mzp * 40, category)  # 40 МЗП is at or above every cap of 2017–2026
    above = line(period, mzp * 40 + extra, category)
    assert calculate(at_cap).oosms.amount == calculate(above).oosms.amount
    assert calculate(at_cap).vosms.amount == calculate(above).vosms.amount


@settings(max_examples=100)
@given(PERIODS, MONEY, EXEMPT)
def test_exempt_means_zero(period, gross, category):
    result = calculate(line(period, gross, category))
    assert result.exempt_reason == category
    assert result.oosms.amount == result.vosms.amount == result.oosms.base == result.vosms.base == 0


@settings(max_examples=100)
@given(PERIODS, MONEY, MONEY)
def test_vosms_base_never_exceeds_what_is_left_of_the_cap(period, gross, other):
    result = calculate(line(period, gross, other=other))
    if result.vosms.rule.cap is not None:
        assert result.vosms.base <= max(result.vosms.rule.cap - other, Decimal(0))
        assert result.vosms.base <= gross


@settings(max_examples=60)
@given(PERIODS, st.lists(MONEY, min_size=1, max_size=5))
def test_lines_of_one_month_equal_their_sum_on_one_line(period, parts):
    (split,) = calculate_many([line(period, part) for part in parts])
    whole = calculate(line(period, sum(parts, Decimal(0))))
    assert (split.oosms.amount, split.vosms.amount) == (whole.oosms.amount, whole.vosms.amount)
    assert len(split.person.lines) == len(parts)


@settings(max_examples=40)
@given(st.lists(st.tuples(st.integers(1, 28), MONEY), min_size=1, max_size=20), PERIODS)
def test_amounts_are_whole_tenge(people, period):
    lines = [PayLine(iin=iin_for(date(1970, 1, day)), period=period, gross=gross) for day, gross in people]
    for result in calculate_many(lines):
        assert result.oosms.amount == result.oosms.amount.to_integral_value()
        assert result.vosms.amount == result.vosms.amount.to_integral_value()
