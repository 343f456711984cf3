"""Rule cases by effective period: one adult (born 1985) employee unless a case says otherwise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from osms_payroll import PayLine, Period, Result, calculate
from tests.conftest import iin_for

ADULT = iin_for(date(1985, 3, 14))


def _compute(period: str, gross: str, category: str = "employee", *, other: str = "0", iin: str = ADULT) -> Result:
    return calculate(
        PayLine(iin=iin, period=Period.parse(period), gross=Decimal(gross), category=category, vosms_other_income=Decimal(other))
    )


@pytest.fixture
def compute() -> Callable[..., Result]:
    return _compute
