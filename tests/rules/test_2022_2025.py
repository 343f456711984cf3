"""2022–2025: ООСМС 3 %, ВОСМС 2 %, both capped at 10 МЗП: МЗП 60 000 (2022), 70 000 (2023),
85 000 (2024–2025). Self-payers 5 % × 1.4 / 1 МЗП (osms-rules.md §1–§4)."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.mark.parametrize(
    ("period", "oosms", "vosms", "ip_self", "voluntary"),
    [
        ("2022-11", "18000", "12000", "4200", "3000"),  # 600 000 × 3 % / 2 %; 5 % × 84 000 / 60 000
        ("2023-02", "21000", "14000", "4900", "3500"),  # 700 000 × 3 % / 2 %; 5 % × 98 000 / 70 000
        ("2024-07", "25500", "17000", "5950", "4250"),  # 850 000 × 3 % / 2 %; 5 % × 119 000 / 85 000
        ("2025-12", "25500", "17000", "5950", "4250"),
    ],
)
def test_maxima_and_self_payers(compute, period, oosms, vosms, ip_self, voluntary):
    capped = compute(period, "5000000")
    assert (capped.oosms.amount, capped.vosms.amount) == (Decimal(oosms), Decimal(vosms))
    assert compute(period, "0", "ip_self").vosms.amount == Decimal(ip_self)
    assert compute(period, "0", "voluntary").vosms.amount == Decimal(voluntary)


def test_half_up_rounding(compute):
    # 3 % × 50 016.50 = 1 500.495 → 1 500; 2 % × 50 016.50 = 1 000.33 → 1 000
    # 3 % × 50 016.67 = 1 500.5001 → 1 501 (half up)
    low = compute("2024-03", "50016.50")
    assert (low.oosms.amount, low.vosms.amount) == (Decimal("1500"), Decimal("1000"))
    assert compute("2024-03", "50016.67").oosms.amount == Decimal("1501")
    # 2 % × 25 025 = 500.5 exactly → 501 (half up, not half even)
    assert compute("2024-03", "25025").vosms.amount == Decimal("501")


@pytest.mark.parametrize(
    "category", ["pensioner", "disabled", "student", "award_mother", "parental_leave", "military", "foreigner"]
)
def test_exempt_categories(compute, category):
    result = compute("2023-05", "900000", category)
    assert result.exempt_reason == category
    assert result.oosms.amount == result.vosms.amount == 0
    assert result.oosms.not_due == result.vosms.not_due == "exempt"
