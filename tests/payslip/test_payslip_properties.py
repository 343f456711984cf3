"""Properties of every payslip, 2018–2026, over incomes, categories and inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll import PayLine, Payslip, Period, calculate_payslip, gross_up
from tests.conftest import iin_for

PERIODS = st.builds(Period, st.integers(2018, 2026), st.integers(1, 12))
CATEGORIES = st.sampled_from(["employee", "employee", "gpc", "pensioner", "foreigner", "student"])
TIYN = st.integers(0, 800_000_000).map(lambda tiyn: Decimal(tiyn) / 100)
IINS = st.sampled_from([iin_for(date(1974, 12, 31)), iin_for(date(1975, 1, 1)), iin_for(date(1990, 6, 15))])
INPUTS = st.fixed_dictionaries(
    {
        "category": CATEGORIES,
        "resident": st.booleans(),
        "standard_deduction": st.booleans(),
        "vosms_other_income": st.sampled_from([Decimal(0), Decimal(0), Decimal("300000"), Decimal("5000000")]),
        "ytd_taxable_income": st.sampled_from([Decimal(0), Decimal("30000000"), Decimal("40000000")]),
    }
)


@settings(max_examples=150, deadline=None)
@given(period=PERIODS, gross=TIYN, iin=IINS, inputs=INPUTS)
def test_every_line_is_its_rate_on_a_bounded_base(period, gross, iin, inputs):
    """Properties that hold whatever the composition: each rate line is its rate times its base,
    to within the rounding step of one tenge (rounding.contribution, Налоговый кодекс ст. 204); the
    pension base never exceeds the income, a resident's taxable income never exceeds income less ОПВ; what
    is withheld besides ИПН is bounded by the employee's rates; nothing is negative."""
    result = calculate_payslip(PayLine(iin=iin, period=period, gross=gross, **inputs))
    for line in (result.opv, result.opvr, result.so):
        if line.not_due is not None:
            assert line.amount == 0, line.name
        else:
            assert abs(line.amount - line.base * line.rate) <= 1, line.name
    assert abs(result.vosms.amount - result.vosms.base * result.vosms.rule.rate) <= 1
    assert result.opv.base <= gross
    assert result.ipn.base <= gross - (result.opv.amount if inputs["resident"] else 0)  # a non-resident deducts nothing
    # СО withheld from the person (the ГПХ contractor's from 2026, Social Code art. 243 sp.4) are a
    # withholding bounded by their own rate
    withheld_so = result.so.amount if result.so.withheld else 0
    assert gross - result.net - result.ipn.amount - withheld_so <= gross * (result.opv.rate + result.vosms.rule.rate) + 2
    assert min(result.ipn.amount, result.ipn.base, result.sn.amount, result.net, result.opv.amount, result.so.amount) >= 0
    assert result.net <= gross <= result.employer_cost
    assert result.ipn_without_vosms >= result.ipn.amount  # deducting ВОСМС never raises ИПН


@settings(max_examples=100, deadline=None)
@given(period=st.builds(Period, st.integers(2020, 2026), st.integers(1, 12)), gross=TIYN, inputs=INPUTS,
       other=st.integers(0, 3_000_000))
def test_raising_vosms_never_raises_ipn(period, gross, inputs, other):
    # less income declared elsewhere leaves more of the cap here, so more ВОСМС is withheld
    inputs = {**inputs, "vosms_other_income": Decimal(other)}
    more = calculate_payslip(PayLine(iin=iin_for(date(1990, 6, 15)), period=period, gross=gross, **{**inputs, "vosms_other_income": Decimal(0)}))
    less = calculate_payslip(PayLine(iin=iin_for(date(1990, 6, 15)), period=period, gross=gross, **inputs))
    assert more.vosms.amount >= less.vosms.amount
    assert more.ipn.amount <= less.ipn.amount


@settings(max_examples=100, deadline=None)
@given(period=PERIODS, gross=st.integers(0, 6_000_000), step=st.integers(1, 3000), inputs=INPUTS)
def test_the_net_falls_by_at_most_two_tenge_as_the_gross_rises(period, gross, step, inputs):
    """Not monotone to the tenge (see test_grossup): ОПВ, ВОСМС and ИПН are each rounded to the
    tenge, and one more tenge of gross can tip all three up together (a non-resident in 2021-01:
    gross 274 → 275 gives ОПВ 27 → 28, ВОСМС 5 → 6, ИПН 27 → 28, net 215 → 213). Away from the 90 %
    adjustment limit a fall is never more than two tenge, and one for a resident, whose ИПН base
    falls when ОПВ and ВОСМС round up."""
    iin = iin_for(date(1990, 6, 15))
    low = calculate_payslip(PayLine(iin=iin, period=period, gross=gross, **inputs))
    high = calculate_payslip(PayLine(iin=iin, period=period, gross=gross + step, **inputs))
    if adjusted(low) and not adjusted(high):
        return  # the adjustment's limit lies between: the net may fall by the adjustment itself
    assert high.net >= low.net - (1 if inputs["resident"] else 2)


def adjusted(result: Payslip) -> bool:
    return any(p.param_id == "ipn.low_income_adjustment" for p in result.ipn.parameters)


@settings(max_examples=60, deadline=None)
@given(period=PERIODS, net=st.integers(0, 5_000_000), inputs=INPUTS)
def test_gross_up_then_calculate_returns_the_net(period, net, inputs):
    line = PayLine(iin=iin_for(date(1990, 6, 15)), period=period, gross=0, **inputs)
    found = gross_up(line, net)
    again = calculate_payslip(PayLine(iin=line.iin, period=period, gross=found.gross, **inputs))
    assert again.net == found.net
    assert again.net == net if found.exact else again.net > net
    # the first gross: no smaller gross nearby gives the net asked for
    for gross in range(max(0, int(found.gross) - 8), int(found.gross)):
        assert calculate_payslip(PayLine(iin=line.iin, period=period, gross=gross, **inputs)).net != net
