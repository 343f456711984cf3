"""2020–2021: МЗП 42 500; ООСМС 2 %, cap 10 МЗП (max 8 500); ВОСМС 1 % (2020) then 2 % (2021),
cap 10 МЗП over all employers; ИП 5 % × 1.4 МЗП = 2 975, voluntary 5 % × 1 МЗП = 2 125
(osms-rules.md §2–§4; the fund's 2020 figures 2 125 and 2 975)."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.mark.parametrize(
    ("period", "oosms", "vosms"),
    [
        ("2020-03", "8500", "4250"),  # 2 % and 1 % of 425 000
        ("2021-06", "8500", "8500"),  # 2 % and 2 % of 425 000
    ],
)
def test_published_maxima(compute, period, oosms, vosms):
    result = compute(period, "2000000")
    assert (result.oosms.amount, result.vosms.amount) == (Decimal(oosms), Decimal(vosms))
    assert result.oosms.base == result.vosms.base == Decimal("425000")


def test_vosms_cap_counts_other_employers(compute):
    # cap 425 000 − 300 000 declared elsewhere = 125 000 left; 2 % × 125 000 = 2 500
    result = compute("2021-04", "200000", other="300000")
    assert result.vosms.cap_available == Decimal("125000")
    assert (result.vosms.base, result.vosms.amount) == (Decimal("125000"), Decimal("2500"))
    assert result.oosms.amount == Decimal("4000")  # ООСМС ignores other employers: 2 % × 200 000


def test_cap_used_up_elsewhere(compute):
    result = compute("2020-09", "100000", other="425000")
    assert result.vosms.amount == 0 and result.vosms.not_due == "cap_used"


@pytest.mark.parametrize("period", ["2020-01", "2021-12"])
def test_self_payers(compute, period):
    assert compute(period, "0", "ip_self").vosms.amount == Decimal("2975")
    assert compute(period, "0", "voluntary").vosms.amount == Decimal("2125")
    inactive = compute(period, "0", "ip_inactive")
    assert inactive.vosms.amount == Decimal("2125")
    assert any("confidence M" in w for w in inactive.warnings)
    assert inactive.vosms.rule.knp == "122" and inactive.oosms.amount == 0


def test_gpc_pays_vosms_only(compute):
    # 2 % × 425 000 (cap) = 8 500 — golden case 870327378242
    result = compute("2021-06", "2487356.84", "gpc")
    assert (result.oosms.amount, result.vosms.amount) == (0, Decimal("8500"))
    assert result.exempt_reason is None
