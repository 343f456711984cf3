"""The calculator choice of ``calc``: the ОСМС core, the statutory payslip over it, or the payslip found from a net."""

from __future__ import annotations

from osms_payroll.engine.grossup import GrossUpCalculator
from osms_payroll.engine.osms import Calculator
from osms_payroll.engine.payslip import PayslipCalculator
from osms_payroll.law.params import Params, default_params

#: Calculators by the name ``calc`` knows them by.
CALCULATORS: dict[str, type[Calculator]] = {
    "plain": Calculator, "payslip": PayslipCalculator, "from_net": GrossUpCalculator,
}


def calculator(kind: str = "plain", *, params: Params | None = None, reuse_last_known: bool = False) -> Calculator:
    """A calculator of one of :data:`CALCULATORS` (``plain``, ``payslip``, ``from_net``) over ``params``."""
    try:
        chosen = CALCULATORS[kind]
    except KeyError:
        raise ValueError(f"calculator {kind!r}: choose from {', '.join(CALCULATORS)}") from None
    return chosen(params or default_params(), reuse_last_known=reuse_last_known)
