"""The statutory payslip of one person-month, composed over the ОСМС core's result.

Employee: gross → ОПВ, ВОСМС, ИПН → net. Employer: ООСМС, ОПВР, СО, СН → cost. ООСМС and ВОСМС
are the core's (:meth:`Calculator.calculate`), taken as they are and never recomputed.

Order and rounding (osms-rules.md §6–§7, parameter ``rounding.payslip``): every payment is rounded
per person per month, and a base that subtracts another payment uses that payment's rounded amount,
the amount actually withheld or paid: ИПН on income − ОПВ − ВОСМС − standard deduction; СО on
income − ОПВ; СН on income − ОПВ − ВОСМС, less СО where the offset applies. The worked months of
osms-rules.md §6 come out exact this way.

"Income" is the month's accrued income inside the ОСМС object: lines marked ``osms_excluded`` are
left out of every base here too (and paid out in full). The per-(period, category) work is done
once and cached, as in the core.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

import attrs

from osms_payroll.engine.group import Rejection
from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.engine.osms import Calculator, UnknownCategory, each_person
from osms_payroll.engine.payslip.ipn import IpnPlan, ipn_line, ipn_plan
from osms_payroll.engine.payslip.lines import PayslipInputError, inputs, rate_line
from osms_payroll.engine.payslip.plans import RatePlan, never, rate_plan
from osms_payroll.engine.payslip.result import Line, Payslip, Step
from osms_payroll.engine.payslip.sn import SnPlan, sn_line, sn_plan
from osms_payroll.engine.result import Result
from osms_payroll.i18n import Message, _
from osms_payroll.ids import iin as iin_id
from osms_payroll.ids import mask
from osms_payroll.law import Params, ParamValue, Snapshot
from osms_payroll.money import ZERO, Rounding
from osms_payroll.period import Period


class NoPayslip(UnknownCategory):
    """A category without a payslip rule: self-payers pay their ВОСМС outside payroll."""

    code = "payslip.category"


@attrs.frozen
class SlipPlan:
    """Everything one (period, category) needs; a :class:`Line` in place of a plan is never due."""

    rule: ParamValue
    rounding: Rounding
    opv: RatePlan | Line
    opvr: RatePlan | Line
    born_from: date | None
    too_old: Line | None
    so: RatePlan | Line
    sn: SnPlan | Line
    ipn: IpnPlan | Line
    kpn_rule: ParamValue
    kpn_lines: tuple[str, ...]
    snapshot: Snapshot


class PayslipCalculator:
    """Payslips against one rule set: the core's result for each person-month, and the rest."""

    rejectable = (*Calculator.rejectable, PayslipInputError)

    def __init__(self, params: Params, *, reuse_last_known: bool = False) -> None:
        self.core = Calculator(params, reuse_last_known=reuse_last_known)
        self.params = params
        self.reuse_last_known = reuse_last_known
        self._slips: dict[tuple[Period, str], SlipPlan] = {}
        self._warned: dict[tuple[int, tuple[ParamValue, ...], tuple[ParamValue, ...], tuple[ParamValue, ...]], tuple[str, ...]] = {}

    def calculate_many(self, lines: Iterable[PayLine | Rejection]) -> Iterator[Result | Rejection]:
        """Group ``lines`` per person-month and make each payslip; a failure rejects that person only."""
        return each_person(lines, self.payslip, self.rejectable)

    def payslip(self, person: PersonMonth) -> Payslip:
        """The payslip of one person-month (raises ParameterMissing, UnknownCategory, PayslipInputError)."""
        return self.compose(self.core.calculate(person))

    def compose(self, result: Result) -> Payslip:
        """The payslip built over the core's ``result``: its ООСМС and ВОСМС as they are."""
        person = result.person
        first = inputs(person)
        plan = self.plan(person.period, person.category)
        rounding = plan.rounding
        obj = person.osms_object
        vosms = result.vosms.amount
        notes: list[str] = []
        opv = rate_line(plan.opv, rounding, obj, [Step("income", obj)])
        opvr = (
            plan.too_old
            if plan.too_old is not None and self._too_old(person, plan, notes)
            else rate_line(plan.opvr, rounding, obj, [Step("income", obj)])
        )
        so_base = obj - opv.amount
        so = rate_line(plan.so, rounding, so_base, [Step("income", obj), Step("− ОПВ", opv.amount), Step("= income − ОПВ", so_base)])
        so_deduction = None
        if isinstance(plan.so, RatePlan) and plan.so.ipn_deduction is not None:
            so_deduction = (so.amount, plan.so.ipn_deduction)
        if isinstance(plan.ipn, Line):
            ipn = free = plan.ipn
        else:
            ipn = ipn_line(plan.ipn, rounding, obj, opv.amount, vosms, first, so_deduction)
            deducted = vosms and first.resident and plan.ipn.deduct_vosms
            free = ipn_line(plan.ipn, rounding, obj, opv.amount, ZERO, first, so_deduction) if deducted else ipn
        sn = sn_line(plan.sn, rounding, obj, opv.amount, vosms, so.amount, joined_or_left=first.hired_in_month or first.dismissed_in_month)
        employer = {"oosms": result.oosms.amount, "opvr": opvr.amount, "so": ZERO if so.withheld else so.amount, "sn": sn.amount}
        if person.excluded:
            notes.append(
                "lines marked osms_excluded are left out of the ОПВ, ИПН, ОПВР, СО and СН bases too; "
                "check that each is outside those objects as well"
            )
        core = attrs.asdict(result, recurse=False)
        core["warnings"] = self._warnings_of(plan, result, opv, ipn, opvr, so, sn) + tuple(notes)
        return Payslip(
            **core,
            payslip_rule=plan.rule,
            resident=first.resident,
            standard_deduction=first.standard_deduction,
            ytd_taxable_income=first.ytd_taxable_income,
            opv=opv,
            ipn=ipn,
            opvr=opvr,
            so=so,
            sn=sn,
            ipn_base_without_vosms=free.base,
            ipn_without_vosms=free.amount,
            kpn_rule=plan.kpn_rule,
            kpn_lines=plan.kpn_lines,
            kpn_deductible=sum((employer[name] for name in plan.kpn_lines), ZERO),
        )

    def net_drops(self, line: PayLine) -> tuple[Decimal, ...]:
        """Incomes after which the net can fall as the gross rises (the 90 % adjustment's limit)."""
        plan = self.plan(line.period, line.category)
        if isinstance(plan.ipn, Line) or not line.resident or not plan.ipn.adjustment:
            return ()
        return (plan.ipn.adjust_limit,)

    def quantum(self, period: Period, category: str) -> Decimal:
        """The money grid payslip amounts are rounded to."""
        return self.plan(period, category).rounding.quantum

    def _too_old(self, person: PersonMonth, plan: SlipPlan, notes: list[str]) -> bool:
        born = iin_id.birth_date_unchecked(person.iin)
        if born is None:
            notes.append(Message("payslip.birth_unchecked", iin=mask(person.iin), born_from=plan.born_from))
            return False
        return plan.born_from is not None and born < plan.born_from

    def _warnings_of(self, plan: SlipPlan, result: Result, opv: Line, ipn: Line, opvr: Line, so: Line, sn: Line) -> tuple[str, ...]:
        """The core's warnings and those of every payslip parameter used; the latter are cached,
        as within a plan only ОПВР's, ИПН's and СН's parameters vary from person to person."""
        key = (id(plan), opvr.parameters, ipn.parameters, sn.parameters)
        own = self._warned.get(key)
        if own is None:
            used = (plan.rule, plan.kpn_rule, *opv.parameters, *ipn.parameters, *opvr.parameters, *so.parameters, *sn.parameters)
            warnings = self.params.warnings_for(used)
            reused = plan.snapshot.reuse_warning(used, prefix=Message("reuse.payslip", period=plan.snapshot.period))
            own = self._warned[key] = tuple(warnings if reused is None else [reused, *warnings])
        return result.warnings + tuple(w for w in own if w not in result.warnings)

    def plan(self, period: Period, category: str) -> SlipPlan:
        """The payslip plan of (period, category), made once."""
        found = self._slips.get((period, category))
        if found is not None:
            return found
        param_id = f"payslip_category.{category}"
        if param_id not in self.params.parameters:
            raise NoPayslip(_("payslip.no_rule", category=repr(category), param=param_id))
        snap = self.params.at(period, reuse_last_known=self.reuse_last_known)
        rule = snap[param_id]
        rounding = snap["rounding.payslip"].rounding
        opvr = rate_plan(snap, rule, "opvr")
        born_from = None
        too_old = None
        if isinstance(opvr, RatePlan):
            born_value = snap[f"{rule.table['opvr']}.born_from"]
            born_from = born_value.date
            opvr = attrs.evolve(opvr, parameters=(*opvr.parameters, born_value))
            too_old = never("opvr", "born_before", f"born before {born_from} (birth date from the ИИН): no ОПВР", (born_value,))
        kpn_rule = snap["kpn.deductible"]
        plan = SlipPlan(
            rule=rule,
            rounding=rounding,
            opv=rate_plan(snap, rule, "opv"),
            opvr=opvr,
            born_from=born_from,
            too_old=too_old,
            so=rate_plan(snap, rule, "so"),
            sn=sn_plan(snap, rule),
            ipn=ipn_plan(snap, rule),
            kpn_rule=kpn_rule,
            kpn_lines=kpn_rule.items,
            snapshot=snap,
        )
        self._slips[(period, category)] = plan
        return plan
