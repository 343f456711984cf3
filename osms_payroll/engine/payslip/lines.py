"""The person's lines from the plans: ОПВ, ОПВР and СО (rate × a clamped base), and the inputs."""

from __future__ import annotations

from decimal import Decimal

from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.engine.payslip.plans import NO_OBJECT, RatePlan
from osms_payroll.engine.payslip.result import Line, Step, rated
from osms_payroll.i18n import _
from osms_payroll.ids import mask
from osms_payroll.money import ZERO, Rounding

#: Payslip inputs on :class:`PayLine` that must agree on every line of a person-month.
INPUTS = ("resident", "standard_deduction", "ytd_taxable_income", "hired_in_month", "dismissed_in_month")


class PayslipInputError(ValueError):
    """Payslip inputs of one person-month that cannot be used; ``column`` names the input."""

    def __init__(self, code: str, column: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.column = column


def rate_line(plan: RatePlan | Line, rounding: Rounding, before: Decimal, steps: list[Step]) -> Line:
    if isinstance(plan, Line):
        return plan
    if before <= 0:
        return Line(plan.name, ZERO, plan.rate, ZERO, tuple(steps), plan.parameters, "no_object", NO_OBJECT, plan.withheld)
    base = before
    if base < plan.floor:
        base = plan.floor
        steps.append(Step(plan.floor_step, base))
    if plan.cap is not None and base > plan.cap:
        base = plan.cap
        steps.append(Step(plan.cap_step, base))
    amount, taxed = rated(base, plan.rate, plan.rate_step, rounding)
    steps += taxed
    if plan.withheld:
        steps.append(Step("withheld from the person's income", amount))
    return Line(plan.name, base, plan.rate, amount, tuple(steps), plan.parameters, withheld=plan.withheld)


def inputs(person: PersonMonth) -> PayLine:
    """The line whose payslip inputs stand for the person-month, once every line agrees."""
    first = person.lines[0]
    for line in person.lines[1:]:
        for column in INPUTS:
            if getattr(line, column) != getattr(first, column):
                raise PayslipInputError(
                    f"{column}.conflict",
                    column,
                    _("payslip.input_conflict", who=f"ИИН {mask(person.iin)}, {person.period}", column=column),
                )
    return first
