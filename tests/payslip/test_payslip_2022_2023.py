"""2022–2023: МЗП 60 000 (2022), 70 000 (2023); МРП 3 063 (Jan–Mar 2022), 3 180 (from April 2022),
3 450 (2023). ООСМС 3 % and ВОСМС 2 % capped at 10 МЗП; ОПВ 10 % capped at 50 МЗП; ИПН 10 % with
the 1 МЗП deduction and the 90 % adjustment at income ≤ 25 МРП of 1 January; СО 3.5 % within
1–7 МЗП; СН 9.5 % less СО; no ОПВР (osms-rules.md §1, §6)."""

from __future__ import annotations

from decimal import Decimal

from tests.payslip.conftest import amounts, expect


def test_the_april_2022_mrp_does_not_move_the_adjustment_limit(slip):
    # limit 25 × 3 063 = 76 575 (January); with April's 3 180 it would be 79 500
    result = slip("2022-05", "78000")
    # 78 000 − 7 800 − 1 560 − 60 000 = 8 640 × 10 % = 864: not adjusted
    assert result.ipn.amount == Decimal("864")
    adjusted = slip("2022-05", "76000")
    # 76 000 − 7 600 − 1 520 − 60 000 = 6 880; less 90 % = 688 × 10 % = 68.8 → 69
    assert adjusted.ipn.amount == Decimal("69")


def test_above_every_cap_2022(slip):
    result = slip("2022-05", "1000000")
    # ОПВ 100 000 (cap 3 000 000 not reached); ВОСМС 600 000 × 2 % = 12 000; ООСМС 600 000 × 3 % = 18 000
    # ИПН: 1 000 000 − 100 000 − 12 000 − 60 000 = 828 000 × 10 % = 82 800
    # СО: 900 000 capped at 420 000 × 3.5 % = 14 700; СН: 888 000 × 9.5 % = 84 360 − 14 700 = 69 660
    assert amounts(result) == expect(
        opv=100000, vosms=12000, ipn=82800, net=805200, oosms=18000, opvr=0, so=14700, sn=69660, employer_cost=1102360
    )
    # without the ВОСМС deduction: 840 000 × 10 % = 84 000 → ВОСМС saved 1 200
    assert result.vosms_ipn_saving == Decimal("1200")


def test_pensioner_2023(slip):
    result = slip("2023-09", "200000", "pensioner")
    # (200 000 − 70 000) × 10 % = 13 000; СН 9.5 % × 200 000 = 19 000, no СО to offset
    assert amounts(result) == expect(
        opv=0, vosms=0, ipn=13000, net=187000, oosms=0, opvr=0, so=0, sn=19000, employer_cost=219000
    )


def test_employee_without_the_deduction_2023(slip):
    result = slip("2023-09", "200000", standard_deduction=False)
    # ИПН (200 000 − 20 000 − 4 000) × 10 % = 17 600; СО 180 000 × 3.5 % = 6 300;
    # СН 176 000 × 9.5 % = 16 720 − 6 300 = 10 420
    assert amounts(result) == expect(
        opv=20000, vosms=4000, ipn=17600, net=158400, oosms=6000, opvr=0, so=6300, sn=10420, employer_cost=222720
    )


def test_below_the_deduction_2023(slip):
    # 60 000 − 6 000 − 1 200 − 70 000 < 0 → ИПН 0, net 52 800
    result = slip("2023-09", "60000")
    assert (result.ipn.amount, result.net) == (0, Decimal("52800"))


def test_non_resident_and_gpc_2023(slip):
    # non-resident: 10 % × 500 000 = 50 000; ГПХ: ИПН (500 000 − 50 000 − 10 000 − 70 000) × 10 % = 37 000
    assert slip("2023-09", "500000", resident=False).ipn.amount == Decimal("50000")
    gpc = slip("2023-09", "500000", "gpc")
    assert amounts(gpc) == expect(
        opv=50000, vosms=10000, ipn=37000, net=403000, oosms=0, opvr=0, so=0, sn=0, employer_cost=500000
    )


def test_below_the_deduction_2022(slip):
    result = slip("2022-05", "50000")
    # ИПН: 50 000 − 5 000 − 1 000 − 60 000 < 0 → 0; СО on 1 МЗП 60 000 × 3.5 % = 2 100;
    # СН 44 000 × 9.5 % = 4 180 − 2 100 = 2 080
    assert amounts(result) == expect(
        opv=5000, vosms=1000, ipn=0, net=44000, oosms=1500, opvr=0, so=2100, sn=2080, employer_cost=55680
    )


def test_pensioner_non_resident_and_gpc_2022(slip):
    # pensioner: (300 000 − 60 000) × 10 % = 24 000; СН 28 500
    assert amounts(slip("2022-05", "300000", "pensioner")) == expect(
        opv=0, vosms=0, ipn=24000, net=276000, oosms=0, opvr=0, so=0, sn=28500, employer_cost=328500
    )
    # non-resident: 300 000 − 30 000 − 6 000 − 30 000
    assert slip("2022-05", "300000", resident=False).net == Decimal("234000")
    # ГПХ: (300 000 − 30 000 − 6 000 − 60 000) × 10 % = 20 400
    assert amounts(slip("2022-05", "300000", "gpc")) == expect(
        opv=30000, vosms=6000, ipn=20400, net=243600, oosms=0, opvr=0, so=0, sn=0, employer_cost=300000
    )


def test_above_every_cap_2023(slip):
    result = slip("2023-09", "4000000")
    # ОПВ 3 500 000 × 10 % = 350 000; ВОСМС 700 000 × 2 % = 14 000; ООСМС 700 000 × 3 % = 21 000
    # ИПН: 4 000 000 − 350 000 − 14 000 − 70 000 = 3 566 000 × 10 % = 356 600
    # СО 490 000 × 3.5 % = 17 150; СН 3 636 000 × 9.5 % = 345 420 − 17 150 = 328 270
    assert amounts(result) == expect(
        opv=350000, vosms=14000, ipn=356600, net=3279400, oosms=21000, opvr=0, so=17150, sn=328270, employer_cost=4366420
    )
