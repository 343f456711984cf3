"""The statutory payslip around the ОСМС core: plans, lines, ИПН, СН, and the gross-up from a net.

``calculator`` composes each payslip over the core's result; ``plans`` reads the per-(period,
category) numbers and citations; ``lines`` (ОПВ, ОПВР, СО), ``ipn`` and ``sn`` work out the person's
lines; ``grossup`` searches the gross for a net; ``result`` is what comes back.
"""

from osms_payroll.engine.payslip.calculator import NoPayslip, PayslipCalculator
from osms_payroll.engine.payslip.grossup import GrossUp, GrossUpCalculator, GrossUpError
from osms_payroll.engine.payslip.lines import PayslipInputError
from osms_payroll.engine.payslip.result import LINES, TOTALS, Line, Payslip, Step

__all__ = [
    "LINES",
    "TOTALS",
    "GrossUp",
    "GrossUpCalculator",
    "GrossUpError",
    "Line",
    "NoPayslip",
    "Payslip",
    "PayslipCalculator",
    "PayslipInputError",
    "Step",
]
