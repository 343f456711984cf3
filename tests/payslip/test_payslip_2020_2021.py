"""2020–2021: МЗП 42 500; МРП 2 651 (Jan–Mar 2020), 2 778 (from April 2020), 2 917 (2021).
ОПВ 10 % capped at 50 МЗП (2 125 000); ВОСМС 1 % (2020) / 2 % (2021) capped at 10 МЗП (425 000);
ООСМС 2 % capped at 10 МЗП; ИПН 10 % of income − ОПВ − ВОСМС − 1 МЗП, with the 90 % adjustment at
income ≤ 25 МРП of 1 January; СО 3.5 % of income − ОПВ within 1–7 МЗП (42 500–297 500); СН 9.5 % of
income − ОПВ − ВОСМС, less СО; no ОПВР yet (osms-rules.md §1, §6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.conftest import iin_for
from tests.payslip.conftest import amounts, expect


def test_employee_2020(slip):
    result = slip("2020-06", "300000")
    # ОПВ 30 000; ВОСМС 1 % = 3 000; ООСМС 2 % = 6 000
    # ИПН: 300 000 − 30 000 − 3 000 − 42 500 = 224 500 × 10 % = 22 450; net 300 000 − 55 450 = 244 550
    # СО: 270 000 × 3.5 % = 9 450; СН: 267 000 × 9.5 % = 25 365 − 9 450 = 15 915
    assert amounts(result) == expect(
        opv=30000, vosms=3000, ipn=22450, net=244550, oosms=6000, opvr=0, so=9450, sn=15915, employer_cost=331365
    )
    assert result.opvr.not_due == "no_rate"
    # without the ВОСМС deduction: 227 500 × 10 % = 22 750, so ВОСМС saved 300 of ИПН
    assert (result.ipn_base, result.ipn_base_without_vosms) == (Decimal("224500"), Decimal("227500"))
    assert (result.ipn_without_vosms, result.vosms_ipn_saving) == (Decimal("22750"), Decimal("300"))
    # КПН-deductible: ООСМС 6 000 + СО 9 450 + СН 15 915
    assert result.kpn_deductible == Decimal("31365")


def test_income_below_the_deduction_gives_no_ipn_2020(slip):
    result = slip("2020-06", "40000")
    # 40 000 − 4 000 − 400 − 42 500 = −6 900 → taxable 0 → ИПН 0 (never negative)
    # СО: 36 000 is below 1 МЗП → 42 500 × 3.5 % = 1 487.5 → 1 488 (half up)
    # СН: 35 600 × 9.5 % = 3 382 − 1 488 = 1 894
    assert amounts(result) == expect(
        opv=4000, vosms=400, ipn=0, net=35600, oosms=800, opvr=0, so=1488, sn=1894, employer_cost=44182
    )
    assert result.ipn_base == 0
    assert "raised to the minimum base, 1 МЗП = 42500" in [step.what for step in result.so.steps]


def test_the_adjustment_uses_the_mrp_of_1_january_2020(slip):
    # limit 25 × 2 651 = 66 275 (January МРП); the June МРП 2 778 would give 69 450
    above = slip("2020-06", "67000")
    # 67 000 − 6 700 − 670 − 42 500 = 17 130 × 10 % = 1 713: not adjusted
    assert above.ipn.amount == Decimal("1713")
    below = slip("2020-06", "66000")
    # 66 000 − 6 600 − 660 − 42 500 = 16 240; less 90 % = 1 624 × 10 % = 162.4 → 162
    assert below.ipn.amount == Decimal("162")
    assert "ipn.low_income_adjustment@2020-01" in [p.ref for p in below.ipn.parameters]
    assert "mrp@2020-01" in [p.ref for p in below.ipn.parameters]
    assert any(w.startswith("ipn.low_income_adjustment from 2020-01 has confidence M") for w in below.warnings)
    assert any(w.startswith("open question 4") for w in below.warnings)
    assert not any("low_income_adjustment" in w for w in above.warnings)


def test_above_every_cap_2020(slip):
    result = slip("2020-06", "3000000")
    # ОПВ: cap 50 × 42 500 = 2 125 000 × 10 % = 212 500; ВОСМС: 425 000 × 1 % = 4 250; ООСМС 8 500
    # ИПН: 3 000 000 − 212 500 − 4 250 − 42 500 = 2 740 750 × 10 % = 274 075
    # СО: 2 787 500 capped at 7 МЗП = 297 500 × 3.5 % = 10 412.5 → 10 413
    # СН: 2 783 250 × 9.5 % = 264 408.75 → 264 409 − 10 413 = 253 996
    assert amounts(result) == expect(
        opv=212500, vosms=4250, ipn=274075, net=2509175, oosms=8500, opvr=0, so=10413, sn=253996, employer_cost=3272909
    )
    assert result.opv.base == Decimal("2125000") and result.so.base == Decimal("297500")


def test_pensioner_2020(slip):
    result = slip("2020-06", "300000", "pensioner")
    # no ОПВ, no ОСМС; ИПН (300 000 − 42 500) × 10 % = 25 750; no СО; СН 9.5 % × 300 000 = 28 500
    assert amounts(result) == expect(
        opv=0, vosms=0, ipn=25750, net=274250, oosms=0, opvr=0, so=0, sn=28500, employer_cost=328500
    )
    assert result.opv.not_due == result.so.not_due == "category"
    assert any(w.startswith("payslip_category.pensioner from 2018-01 has confidence L") for w in result.warnings)


def test_non_resident_2020(slip):
    result = slip("2020-06", "300000", resident=False)
    # ИПН 10 % of the whole 300 000, no deduction at all; the rest as a resident's
    assert amounts(result) == expect(
        opv=30000, vosms=3000, ipn=30000, net=237000, oosms=6000, opvr=0, so=9450, sn=15915, employer_cost=331365
    )
    assert result.ipn_base == result.ipn_base_without_vosms == Decimal("300000")
    assert result.vosms_ipn_saving == 0
    assert any(w.startswith("ipn.nonresident_rate from 2018-01 has confidence M") for w in result.warnings)


def test_gpc_contractor_2020(slip):
    result = slip("2020-06", "300000", "gpc")
    # ОПВ 30 000 and ВОСМС 1 % = 3 000 withheld by the customer; ИПН as an employee's 22 450;
    # no ООСМС and no employer lines
    assert amounts(result) == expect(
        opv=30000, vosms=3000, ipn=22450, net=244550, oosms=0, opvr=0, so=0, sn=0, employer_cost=300000
    )
    assert result.sn.not_due == result.so.not_due == result.opvr.not_due == "category"
    assert result.kpn_deductible == 0


def test_employee_2021(slip):
    result = slip("2021-03", "250000")
    # ОПВ 25 000; ВОСМС 2 % = 5 000; ООСМС 5 000; ИПН (250 000 − 25 000 − 5 000 − 42 500) × 10 % = 17 750
    # СО 225 000 × 3.5 % = 7 875; СН 220 000 × 9.5 % = 20 900 − 7 875 = 13 025
    assert amounts(result) == expect(
        opv=25000, vosms=5000, ipn=17750, net=202250, oosms=5000, opvr=0, so=7875, sn=13025, employer_cost=275900
    )


def test_adjusted_and_below_the_deduction_2021(slip):
    # limit 25 × 2 917 = 72 925: 70 000 − 7 000 − 1 400 − 42 500 = 19 100; less 90 % = 1 910 × 10 % = 191
    assert slip("2021-03", "70000").ipn.amount == Decimal("191")
    # 45 000 − 4 500 − 900 − 42 500 < 0 → 0
    assert slip("2021-03", "45000").ipn.amount == 0


def test_standard_deduction_not_claimed_2021(slip):
    result = slip("2021-03", "250000", standard_deduction=False)
    # (250 000 − 25 000 − 5 000) × 10 % = 22 000
    assert result.ipn.amount == Decimal("22000")
    assert "standard deduction not claimed at this employer" in [step.what for step in result.ipn.steps]


def test_no_opvr_before_2024_whatever_the_birth_year(slip):
    for period in ("2020-06", "2021-03", "2022-05", "2023-12"):
        for born in (date(1974, 12, 31), date(1975, 1, 1)):
            assert slip(period, "250000", iin=iin_for(born)).opvr.not_due == "no_rate"


def test_above_every_cap_2021(slip):
    result = slip("2021-03", "3000000")
    # ОПВ 212 500; ВОСМС 425 000 × 2 % = 8 500; ООСМС 8 500
    # ИПН: 3 000 000 − 212 500 − 8 500 − 42 500 = 2 736 500 × 10 % = 273 650
    # СО 297 500 × 3.5 % = 10 412.5 → 10 413; СН 2 779 000 × 9.5 % = 264 005 − 10 413 = 253 592
    assert amounts(result) == expect(
        opv=212500, vosms=8500, ipn=273650, net=2505350, oosms=8500, opvr=0, so=10413, sn=253592, employer_cost=3272505
    )


def test_pensioner_non_resident_and_gpc_2021(slip):
    # pensioner: (250 000 − 42 500) × 10 % = 20 750; СН 9.5 % × 250 000 = 23 750
    assert amounts(slip("2021-03", "250000", "pensioner")) == expect(
        opv=0, vosms=0, ipn=20750, net=229250, oosms=0, opvr=0, so=0, sn=23750, employer_cost=273750
    )
    # non-resident: 10 % × 250 000 = 25 000 → net 250 000 − 25 000 − 5 000 − 25 000
    assert slip("2021-03", "250000", resident=False).net == Decimal("195000")
    assert amounts(slip("2021-03", "250000", "gpc")) == expect(
        opv=25000, vosms=5000, ipn=17750, net=202250, oosms=0, opvr=0, so=0, sn=0, employer_cost=250000
    )
