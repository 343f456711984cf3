"""2025: МЗП 85 000, МРП 3 932. As 2024 but the deduction is 14 × 3 932 = 55 048, the adjustment
limit 25 × 3 932 = 98 300, ОПВР 2.5 %, СО 5 % and СН 11 % less СО (osms-rules.md §1, §6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.conftest import iin_for
from tests.payslip.conftest import amounts, expect


def test_worked_month_of_the_fact_base(slip):
    # osms-rules.md §6, 2025 at 500 000, line by line
    result = slip("2025-11", "500000")
    assert amounts(result) == expect(
        opv=50000, vosms=10000, ipn=38495, net=401505, oosms=15000, opvr=12500, so=22500, sn=25900,
        employer_cost=575900,
    )
    # ИПН: 500 000 − 50 000 − 10 000 − 55 048 = 384 952 × 10 % = 38 495.2 → 38 495
    assert result.ipn_base == Decimal("384952")
    # СН: 440 000 × 11 % = 48 400 − СО 22 500 = 25 900
    assert [(s.what, s.amount) for s in result.sn.steps][-3:] == [
        ("rounded", Decimal("48400")), ("− СО", Decimal("22500")), ("= СН", Decimal("25900")),
    ]


def test_sn_below_zero_after_the_so_offset_is_zero(slip):
    result = slip("2025-11", "30000")
    # СО on the floor 85 000 × 5 % = 4 250; СН 26 400 × 11 % = 2 904 − 4 250 < 0 → 0
    # ОПВР on the floor 85 000 × 2.5 % = 2 125; ИПН: 30 000 − 3 000 − 600 − 55 048 < 0 → 0
    assert amounts(result) == expect(
        opv=3000, vosms=600, ipn=0, net=26400, oosms=900, opvr=2125, so=4250, sn=0, employer_cost=37275
    )
    assert result.sn.steps[-1].what == "below zero after the СО: no СН"


def test_opvr_by_birth_date(slip):
    assert slip("2025-11", "500000", iin=iin_for(date(1974, 1, 1))).opvr.amount == 0
    assert slip("2025-11", "500000", iin=iin_for(date(1975, 1, 1))).opvr.amount == Decimal("12500")


def test_above_every_cap(slip):
    result = slip("2025-11", "6000000")
    # ОПВ 425 000; ВОСМС 17 000; ООСМС 25 500; ОПВР 4 250 000 × 2.5 % = 106 250; СО 595 000 × 5 % = 29 750
    # ИПН: 6 000 000 − 425 000 − 17 000 − 55 048 = 5 502 952 × 10 % = 550 295.2 → 550 295
    # СН: 5 558 000 × 11 % = 611 380 − 29 750 = 581 630
    assert amounts(result) == expect(
        opv=425000, vosms=17000, ipn=550295, net=5007705, oosms=25500, opvr=106250, so=29750, sn=581630,
        employer_cost=6743130,
    )


def test_low_income_adjustment_and_below_the_deduction(slip):
    # 98 000 ≤ 98 300: 98 000 − 9 800 − 1 960 − 55 048 = 31 192; less 90 % = 3 119.2 × 10 % = 311.92 → 312
    assert slip("2025-11", "98000").ipn.amount == Decimal("312")
    # 98 301 > 98 300: 98 301 − 9 830 − 1 966 − 55 048 = 31 457 × 10 % = 3 145.7 → 3 146
    assert slip("2025-11", "98301").ipn.amount == Decimal("3146")
    assert slip("2025-11", "60000").ipn.amount == 0


def test_pensioner_non_resident_and_gpc(slip):
    pensioner = slip("2025-11", "500000", "pensioner")
    # (500 000 − 55 048) × 10 % = 44 495.2 → 44 495; СН 11 % × 500 000 = 55 000, no СО to offset
    assert amounts(pensioner) == expect(
        opv=0, vosms=0, ipn=44495, net=455505, oosms=0, opvr=0, so=0, sn=55000, employer_cost=555000
    )
    non_resident = slip("2025-11", "500000", resident=False)
    assert (non_resident.ipn.amount, non_resident.net) == (Decimal("50000"), Decimal("390000"))
    gpc = slip("2025-11", "500000", "gpc")
    assert amounts(gpc) == expect(
        opv=50000, vosms=10000, ipn=38495, net=401505, oosms=0, opvr=0, so=0, sn=0, employer_cost=500000
    )
