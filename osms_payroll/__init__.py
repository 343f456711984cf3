"""osms-payroll: Kazakhstan ОСМС (МӘМС) contributions computed from dated law, with explanations.

>>> from osms_payroll import PayLine, Period, calculate
>>> result = calculate(PayLine(iin="981005404646", period=Period.parse("2026-10"), gross="3399999"))
>>> result.oosms.amount, result.vosms.amount
(Decimal('102000'), Decimal('34000'))
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osms_payroll.engine.deadlines import Deadline, year_deadlines
from osms_payroll.engine.deadlines import due_date as _due_date
from osms_payroll.i18n import _
from osms_payroll.engine.group import Rejection
from osms_payroll.issues import Issue, Location
from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.engine.osms import Calculator, UnknownCategory
from osms_payroll.engine.penalty import Penalty, Segment, compute_penalty
from osms_payroll.engine.payslip import (
    GrossUp,
    GrossUpCalculator,
    GrossUpError,
    Line,
    NoPayslip,
    Payslip,
    PayslipCalculator,
    PayslipInputError,
    Step,
)
from osms_payroll.engine.result import Contribution, Result
from osms_payroll.engine.workdays import WorkCalendar
from osms_payroll.engine.workdays import kazakh_calendar as work_calendar
from osms_payroll.law import ParameterMissing, Params, default_params, load_params
from osms_payroll.money import parse_amount
from osms_payroll.period import Period
from osms_payroll.version import __version__

if TYPE_CHECKING:
    from osms_payroll.remit.payer import Employer, load_employer
    from osms_payroll.remit.pipeline import RemitOptions
    from osms_payroll.run.discover import Job
    from osms_payroll.run.job import JobResult, RunOptions, RunReport, run_month, run_months
    from osms_payroll.run.correct import CorrectionError, CorrectionRun
    from osms_payroll.run.penalty import PenaltyFiles, run_penalties, run_penalty_files
    from osms_payroll.run.single import (
        CALCULATORS, CalcOutcome, InputCheck, PersonResults, RemitOutcome, calc_input, calc_rows, calculator,
        person_results, reconcile_input, remit_month, validate_input,
    )
    from osms_payroll.run.verify import VerifyReport, verify

#: The orchestration functions (files in, files out), imported on first use so that the core
#: stays quick to import for those who only calculate.
_LAZY = {
    "Employer": "osms_payroll.remit.payer", "load_employer": "osms_payroll.remit.payer",
    "RemitOptions": "osms_payroll.remit.pipeline", "Job": "osms_payroll.run.discover",
    **dict.fromkeys(("JobResult", "RunOptions", "RunReport", "run_month", "run_months"), "osms_payroll.run.job"),
    **dict.fromkeys(("PenaltyFiles", "run_penalties", "run_penalty_files"), "osms_payroll.run.penalty"),
    "CorrectionError": "osms_payroll.run.correct", "CorrectionRun": "osms_payroll.run.correct",
    **dict.fromkeys(
        (
            "CALCULATORS", "CalcOutcome", "InputCheck", "PersonResults", "RemitOutcome", "calc_input", "calc_rows",
            "calculator", "person_results", "reconcile_input", "remit_month", "validate_input",
        ),
        "osms_payroll.run.single",
    ),
    "VerifyReport": "osms_payroll.run.verify", "verify": "osms_payroll.run.verify",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'osms_payroll' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


@lru_cache(maxsize=8)
def _calculator(params: Params, reuse_last_known: bool) -> Calculator:
    return Calculator(params, reuse_last_known=reuse_last_known)


def calculate(
    item: PayLine | PersonMonth, *, params: Params | None = None, reuse_last_known: bool = False
) -> Result:
    """ООСМС and ВОСМС for one pay line (or an already grouped person-month).

    Raises :class:`ParameterMissing` for a period outside the data (unless ``reuse_last_known``)
    and :class:`UnknownCategory` for a category the rules do not know.
    """
    person = item if isinstance(item, PersonMonth) else PersonMonth.of(item)
    return _calculator(params or default_params(), reuse_last_known).calculate(person)


def calculate_many(
    lines: Iterable[PayLine], *, params: Params | None = None, reuse_last_known: bool = False
) -> Iterator[Result | Rejection]:
    """Group lines per (ИИН, period), cap and round once per person-month, and compute each.

    A person-month that cannot be computed (conflicting categories, a period outside the data)
    comes out as a :class:`Rejection` with its issues; the others are unaffected.
    """
    return _calculator(params or default_params(), reuse_last_known).calculate_many(lines)


@lru_cache(maxsize=8)
def _payslip_calculator(params: Params, reuse_last_known: bool) -> GrossUpCalculator:
    return GrossUpCalculator(params, reuse_last_known=reuse_last_known)


def calculate_payslip(
    item: PayLine | PersonMonth, *, params: Params | None = None, reuse_last_known: bool = False
) -> Payslip:
    """The statutory payslip of one pay line (or person-month): the core's ООСМС and ВОСМС with
    ОПВ, ИПН, net, ОПВР, СО, СН, the employer's cost and the deductibility view.

    The inputs ``resident``, ``standard_deduction`` and ``ytd_taxable_income`` are read from the
    line(s). Raises as :func:`calculate`, plus :class:`NoPayslip` for a self-payer category and
    :class:`PayslipInputError` for lines of one month that disagree on those inputs.
    """
    person = item if isinstance(item, PersonMonth) else PersonMonth.of(item)
    return _payslip_calculator(params or default_params(), reuse_last_known).payslips.payslip(person)


def gross_up(
    line: PayLine,
    net: Decimal | str | int | None = None,
    *,
    step: Decimal | str | None = None,
    params: Params | None = None,
    reuse_last_known: bool = False,
) -> GrossUp:
    """The payslip whose net is ``net`` (default ``line.net``); the line's gross is ignored.

    The gross is searched on ``step`` (default: whole tenge, the rounding quantum). When no
    gross gives that net exactly, the result has ``exact=False``, says so in ``message`` and
    is the payslip with the nearest net above. Raises :class:`GrossUpError` when no gross
    reaches the net under the rules.
    """
    wanted = line.net if net is None else parse_amount(net)
    if wanted is None:
        raise ValueError(_("gross_up.no_net"))
    grid = None if step is None else parse_amount(step)
    if grid is not None and not grid:
        raise ValueError(_("gross_up.bad_step"))
    calculator = _payslip_calculator(params or default_params(), reuse_last_known)
    return calculator.gross_up(line, wanted, step=grid)


def due_date(
    period: Period | str, payer: str = "employer", *, params: Params | None = None, reuse_last_known: bool = False
) -> Deadline:
    """When ``period``'s ООСМС and ВОСМС are due for ``payer`` (employer, self or voluntary).

    >>> deadline = due_date("2023-05")
    >>> deadline.due, deadline.reason
    (datetime.date(2023, 6, 26), '25.06.2023 Sunday')
    """
    month = Period.parse(period) if isinstance(period, str) else period
    return _due_date(month, payer, work_calendar(), params or default_params(), reuse_last_known=reuse_last_known)


def penalty(
    kind: str,
    amount: Decimal | str | int,
    period: Period | str,
    paid: date | str,
    *,
    due: date | str | None = None,
    payer: str = "employer",
    params: Params | None = None,
    reuse_last_known: bool = False,
) -> Penalty:
    """The penalty (пеня, KNP 123 / 124) on ``amount`` of ``period``'s ``kind`` (oosms or vosms) paid on ``paid``.

    ``due`` defaults to the month's due date from the calendar (:func:`due_date`). Each day from
    the day after it through ``paid`` is charged at that day's rate; voluntary payers owe none.

    >>> late = penalty("vosms", "10000", "2023-05", "2023-07-10")
    >>> late.due.isoformat(), late.days, late.penalty
    ('2023-06-26', 14, Decimal('80'))
    """
    rules = params or default_params()
    month = Period.parse(period) if isinstance(period, str) else period
    paid_on = date.fromisoformat(paid) if isinstance(paid, str) else paid
    deadline = None
    if due is None:
        deadline = _due_date(month, payer, work_calendar(), rules, reuse_last_known=reuse_last_known)
        due_on = deadline.due
    else:
        due_on = date.fromisoformat(due) if isinstance(due, str) else due
    return compute_penalty(
        kind, parse_amount(amount), month, paid_on, rules, due=due_on, payer=payer, deadline=deadline, reuse_last_known=reuse_last_known
    )


def correct(
    manifest: Path | str,
    corrected_inputs: Iterable[Path | str],
    out: Path | str,
    *,
    value_date: date | str,
    doc_date: date | str | None = None,
    number: str = "1",
    paid: date | str | None = None,
    reuse_last_known: bool = False,
) -> CorrectionRun:
    """Correct a past month: recompute it from ``corrected_inputs`` under its run's recorded rules
    and options, and write into ``out`` the additional payment files (positive differences, the
    original month in /PERIOD/), the overpayments report, ``delta.json``, the corrected
    ``results.json`` and a manifest linking back to ``manifest``; with ``paid``, the penalty on
    the additional amounts. Raises :class:`CorrectionError` for an unusable original.
    """

    from osms_payroll.run.correct import correct_month

    def day(value: date | str) -> date:
        return date.fromisoformat(value) if isinstance(value, str) else value

    return correct_month(
        Path(manifest), [Path(p) for p in corrected_inputs], Path(out), value_date=day(value_date),
        doc_date=None if doc_date is None else day(doc_date), number=number, paid=None if paid is None else day(paid),
        reuse_last_known=reuse_last_known,
    )


def deadlines(
    year: int, payer: str = "employer", *, params: Params | None = None, reuse_last_known: bool = False
) -> list[Deadline]:
    """The due date of each month of ``year`` that owes ОСМС (from July 2017 on).

    Raises :class:`ParameterMissing` when no month of the year is covered by the data.
    """
    return year_deadlines(year, payer, work_calendar(), params or default_params(), reuse_last_known=reuse_last_known)


__all__ = [
    "CALCULATORS",
    "CalcOutcome",
    "Calculator",
    "Contribution",
    "CorrectionError",
    "CorrectionRun",
    "Deadline",
    "Employer",
    "GrossUp",
    "GrossUpCalculator",
    "GrossUpError",
    "InputCheck",
    "Issue",
    "Job",
    "JobResult",
    "Line",
    "Location",
    "NoPayslip",
    "ParameterMissing",
    "Params",
    "PayLine",
    "Payslip",
    "PayslipCalculator",
    "PayslipInputError",
    "Penalty",
    "PenaltyFiles",
    "Period",
    "PersonMonth",
    "PersonResults",
    "Rejection",
    "RemitOptions",
    "RemitOutcome",
    "Result",
    "RunOptions",
    "RunReport",
    "Segment",
    "Step",
    "UnknownCategory",
    "WorkCalendar",
    "calculate",
    "calculate_many",
    "calc_input",
    "calc_rows",
    "calculate_payslip",
    "correct",
    "calculator",
    "deadlines",
    "default_params",
    "due_date",
    "gross_up",
    "load_employer",
    "load_params",
    "penalty",
    "person_results",
    "reconcile_input",
    "remit_month",
    "run_month",
    "run_months",
    "run_penalties",
    "run_penalty_files",
    "validate_input",
    "verify",
    "VerifyReport",
    "work_calendar",
]
