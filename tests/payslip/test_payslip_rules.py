"""The payslip's rules as data: the dated files, scheduled values past the data, categories
without a payslip, inputs that disagree, and the warnings that keep open questions visible."""

from __future__ import annotations

from decimal import Decimal

import pytest

from osms_payroll import (
    Calculator,
    NoPayslip,
    ParameterMissing,
    PayLine,
    PayslipCalculator,
    PayslipInputError,
    Period,
    PersonMonth,
    Rejection,
    calculate,
    calculate_payslip,
    default_params,
)
from osms_payroll.ids._checksum import calc_check_digit
from tests.payslip.conftest import BORN_1990


def test_scheduled_opvr_does_not_extend_the_data():
    params = default_params()
    # ОПВР is law for 2027 (4.5 %) and 2028 (5 %); the rest of the data ends in 2026
    assert params.valid_through == Period(2026, 12)
    assert params.value("opvr.rate", Period(2028, 12)).decimal == Decimal("0.05")
    with pytest.raises(ParameterMissing):
        calculate_payslip(PayLine(iin=BORN_1990, period=Period(2027, 3), gross="500000"))


def test_reusing_the_last_known_values_takes_the_scheduled_opvr():
    line = PayLine(iin=BORN_1990, period=Period(2027, 3), gross="500000")
    result = calculate_payslip(line, reuse_last_known=True)
    # ОПВР 4.5 % × 500 000 = 22 500 (scheduled), everything else as in 2026
    assert result.opvr.amount == Decimal("22500") and result.ipn.amount == Decimal("31025")
    assert result.warnings[0].startswith("period 2027-03 is past the parameter data")
    assert calculate_payslip(PayLine(iin=BORN_1990, period=Period(2028, 6), gross="500000"), reuse_last_known=True).opvr.amount == Decimal("25000")


def test_no_payslip_data_before_2018():
    line = PayLine(iin=BORN_1990, period=Period(2017, 10), gross="500000")
    # the core still computes ОСМС: 1 % of the cap 15 × 24 459 = 366 885 → 3 668.85 → 3 669
    assert calculate(line).oosms.amount == Decimal("3669")
    with pytest.raises(ParameterMissing, match="payslip_category.employee"):
        calculate_payslip(line)


def test_self_payers_have_no_payslip():
    with pytest.raises(NoPayslip, match="у категории 'ip_self' нет правила расчётного листа"):
        calculate_payslip(PayLine(iin=BORN_1990, period=Period(2026, 3), gross="0", category="ip_self"))


def test_lines_of_one_month_must_agree_on_the_payslip_inputs():
    lines = [
        PayLine(iin=BORN_1990, period=Period(2026, 3), gross="300000"),
        PayLine(iin=BORN_1990, period=Period(2026, 3), gross="200000", resident=False),
        PayLine(iin=BORN_1990, period=Period(2026, 4), gross="500000", category="ip_self"),
        PayLine(iin=BORN_1990, period=Period(2026, 5), gross="300000"),
        PayLine(iin=BORN_1990, period=Period(2026, 5), gross="200000"),
    ]
    conflict, self_payer, together = PayslipCalculator(default_params()).calculate_many(lines)
    assert isinstance(conflict, Rejection) and isinstance(self_payer, Rejection)
    assert {(i.code, i.column) for i in conflict.issues} == {("resident.conflict", "resident")}
    assert {(i.code, i.column) for i in self_payer.issues} == {("payslip.category", "category")}
    assert BORN_1990 not in conflict.issues[0].message  # the ИИН is masked
    # two agreeing lines are one person-month: 500 000 in 2026 as the worked month
    assert not isinstance(together, Rejection) and together.ipn.amount == Decimal("31025")
    with pytest.raises(PayslipInputError):
        calculate_payslip(PersonMonth.from_lines(tuple(lines[:2])))


def test_excluded_lines_stay_out_of_every_base():
    person = PersonMonth.from_lines(
        (
            PayLine(iin=BORN_1990, period=Period(2026, 3), gross="500000"),
            PayLine(iin=BORN_1990, period=Period(2026, 3), gross="40000", osms_excluded=True, osms_exclusion="not_income"),
        )
    )
    result = calculate_payslip(person)
    # every line as for 500 000, and the excluded 40 000 is paid out in full: net 408 975 + 40 000
    assert (result.ipn.amount, result.sn.amount, result.net) == (Decimal("31025"), Decimal("26400"), Decimal("448975"))
    assert any("left out of the ОПВ, ИПН, ОПВР, СО and СН bases too" in w for w in result.warnings)


