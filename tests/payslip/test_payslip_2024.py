"""2024: МЗП 85 000, МРП 3 692. ООСМС 3 % and ВОСМС 2 % capped at 10 МЗП (850 000); ОПВ 10 % capped
at 50 МЗП (4 250 000); ИПН 10 % with the 14 МРП deduction (51 688) and the 90 % adjustment at income
≤ 25 МРП (92 300); ОПВР 1.5 % within 1–50 МЗП for people born on or after 01.01.1975; СО 3.5 %
within 1–7 МЗП (85 000–595 000); СН 9.5 % less СО (osms-rules.md §1, §6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.conftest import iin_for
from tests.payslip.conftest import amounts, expect


def test_worked_month_of_the_fact_base(slip):
    # osms-rules.md §6, 2024 at 500 000, line by line
    result = slip("2024-05", "500000")
    assert amounts(result) == expect(
        opv=50000, vosms=10000, ipn=38831, net=401169, oosms=15000, opvr=7500, so=15750, sn=26050,
        employer_cost=564300,
    )
    # ИПН: 500 000 − 50 000 − 10 000 − 51 688 = 388 312 × 10 % = 38 831.2 → 38 831
    assert [(s.what, s.amount) for s in result.ipn.steps] == [
        ("income", Decimal("500000")),
        ("− ОПВ", Decimal("50000")),
        ("− ВОСМС", Decimal("10000")),
        ("− standard deduction, 14 МРП = 51688", Decimal("51688")),
        ("= taxable income", Decimal("388312")),
        ("× 10 %", Decimal("38831.2")),
        ("rounded", Decimal("38831")),
    ]
    assert result.ipn_base == Decimal("388312")
    # without the ВОСМС deduction: 398 312 × 10 % = 39 831.2 → 39 831: ВОСМС saved 1 000
    assert (result.ipn_base_without_vosms, result.vosms_ipn_saving) == (Decimal("398312"), Decimal("1000"))
    # КПН: ООСМС 15 000 + ОПВР 7 500 + СО 15 750 + СН 26 050
    assert result.kpn_deductible == Decimal("64300")


def test_opvr_by_birth_date_from_the_iin(slip):
    born_1974 = slip("2024-05", "500000", iin=iin_for(date(1974, 12, 31)))
    born_1975 = slip("2024-05", "500000", iin=iin_for(date(1975, 1, 1)))
    assert (born_1974.opvr.amount, born_1974.opvr.not_due) == (0, "born_before")
    assert born_1975.opvr.amount == Decimal("7500")
    # nothing else depends on the birth year
    assert born_1974.employer_cost == born_1975.employer_cost - Decimal("7500")


def test_low_income_below_the_deduction_with_every_floor(slip):
    result = slip("2024-05", "50000")
    # ИПН: 50 000 − 5 000 − 1 000 − 51 688 < 0 → 0; ОПВР on the floor 85 000 × 1.5 % = 1 275;
    # СО on the floor 85 000 × 3.5 % = 2 975; СН 44 000 × 9.5 % = 4 180 − 2 975 = 1 205
    assert amounts(result) == expect(
        opv=5000, vosms=1000, ipn=0, net=44000, oosms=1500, opvr=1275, so=2975, sn=1205, employer_cost=56955
    )


def test_above_every_cap(slip):
    result = slip("2024-05", "5000000")
    # ОПВ 4 250 000 × 10 % = 425 000; ВОСМС 850 000 × 2 % = 17 000; ООСМС 850 000 × 3 % = 25 500
    # ИПН: 5 000 000 − 425 000 − 17 000 − 51 688 = 4 506 312 × 10 % = 450 631.2 → 450 631
    # ОПВР 4 250 000 × 1.5 % = 63 750; СО 595 000 × 3.5 % = 20 825
    # СН: 4 558 000 × 9.5 % = 433 010 − 20 825 = 412 185
    assert amounts(result) == expect(
        opv=425000, vosms=17000, ipn=450631, net=4107369, oosms=25500, opvr=63750, so=20825, sn=412185,
        employer_cost=5522260,
    )
    assert (result.opv.base, result.opvr.base, result.so.base) == (Decimal("4250000"), Decimal("4250000"), Decimal("595000"))


def test_low_income_adjustment(slip):
    # limit 25 × 3 692 = 92 300: 90 000 − 9 000 − 1 800 − 51 688 = 27 512; less 90 % = 2 751.2 × 10 % = 275.12 → 275
    assert slip("2024-05", "90000").ipn.amount == Decimal("275")


def test_pensioner_non_resident_and_gpc(slip):
    pensioner = slip("2024-05", "500000", "pensioner")
    # (500 000 − 51 688) × 10 % = 44 831.2 → 44 831; no ОПВР (pension recipient); СН 47 500, no СО
    assert amounts(pensioner) == expect(
        opv=0, vosms=0, ipn=44831, net=455169, oosms=0, opvr=0, so=0, sn=47500, employer_cost=547500
    )
    # non-resident: 10 % × 500 000
    assert slip("2024-05", "500000", resident=False).ipn.amount == Decimal("50000")
    gpc = slip("2024-05", "500000", "gpc")
    assert (gpc.ipn.amount, gpc.opvr.amount, gpc.employer_cost) == (Decimal("38831"), 0, Decimal("500000"))
