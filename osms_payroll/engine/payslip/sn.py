"""СН: income − ОПВ − ВОСМС, raised to its minimum base, less the СО where the offset applies.

The minimum base (2026: 14 МРП) counts in the МРП in force on the first day of the month and is
waived in the month of hire or dismissal where ``sn.floor_waived_on_hire_or_dismissal`` says so.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from osms_payroll.engine.payslip.plans import NO_OBJECT, amount_of, rate_step, scheme_rate
from osms_payroll.engine.payslip.result import Line, Step, rated
from osms_payroll.law import ParamValue, Snapshot
from osms_payroll.law.schema import SoOffset
from osms_payroll.money import ZERO, Rounding


@attrs.frozen
class SnPlan:
    rate: Decimal
    so_offset: bool
    floor: Decimal
    floor_step: str
    parameters: tuple[ParamValue, ...]
    #: The citation that waives the minimum base in a month of hire or dismissal, if any.
    waiver: ParamValue | None = None
    rate_step: str = attrs.field(init=False, default=attrs.Factory(rate_step, takes_self=True))


def sn_plan(snap: Snapshot, rule: ParamValue) -> SnPlan | Line:
    scheme, cited, rate_value = scheme_rate(snap, rule, "sn")
    if isinstance(rate_value, Line):
        return rate_value
    so_offset = cited[f"{scheme}.so_offset"].choice(SoOffset) is SoOffset.DEDUCT
    floor, floor_label, waiver = ZERO, "", None
    if f"{scheme}.base_floor_mrp" in snap:
        floor_value = cited[f"{scheme}.base_floor_mrp"]
        floor, floor_label = amount_of(floor_value, cited["mrp"])
        waived = f"{scheme}.floor_waived_on_hire_or_dismissal"
        if waived in snap and snap[waived].flag:
            waiver = snap[waived]
    cited["rounding.payslip"]  # read to be cited: the slip rounds every line by it
    return SnPlan(rate_value.decimal, so_offset, floor, f"raised to the minimum base, {floor_label}", cited.used, waiver)


def sn_line(
    plan: SnPlan | Line, rounding: Rounding, obj: Decimal, opv: Decimal, vosms: Decimal, so: Decimal, *, joined_or_left: bool = False
) -> Line:
    """СН of the month; ``joined_or_left`` is a month of hire or dismissal."""
    if isinstance(plan, Line):
        return plan
    if obj <= 0:
        return Line("sn", ZERO, plan.rate, ZERO, (), plan.parameters, "no_object", NO_OBJECT)
    base = obj - opv - vosms
    steps = [Step("income", obj), Step("− ОПВ", opv), Step("− ВОСМС", vosms), Step("= base", base)]
    parameters = plan.parameters
    if base < plan.floor:
        if joined_or_left and plan.waiver is not None:
            steps.append(Step("month of hire or dismissal: no minimum base", base))
            parameters += (plan.waiver,)
        else:
            base = plan.floor
            steps.append(Step(plan.floor_step, base))
    amount, taxed = rated(base, plan.rate, plan.rate_step, rounding)
    steps += taxed
    if plan.so_offset:
        amount -= so
        steps.append(Step("− СО", so))
        if amount < 0:
            amount = ZERO
            steps.append(Step("below zero after the СО: no СН", amount))
        else:
            steps.append(Step("= СН", amount))
    return Line("sn", base, plan.rate, amount, tuple(steps), parameters)