def test_every_line_cites_its_parameters_with_sources():
    result = calculate_payslip(PayLine(iin=BORN_1990, period=Period(2024, 5), gross="500000"))
    cited = {p.ref for p in result.parameters()}
    assert {
        "payslip_category.employee@2018-01", "opv.rate@2018-01", "opvr.rate@2024-01", "opvr.born_from@2024-01",
        "so.rate@2018-01", "sn.rate@2018-01", "sn.so_offset@2018-01", "ipn.rate@2018-01",
        "ipn.standard_deduction_mrp@2024-01", "rounding.payslip@2018-01", "kpn.deductible@2018-01",
    } <= cited
    explained = result.to_dict()["explanation"]["payslip"]
    assert explained["lines"]["opvr"]["parameters"][0]["source"].startswith("Социальный кодекс от 20.04.2023 № 224-VII")
    assert explained["kpn"] == {
        "rule": result.kpn_rule.to_dict(), "lines": ["oosms", "opvr", "so", "sn"], "amount": "64300",
    }


def test_contract_fields_are_decimal_strings():
    row = calculate_payslip(PayLine(iin=BORN_1990, period=Period(2026, 3), gross="2000000")).to_dict(citations=False)
    assert {key: row[key] for key in ("opv", "ipn", "ipn_base", "ipn_base_without_vosms", "net", "opvr", "so", "sn", "employer_cost")} == {
        "opv": "200000", "ipn": "163625", "ipn_base": "1636250", "ipn_base_without_vosms": "1670250",
        "net": "1602375", "opvr": "70000", "so": "29750", "sn": "105960", "employer_cost": "2265710",
    }
    # the core's fields are unchanged
    assert (row["oosms"], row["vosms"], row["vosms_base"]) == ("60000", "34000", "1700000")


def test_an_impossible_birth_date_in_the_iin_is_warned_about():
    # ИИН 750231…: 31 February is not a date; ОПВР is charged and the result says it was not checked
    serial = 1
    while calc_check_digit(f"7502313{serial:04d}") is None:
        serial += 1
    iin = f"7502313{serial:04d}{calc_check_digit(f'7502313{serial:04d}')}"
    result = calculate_payslip(PayLine(iin=iin, period=Period(2026, 3), gross="500000"))
    assert result.opvr.amount == Decimal("17500")
    assert any("ОПВР were charged without checking the birth date against 1975-01-01" in w for w in result.warnings)
    assert not any(iin in w for w in result.warnings)


def test_the_payslip_is_composed_over_the_core_result_as_it_is():
    params = default_params()
    person = PersonMonth.of(PayLine(iin=BORN_1990, period=Period(2026, 3), gross="5000000"))
    core = Calculator(params).calculate(person)
    slip = PayslipCalculator(params).compose(core)
    # ООСМС and ВОСМС come from the core unchanged: 3 % of the 40 МЗП cap 3 400 000 = 102 000,
    # 2 % of the 20 МЗП cap 1 700 000 = 34 000 (osms-rules.md §2–§3); the core's citations lead.
    assert (slip.oosms, slip.vosms) == (core.oosms, core.vosms)
    assert (slip.oosms.amount, slip.vosms.amount) == (Decimal("102000"), Decimal("34000"))
    assert slip.parameters()[: len(core.parameters())] == core.parameters()
    assert not isinstance(PayslipCalculator(params), Calculator)


def test_each_payslip_line_cites_exactly_what_its_plan_read():
    params = default_params()
    slip = calculate_payslip(PayLine(iin=BORN_1990, period=Period(2026, 3), gross="500000"))
    at = Period(2026, 3)
    ref = [p.ref for p in slip.so.parameters]
    # СО: the rate, its floor and cap in МЗП, the МЗП they are counted in, the rounding — in that order
    assert ref == [params.value(pid, at).ref for pid in ("so.rate", "so.base_floor_mzp", "so.base_cap_mzp", "mzp", "rounding.payslip")]
    # СН 2026: the МРП of its 14 МРП floor is January's, read through the recorder's year_start
    assert [p.ref for p in slip.sn.parameters] == ["sn.rate@2026-01", "sn.so_offset@2026-01", "sn.base_floor_mrp@2026-01", "mrp@2026-01", "rounding.payslip@2026-01"]
