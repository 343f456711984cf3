"""Payslip cases: one employee born in 1990 (so ОПВР applies) unless a case says otherwise.

Expected amounts are worked by hand in each test's comments from osms-rules.md §1 and §6:
each payment rounded half up to whole tenge, later bases using the rounded amounts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from osms_payroll import PayLine, Payslip, Period, calculate_payslip
from tests.conftest import iin_for

BORN_1990 = iin_for(date(1990, 6, 15))


def _slip(period: str, gross: str, category: str = "employee", *, iin: str = BORN_1990, **inputs: Any) -> Payslip:
    return calculate_payslip(PayLine(iin=iin, period=Period.parse(period), gross=Decimal(gross), category=category, **inputs))


@pytest.fixture
def slip() -> Callable[..., Payslip]:
    return _slip


def amounts(payslip: Payslip) -> dict[str, Decimal]:
    """Every money line of a payslip, by contract name."""
    return {
        "opv": payslip.opv.amount,
        "vosms": payslip.vosms.amount,
        "ipn": payslip.ipn.amount,
        "net": payslip.net,
        "oosms": payslip.oosms.amount,
        "opvr": payslip.opvr.amount,
        "so": payslip.so.amount,
        "sn": payslip.sn.amount,
        "employer_cost": payslip.employer_cost,
    }


def expect(**values: int) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in values.items()}
