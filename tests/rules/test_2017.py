"""2017: МЗП 24 459; ООСМС 1 % from July, cap 15 МЗП, floor 1 МЗП; ГПХ 5 %; ИП 5 % × 2 МЗП.

Source of each expectation: shared/domain/osms-rules.md §1–§4 (hand arithmetic in comments).
"""

from __future__ import annotations

from decimal import Decimal

import pytest



def test_before_july_nothing_is_due(compute):
    result = compute("2017-06", "500000")
    assert result.oosms.amount == 0 and result.vosms.amount == 0
    assert result.oosms.not_due == "no_rate"
    assert result.exempt_reason is None


def test_fund_published_maximum_3669(compute):
    # 15 × 24 459 = 366 885; × 1 % = 3 668.85 → 3 669 (ФСМС's 2017 example)
    result = compute("2017-07", "1000000")
    assert result.oosms.base_before_cap == Decimal("1000000")
    assert result.oosms.base == Decimal("366885")
    assert result.oosms.amount == Decimal("3669")


def test_floor_of_one_mzp(compute):
    # 10 000 < 24 459 → object counts as 24 459; × 1 % = 244.59 → 245
    result = compute("2017-12", "10000")
    assert result.oosms.floor_applied
    assert (result.oosms.base, result.oosms.amount) == (Decimal("24459"), Decimal("245"))


def test_no_income_no_floor(compute):
    result = compute("2017-09", "0")
    assert result.oosms.amount == 0 and result.oosms.not_due == "no_object"


def test_no_employee_vosms(compute):
    result = compute("2017-09", "300000")
    assert result.vosms.amount == 0 and result.vosms.not_due == "no_rate"


@pytest.mark.parametrize(
    ("gross", "base", "amount"),
    [
        ("100000", "100000", "5000"),  # 5 % × 100 000
        ("10000", "24459", "1223"),  # floor: 5 % × 24 459 = 1 222.95 → 1 223
        ("1000000", "366885", "18344"),  # cap: 5 % × 366 885 = 18 344.25 → 18 344
    ],
)
def test_gpc_five_percent_with_employer_cap_and_floor(compute, gross, base, amount):
    result = compute("2017-10", gross, "gpc")
    assert (result.vosms.base, result.vosms.amount) == (Decimal(base), Decimal(amount))
    assert result.oosms.amount == 0 and result.oosms.not_due == "category"
    # The cap and floor are 405-V art. 29 p.3 parts 2 and 5 (80-VI), read in the primary text in
    # December 2026 (osms-rules.md §11a): H, so no longer warned about.
    assert not any("vosms_gpc.base" in w for w in result.warnings)
    assert {"vosms_gpc.base_cap_mzp@2017-07", "vosms_gpc.base_floor_mzp@2017-07"} <= {p.ref for p in result.vosms.parameters}


def test_ip_for_themselves_two_mzp(compute):
    # 5 % × 2 × 24 459 = 2 445.9 → 2 446, whatever the income
    assert compute("2017-08", "0", "ip_self").vosms.amount == Decimal("2446")
    assert compute("2017-08", "9999999", "ip_self").vosms.amount == Decimal("2446")


@pytest.mark.parametrize("category", ["voluntary", "ip_inactive"])
@pytest.mark.parametrize("period", ["2017-08", "2018-06", "2019-12"])
def test_self_payers_owe_nothing_before_2020(compute, category, period):
    # 80-VI set self-payers at 5 % from 01.01.2018; 122-VI moved that to 01.01.2020 (405-V art. 28
    # p.4, osms-rules.md §11a): a month from 2017-07 to 2019-12 is 0 with the citation, not refused.
    result = compute(period, "0", category)
    assert (result.vosms.amount, result.vosms.not_due) == (Decimal("0"), "no_rate")
    (rate,) = result.vosms.parameters
    assert rate.decimal == 0 and "ст. 28 п.4" in rate.source and "122-VI" in rate.source
    assert "before 2020" in (result.vosms.reason or "")
    assert not result.warnings
