"""The per-(period, category) payslip plans: each line's numbers and citations, read once.

A plan reads its parameters through a recording snapshot, so what it cites is what it read.
A :class:`Line` in place of a plan is a line never due under the category's rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

import attrs

from osms_payroll.engine.payslip.result import Line
from osms_payroll.law import ParamValue, Recorder, Snapshot
from osms_payroll.law.schema import NO_SCHEME
from osms_payroll.money import ZERO, format_amount

LABELS = {"oosms": "ООСМС", "vosms": "ВОСМС", "opv": "ОПВ", "opvr": "ОПВР", "so": "СО", "sn": "СН", "ipn": "ИПН"}
_UNITS = {"mzp": "МЗП", "mrp": "МРП"}
NO_OBJECT = "no income inside the object this month"


def pct(rate: Decimal) -> str:
    return f"{format_amount(rate * 100)} %"


def amount_of(value: ParamValue, reference: ParamValue) -> tuple[Decimal, str]:
    """A count of МЗП or МРП in tenge, and how to say it (``14 МРП = 51688``)."""
    amount = value.decimal * reference.decimal
    return amount, f"{format_amount(value.decimal)} {_UNITS[value.unit]} = {format_amount(amount)}"


class _Rated(Protocol):
    rate: Decimal


def rate_step(plan: _Rated) -> str:
    """A plan's rate as a step of the explanation (``× 10 %``), worked out once per plan."""
    return f"× {pct(plan.rate)}"


def never(name: str, code: str, reason: str, used: tuple[ParamValue, ...]) -> Line:
    return Line(name, ZERO, ZERO, ZERO, (), used, code, reason)


@attrs.frozen
class RatePlan:
    """A line that is rate × a base clamped to [floor, cap] (ОПВ, ОПВР, СО)."""

    name: str
    rate: Decimal
    floor: Decimal
    floor_step: str
    cap: Decimal | None
    cap_step: str
    parameters: tuple[ParamValue, ...]
    #: Withheld from the person (``{scheme}.withheld``), and then subtracted from the ИПН base
    #: by ``ipn_deduction`` (its citation) when the Tax Code says so.
    withheld: bool = False
    ipn_deduction: ParamValue | None = None
    rate_step: str = attrs.field(init=False, default=attrs.Factory(rate_step, takes_self=True))


def scheme_rate(snap: Snapshot, rule: ParamValue, name: str) -> tuple[str, Recorder, ParamValue | Line]:
    """The scheme of line ``name``, a recorder that has read its rate, and the rate; or, for a
    category without the line, the line never due."""
    scheme = rule.table[name]
    cited = snap.recording()
    if scheme == NO_SCHEME:
        rule = cited[rule.param_id]
        return scheme, cited, never(name, "category", f"category rule: no {LABELS[name]} for this category ({rule.source})", cited.used)
    return scheme, cited, cited[f"{scheme}.rate"]


def rate_plan(snap: Snapshot, rule: ParamValue, name: str) -> RatePlan | Line:
    """The plan of ОПВ, ОПВР or СО: rate, optional floor and cap in МЗП, rounding."""
    scheme, cited, rate_value = scheme_rate(snap, rule, name)
    if isinstance(rate_value, Line):
        return rate_value
    if rate_value.decimal == 0:
        return never(
            name, "no_rate", f"no {LABELS[name]} rate in force for {snap.period} ({rate_value.note or rate_value.source})", cited.used
        )
    floor_value = cited[f"{scheme}.base_floor_mzp"] if f"{scheme}.base_floor_mzp" in snap else None
    cap_value = cited[f"{scheme}.base_cap_mzp"] if f"{scheme}.base_cap_mzp" in snap else None
    floor, floor_label, cap, cap_label = ZERO, "", None, ""
    if floor_value is not None or cap_value is not None:
        mzp = cited["mzp"]
        if floor_value is not None:
            floor, floor_label = amount_of(floor_value, mzp)
        if cap_value is not None:
            cap, cap_label = amount_of(cap_value, mzp)
    cited["rounding.payslip"]  # read to be cited: the slip rounds every line by it
    withheld = f"{scheme}.withheld" in snap and cited[f"{scheme}.withheld"].flag
    deduction = None
    if withheld and f"{scheme}.ipn_deductible" in snap and snap[f"{scheme}.ipn_deductible"].flag:
        deduction = snap[f"{scheme}.ipn_deductible"]
    return RatePlan(
        name, rate_value.decimal, floor, f"raised to the minimum base, {floor_label}", cap, f"capped at {cap_label}", cited.used,
        withheld, deduction,
    )
