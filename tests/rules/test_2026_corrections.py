"""The December 2026 reading of the primary texts (osms-rules.md §11a): the self-employed regime,
the 2026 ОСМС object as coded exclusions, and the confidences it moved. МЗП 85 000 in 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from osms_payroll import PayLine, Period, Rejection, calculate, calculate_many
from osms_payroll.engine.exclusions import ExclusionError
from tests.conftest import iin_for

ADULT = iin_for(date(1985, 3, 14))


def line(period: str, gross: str, category: str = "employee", **extra) -> PayLine:
    return PayLine(iin=ADULT, period=Period.parse(period), gross=Decimal(gross), category=category, **extra)


def test_self_employed_one_percent_of_the_months_income():
    # 405-V art. 28 p.3 part 2 (215-VIII), НК 2026 art. 718, 720: 1 % × 200 000 = 2 000; no ООСМС
    result = calculate(line("2026-03", "200000", "self_employed"))
    assert (result.vosms.base, result.vosms.amount) == (Decimal("200000"), Decimal("2000"))
    assert (result.oosms.amount, result.oosms.not_due) == (Decimal("0"), "category")
    assert result.vosms.rule.knp == "122" and result.vosms.cap_available is None
    assert "No cap is stated for this regime" in (result.vosms.parameters[0].note or "")
    assert not any("the limit of the category's regime" in w for w in result.warnings)
    # no cap: 1 % of 5 000 000 = 50 000 (20 МЗП would have capped it at 17 000), but the regime is for
    # incomes of at most 300 МРП = 1 297 500 a month (НК 2026 art. 718): such a month is warned
    high = calculate(line("2026-03", "5000000", "self_employed"))
    assert high.vosms.amount == Decimal("50000")
    assert any(w.startswith("income above 1297500 a month (300 МРП), the limit of the category's regime") for w in high.warnings)
    assert not any("limit of the category" in w for w in calculate(line("2026-03", "1297500", "self_employed")).warnings)
    # 1 % × 123 456.70 = 1 234.567 → 1 235
    assert calculate(line("2026-11", "123456.70", "self_employed")).vosms.amount == Decimal("1235")
    assert calculate(line("2026-03", "0", "self_employed")).vosms.not_due == "no_object"


def test_self_employed_did_not_exist_before_2026():
    (rejected,) = calculate_many([line("2025-12", "200000", "self_employed")])
    assert isinstance(rejected, Rejection)
    assert rejected.issues[0].code == "category.unknown"


def test_permanent_group_i_ii_disability_is_exempt_from_both():
    result = calculate(line("2026-03", "300000", "disabled_permanent"))
    assert (result.oosms.amount, result.vosms.amount, result.exempt_reason) == (Decimal("0"), Decimal("0"), "disabled")


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2017-09", "tax_code_2008_357"),  # H2 2017 refers to the 2008 Tax Code
        ("2017-09", "not_income"),
        ("2018-03", "tax_code_654_10"),  # 2018–2025: five items, the third НК-2017 art. 654 sp.10
        ("2025-12", "severance"),
        ("2026-01", "gfss_benefit"),
        ("2026-06", "compulsory_insurance"),
    ],
)
def test_a_reason_valid_for_its_period_leaves_the_line_out(period, code):
    (result,) = calculate_many([line(period, "300000"), line(period, "50000", osms_exclusion=code)])
    assert result.person.osms_object == Decimal("300000") and result.person.excluded == Decimal("50000")
    (reason,) = result.exclusions
    assert reason.param_id == f"osms_exclusion.{code}" and "405-V" in reason.source
    assert result.explanation()["lines"][1]["osms_exclusion"] == code


@pytest.mark.parametrize(
    ("period", "code", "message"),
    [
        # severance on liquidation or staff cuts is inside the object from 2026 (215-VIII)
        ("2026-02", "severance", "'severance' is not a reason outside the ОСМС object for 2026-02 (it applies 2017-07..2025-12 only)"),
        ("2018-01", "tax_code_2008_200_1", "it applies 2017-07..2017-12 only"),
        ("2024-05", "bonus", "'bonus' is not a reason outside the ОСМС object for 2024-05; use one of: grant"),
        ("2026-02", "", "a line is marked outside the ОСМС object without a reason; put its reason code in osms_exclusion, one of: burial_aid"),
    ],
)
def test_an_excluded_line_without_a_valid_reason_is_a_located_error(period, code, message):
    excluded = line(period, "50000", osms_excluded=True, osms_exclusion=code)
    (rejected,) = calculate_many([line(period, "300000"), excluded])
    assert isinstance(rejected, Rejection)
    assert {(i.code, i.column) for i in rejected.issues} == {
        ("osms_exclusion.missing" if not code else "osms_exclusion.unknown", "osms_exclusion")
    }
    assert message in rejected.issues[0].message
    with pytest.raises(ExclusionError):
        calculate(excluded)


def test_the_2026_confidences():
    warnings = calculate(line("2026-10", "500000")).warnings
    # rounding: НК 2026 art. 204 p.1 gives no rule (M); the ООСМС cap scope is open question 8
    assert any(w.startswith("rounding.contribution from 2026-01 has confidence M") for w in warnings)
    assert any(w.startswith("open question 8") for w in warnings)
    # the exemptions of art. 26–28 are unchanged in 2026 (206-VIII did not renumber art. 26 p.1): H
    assert calculate(line("2026-10", "500000", "pensioner")).category_rule.confidence == "H"
    # ИП for themselves: 5 % × 1.4 × 85 000 = 5 950, H in 2026
    ip = calculate(line("2026-10", "0", "ip_self"))
    assert ip.vosms.amount == Decimal("5950") and not any(w.startswith("self_ip") for w in ip.warnings)
