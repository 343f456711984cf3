"""Periods order by time: year first, then month (the comparisons are written by hand for speed)."""

from __future__ import annotations

import operator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osms_payroll.period import Period

PERIODS = st.builds(Period, st.integers(1990, 2040), st.integers(1, 12))


@given(PERIODS, PERIODS)
def test_periods_compare_as_calendar_months(a, b):
    months_a, months_b = a.year * 12 + a.month, b.year * 12 + b.month  # months since year 0: an independent order
    for compare in (operator.lt, operator.le, operator.gt, operator.ge, operator.eq):
        assert compare(a, b) == compare(months_a, months_b)


def test_a_december_comes_before_the_next_january_and_after_its_own_november():
    assert Period(2025, 12) < Period(2026, 1) and Period(2025, 12) > Period(2025, 11)
    assert sorted([Period(2026, 1), Period(2017, 7), Period(2025, 12)]) == [Period(2017, 7), Period(2025, 12), Period(2026, 1)]
    assert min(Period(2026, 3), Period(2026, 2)) == Period(2026, 2)


def test_a_period_is_not_ordered_against_other_things():
    with pytest.raises(TypeError):
        Period(2026, 1) < (2026, 1)  # noqa: B015
