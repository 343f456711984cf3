"""Splitting an order's penalty over its persons: exact sum, shares within a tiyn of proportional."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from osms_payroll.engine.penalty import allocate

TIYN = Decimal("0.01")


def test_hand_split():
    # 50 × 3 000 / 12 300 = 12.195…, 50 × 9 300 / 12 300 = 37.804…: floors 12.19 + 37.80 = 49.99;
    # the missing tiyn goes to the larger remainder (0.005… > 0.004…) → 12.20 + 37.80 = 50.
    assert allocate(Decimal(50), [("a", Decimal(3000)), ("b", Decimal(9300))]) == [("a", Decimal("12.20")), ("b", Decimal("37.80"))]
    # 1 tenge over three equal lines: 0.333… each; one tiyn left, to the first in list order.
    assert allocate(Decimal(1), [("a", Decimal(5)), ("b", Decimal(5)), ("c", Decimal(5))]) == [
        ("a", Decimal("0.34")), ("b", Decimal("0.33")), ("c", Decimal("0.33")),
    ]
    # A share that rounds to nothing is left out of the list.
    assert allocate(Decimal("0.01"), [("a", Decimal(1)), ("b", Decimal(100000))]) == [("b", Decimal("0.01"))]
    assert allocate(Decimal(0), [("a", Decimal(1))]) == []


@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.integers(min_value=1, max_value=10**8), min_size=1, max_size=40),
)
def test_shares_add_up_and_stay_within_a_tiyn(penalty, amounts):
    people = [(str(i), Decimal(a)) for i, a in enumerate(amounts)]
    shares = dict(allocate(Decimal(penalty), people))
    assert sum(shares.values(), Decimal(0)) == penalty
    total = sum(Decimal(a) for a in amounts)
    for key, amount in people:
        exact = Decimal(penalty) * amount / total
        assert abs(shares.get(key, Decimal(0)) - exact) < TIYN
