"""2018–2019: ООСМС 1.5 %; cap 15 МЗП (2018, МЗП 28 284) then 10 МЗП (2019, МЗП 42 500);
no floor; no ВОСМС from employees, ГПХ or ИП (osms-rules.md §2–§4)."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.mark.parametrize(
    ("period", "gross", "base", "amount"),
    [
        ("2018-05", "1000000", "424260", "6364"),  # 15 × 28 284 = 424 260; × 1.5 % = 6 363.9 → 6 364
        ("2018-01", "10000", "10000", "150"),  # no floor from 2018: 1.5 % × 10 000
        ("2018-03", "33333.33", "33333.33", "500"),  # 499.99995 → 500
        ("2019-11", "1000000", "425000", "6375"),  # 10 × 42 500 = 425 000; × 1.5 % = 6 375
        ("2019-02", "425000", "425000", "6375"),
    ],
)
def test_oosms(compute, period, gross, base, amount):
    result = compute(period, gross)
    assert (result.oosms.base, result.oosms.amount) == (Decimal(base), Decimal(amount))
    assert result.vosms.amount == 0 and result.vosms.not_due == "no_rate"


@pytest.mark.parametrize("period", ["2018-06", "2019-12"])
@pytest.mark.parametrize("category", ["gpc", "ip_self"])
def test_postponed_vosms(compute, period, category):
    result = compute(period, "500000", category)
    assert result.vosms.amount == 0 and result.vosms.not_due == "no_rate"
    assert result.oosms.amount == 0
