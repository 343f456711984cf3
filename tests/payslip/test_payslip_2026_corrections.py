"""Payslip rules of the December 2026 reading (osms-rules.md §11a): the ГПХ contractor's СО withheld,
the self-employed regime, the СН minimum base (МРП of the month; none in the month of hire or
dismissal), no ОПВР for military and permanent group I–II disability. МЗП 85 000, МРП 4 325."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from osms_payroll import PayLine, Period, calculate_payslip, gross_up
from osms_payroll.law import parse_files
from osms_payroll.law.load import shipped_files
from tests.payslip.conftest import BORN_1990, amounts, expect


def test_gpc_2026_so_withheld_from_the_contractor(slip):
    # ГПХ 2026-03, 300 000, no standard deduction claimed (Social Code art. 243 sp.4, 245 p.3 as
    # amended by 215-VIII; НК 2026 art. 402 sp.3): ОПВ 30 000; ВОСМС 2 % × 300 000 = 6 000;
    # СО 5 % × (300 000 − 30 000) = 13 500, withheld; ИПН (300 000 − 30 000 − 6 000 − 13 500) × 10 %
    # = 25 050; net 300 000 − 30 000 − 6 000 − 25 050 − 13 500 = 225 450; the customer's cost is the fee.
    result = slip("2026-03", "300000", "gpc", standard_deduction=False)
    assert amounts(result) == expect(
        opv=30000, vosms=6000, ipn=25050, net=225450, oosms=0, opvr=0, so=13500, sn=0, employer_cost=300000
    )
    assert result.so.withheld and result.to_dict()["explanation"]["payslip"]["lines"]["so"]["withheld"] is True
    assert ("− СО withheld", Decimal("13500")) in result.ipn.steps
    assert {"so_gpc.withheld@2026-01", "so_gpc.rate@2026-01"} <= {p.ref for p in result.so.parameters}
    assert "so_gpc.ipn_deductible@2026-01" in [p.ref for p in result.ipn.parameters]
    assert result.kpn_deductible == 0  # nothing the customer pays on top
    # base capped at 7 МЗП = 595 000: 2 000 000 − 200 000 = 1 800 000 → 29 750
    assert slip("2026-03", "2000000", "gpc").so.amount == Decimal("29750")
    # before 2026 the fee carried no СО on the slip
    assert slip("2025-03", "300000", "gpc").so.amount == 0


def test_gpc_gross_up_counts_the_withheld_so():
    found = gross_up(PayLine(iin=BORN_1990, period=Period(2026, 3), gross="0", category="gpc", standard_deduction=False), "225450")
    assert (found.gross, found.exact) == (Decimal("300000"), True)


def test_self_employed_payslip(slip):
    # ВОСМС 1 % × 200 000 = 2 000; ИПН 0 % (НК 2026 art. 720); no employer
    result = slip("2026-03", "200000", "self_employed")
    assert amounts(result) == expect(opv=0, vosms=2000, ipn=0, net=198000, oosms=0, opvr=0, so=0, sn=0, employer_cost=200000)
    assert result.ipn.not_due == "no_rate" and "ст. 718, 720" in (result.ipn.reason or "")


def test_sn_minimum_base_is_waived_in_the_month_of_hire_or_dismissal(slip):
    # 40 000: СН base 35 200 < 14 МРП = 60 550 → 3 633 in a full month (test_payslip_2026), but in the
    # month of hire or dismissal the minimum does not apply (НК 2026 art. 556 p.3): 6 % × 35 200 = 2 112
    for flag in ("hired_in_month", "dismissed_in_month"):
        result = slip("2026-03", "40000", **{flag: True})
        assert (result.sn.base, result.sn.amount) == (Decimal("35200"), Decimal("2112"))
        assert "sn.floor_waived_on_hire_or_dismissal@2026-01" in [p.ref for p in result.sn.parameters]
    assert slip("2026-03", "40000").sn.amount == Decimal("3633")


def test_sn_minimum_base_uses_the_mrp_of_the_month():
    # A hypothetical МРП of 5 000 from April 2026 (an extending rules file): the СН floor in May is
    # 14 × 5 000 = 70 000 → 4 200, while the standard deduction keeps the МРП of 1 January (30 × 4 325).
    overlay = (
        '[mrp]\nunit = "tenge"\nextends = true\nreviewed_through = "2026-12"\n'
        '[[mrp.values]]\nfrom = "2026-04"\nvalue = "5000"\nsource = "Закон X, ст. 1"\nconfidence = "M"\n'
    )
    params = parse_files("t", [*shipped_files(), ("o.toml", overlay.encode())], {"o.toml"})
    result = calculate_payslip(PayLine(iin=BORN_1990, period=Period(2026, 5), gross="40000"), params=params)
    assert (result.sn.base, result.sn.amount) == (Decimal("70000"), Decimal("4200"))
    deduction = calculate_payslip(PayLine(iin=BORN_1990, period=Period(2026, 5), gross="500000"), params=params)
    assert deduction.ipn.amount == Decimal("31025")  # (500 000 − 50 000 − 10 000 − 129 750) × 10 %


def test_no_opvr_for_military_and_permanent_group_i_ii_disability(slip):
    # ОПВР 3.5 % × 500 000 = 17 500 for an employee; none for these two (ЕНПФ, PwC alert 216: M, warned)
    assert slip("2026-03", "500000").opvr.amount == Decimal("17500")
    for category in ("military", "disabled_permanent"):
        result = slip("2026-03", "500000", category)
        assert (result.opvr.amount, result.opvr.not_due) == (Decimal("0"), "category")
        assert result.so.amount == Decimal("22500")  # СО do include military pay
        assert any(w.startswith(f"payslip_category.{category} from 2024-01 has confidence M") for w in result.warnings)
    # before ОПВР existed the question does not arise
    assert slip("2023-03", "500000", "military").opvr.not_due == "no_rate"


def test_born_before_1975_still_no_opvr(slip, make_iin):
    assert slip("2026-03", "500000", iin=make_iin(date(1970, 1, 1))).opvr.not_due == "born_before"
