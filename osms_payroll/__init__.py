"""osms-payroll: Kazakhstan ОСМС (МӘМС) contributions computed from dated law, with explanations.

>>> from osms_payroll import PayLine, Period, calculate
>>> result = calculate(PayLine(iin="981005404646", period=Period.parse("2026-10"), gross="3399999"))
>>> result.oosms.amount, result.vosms.amount
(Decimal('102000'), Decimal('34000'))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from osms_payroll.engine.group import Rejection
from osms_payroll.engine.model import Issue, Location, PayLine, PersonMonth
from osms_payroll.engine.osms import Calculator, UnknownCategory
from osms_payroll.engine.result import Contribution, Result
from osms_payroll.law import ParameterMissing, Params, default_params, load_params
from osms_payroll.period import Period

__version__ = "0.1.0"


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


__all__ = [
    "Calculator",
    "Contribution",
    "Issue",
    "Location",
    "ParameterMissing",
    "Params",
    "PayLine",
    "Period",
    "PersonMonth",
    "Rejection",
    "Result",
    "UnknownCategory",
    "calculate",
    "calculate_many",
    "default_params",
    "load_params",
]
