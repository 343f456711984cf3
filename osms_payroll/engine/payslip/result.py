"""What the payslip returns: the core's ОСМС result plus every other statutory line, explained."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

import attrs

from osms_payroll.engine.result import Result
from osms_payroll.law import ParamValue
from osms_payroll.money import ZERO, Rounding, format_amount, round_amount

#: The payslip lines beyond the core's ООСМС and ВОСМС, in payslip order.
LINES = ("opv", "ipn", "opvr", "so", "sn")
#: The amounts of :meth:`Payslip.amounts`, which add up over a payroll.
TOTALS = ("opv", "ipn", "net", "opvr", "so", "sn", "employer_cost", "kpn_deductible")


class Step(NamedTuple):
    """One step of a line's arithmetic, in words, with the amount it produced.

    A named tuple rather than an attrs class: a payslip builds some thirty of them.
    """

    what: str
    amount: Decimal

    def to_dict(self) -> dict[str, str]:
        return {"what": self.what, "amount": format_amount(self.amount)}


def rated(base: Decimal, rate: Decimal, what: str, rounding: Rounding) -> tuple[Decimal, list[Step]]:
    """``base × rate`` rounded by the rule: the amount and its two steps (the product, the rounding)."""
    exact = base * rate
    amount = round_amount(exact, rounding)
    return amount, [Step(what, exact), Step("rounded", amount)]


@attrs.frozen(slots=False)  # built per person: dict-backed frozen init is faster
class Line:
    """One payslip line (ОПВ, ИПН, ОПВР, СО or СН) of one person-month.

    ``base`` is what ``rate`` applied to (for ИПН: the taxable income after every deduction);
    ``not_due`` is a stable code when nothing is owed (``category``, ``no_rate``, ``no_object``,
    ``born_before``), with ``reason`` in words.
    """

    name: str
    base: Decimal
    rate: Decimal
    amount: Decimal
    steps: tuple[Step, ...]
    parameters: tuple[ParamValue, ...]
    not_due: str | None = None
    reason: str | None = None
    #: Withheld from the person's income (the ГПХ contractor's СО from 2026), not paid on top of it.
    withheld: bool = False

    def to_dict(self, *, citations: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line": self.name,
            "base": format_amount(self.base),
            "rate": str(self.rate),
            "amount": format_amount(self.amount),
            "not_due": self.not_due,
            "reason": self.reason,
            "steps": [step.to_dict() for step in self.steps],
            "parameters": [p.to_dict() if citations else p.ref for p in self.parameters],
        }
        if self.withheld:
            out["withheld"] = True
        return out


@attrs.frozen(slots=False)  # built per person: dict-backed frozen init is faster
class Payslip(Result):
    """The statutory payslip of one person-month: a core :class:`Result` (ООСМС, ВОСМС as the
    core computed them) with ОПВ, ИПН, net, ОПВР, СО, СН, the employer's cost and the tax view.

    ``ipn_base_without_vosms`` and ``ipn_without_vosms`` are the ИПН base and ИПН had ВОСМС not
    been deducted: their difference to ``ipn`` is what ВОСМС saved the employee in tax.
    ``kpn_deductible`` sums the employer payments named by ``kpn_rule``.
    """

    payslip_rule: ParamValue
    resident: bool
    standard_deduction: bool
    ytd_taxable_income: Decimal
    opv: Line
    ipn: Line
    opvr: Line
    so: Line
    sn: Line
    ipn_base_without_vosms: Decimal
    ipn_without_vosms: Decimal
    kpn_rule: ParamValue
    kpn_lines: tuple[str, ...]
    kpn_deductible: Decimal

    @property
    def gross(self) -> Decimal:
        return self.person.gross

    @property
    def ipn_base(self) -> Decimal:
        return self.ipn.base

    @property
    def net(self) -> Decimal:
        """Paid out: gross less ОПВ, ВОСМС, ИПН and any СО withheld from the person."""
        net = self.person.gross - self.opv.amount - self.vosms.amount - self.ipn.amount
        return net - self.so.amount if self.so.withheld else net

    @property
    def employer_cost(self) -> Decimal:
        """Gross plus ООСМС, ОПВР, СО paid on top (not withheld) and СН."""
        so = ZERO if self.so.withheld else self.so.amount
        return self.person.gross + self.oosms.amount + self.opvr.amount + so + self.sn.amount

    @property
    def vosms_ipn_saving(self) -> Decimal:
        """ИПН the employee did not pay because ВОСМС was deducted from the base."""
        return self.ipn_without_vosms - self.ipn.amount

    def amounts(self) -> dict[str, Decimal]:
        """The payslip's amounts that add up over a payroll, by :data:`TOTALS` name."""
        return {
            "opv": self.opv.amount,
            "ipn": self.ipn.amount,
            "net": self.net,
            "opvr": self.opvr.amount,
            "so": self.so.amount,
            "sn": self.sn.amount,
            "employer_cost": self.employer_cost,
            "kpn_deductible": self.kpn_deductible,
        }

    def payslip_lines(self) -> tuple[Line, ...]:
        return tuple(getattr(self, name) for name in LINES)

    def parameters(self) -> tuple[ParamValue, ...]:
        own = (self.payslip_rule, self.kpn_rule, *(p for line in self.payslip_lines() for p in line.parameters))
        return (*super().parameters(), *own)

    def to_dict(self, *, citations: bool = True) -> dict[str, Any]:
        """The core's contract object with the payslip fields (money as exact decimal strings)."""
        out = super().to_dict(citations=citations)
        tail = {key: out.pop(key) for key in ("exempt_reason", "warnings", "explanation")}
        out.update(
            {
                "opv": format_amount(self.opv.amount),
                "ipn": format_amount(self.ipn.amount),
                "ipn_base": format_amount(self.ipn.base),
                "ipn_base_without_vosms": format_amount(self.ipn_base_without_vosms),
                "ipn_without_vosms": format_amount(self.ipn_without_vosms),
                "vosms_ipn_saving": format_amount(self.vosms_ipn_saving),
                "net": format_amount(self.net),
                "opvr": format_amount(self.opvr.amount),
                "so": format_amount(self.so.amount),
                "sn": format_amount(self.sn.amount),
                "employer_cost": format_amount(self.employer_cost),
                "kpn_deductible": format_amount(self.kpn_deductible),
                "resident": self.resident,
                "standard_deduction": self.standard_deduction,
                "ytd_taxable_income": format_amount(self.ytd_taxable_income),
            }
        )
        out.update(tail)
        out["explanation"]["payslip"] = {
            "category_rule": self.payslip_rule.to_dict() if citations else self.payslip_rule.ref,
            "lines": {line.name: line.to_dict(citations=citations) for line in self.payslip_lines()},
            "kpn": {
                "rule": self.kpn_rule.to_dict() if citations else self.kpn_rule.ref,
                "lines": list(self.kpn_lines),
                "amount": format_amount(self.kpn_deductible),
            },
        }
        return out
