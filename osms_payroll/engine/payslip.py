"""The statutory payslip of one person-month, built around the ОСМС core.

Employee: gross → ОПВ, ВОСМС, ИПН → net. Employer: ООСМС, ОПВР, СО, СН → cost. ООСМС and ВОСМС
are the core's (:meth:`Calculator.calculate`), taken as they are and never recomputed.

Order and rounding (osms-rules.md §6–§7, parameter ``rounding.payslip``): every payment is rounded
per person per month, and a base that subtracts another payment uses that payment's rounded amount,
the amount actually withheld or paid: ИПН on income − ОПВ − ВОСМС − standard deduction; СО on
income − ОПВ; СН on income − ОПВ − ВОСМС, less СО where the offset applies. The worked months of
osms-rules.md §6 come out exact this way.

"Income" is the month's accrued income inside the ОСМС object: lines marked ``osms_excluded`` are
left out of every base here too (and paid out in full). Amounts fixed in МРП use the МРП of
1 January of the year. The per-(period, category) work is done once and cached, as in the core.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

import attrs

from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.engine.osms import NO_SCHEME, Calculator, UnknownCategory
from osms_payroll.engine.payslip_result import Line, Payslip, Step
from osms_payroll.engine.result import Result
from osms_payroll.ids import mask
from osms_payroll.law.params import Params, ParamsError, ParamValue, Snapshot
from osms_payroll.money import ROUNDING_MODES, ZERO, format_amount
from osms_payroll.period import Period

LABELS = {"oosms": "ООСМС", "vosms": "ВОСМС", "opv": "ОПВ", "opvr": "ОПВР", "so": "СО", "sn": "СН", "ipn": "ИПН"}
#: Employer payments a КПН rule may name.
EMPLOYER_PAYMENTS = ("oosms", "opvr", "so", "sn")
#: Payslip inputs on :class:`PayLine` that must agree on every line of a person-month.
INPUTS = ("resident", "standard_deduction", "ytd_taxable_income")
MONTHS_IN_YEAR = 12
_UNITS = {"mzp": "МЗП", "mrp": "МРП"}
_NO_OBJECT = "no income inside the object this month"


class NoPayslip(UnknownCategory):
    """A category without a payslip rule: self-payers pay their ВОСМС outside payroll."""

    code = "payslip.category"


class PayslipInputError(ValueError):
    """Payslip inputs of one person-month that cannot be used; ``column`` names the input."""

    def __init__(self, code: str, column: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.column = column


def _pct(rate: Decimal) -> str:
    return f"{format_amount(rate * 100)} %"


def _amount_of(value: ParamValue, reference: ParamValue) -> tuple[Decimal, str]:
    """A count of МЗП or МРП in tenge, and how to say it (``14 МРП = 51688``)."""
    amount = value.decimal * reference.decimal
    return amount, f"{format_amount(value.decimal)} {_UNITS[value.unit]} = {format_amount(amount)}"


def _code(value: ParamValue, allowed: tuple[str, ...]) -> str:
    if value.text not in allowed:
        raise ParamsError(f"{value.file}: [{value.param_id}] from {value.start}: expected one of {', '.join(allowed)}, got {value.text!r}")
    return value.text


class _Rated(Protocol):
    rate: Decimal


def _rate_step(plan: _Rated) -> str:
    """A plan's rate as a step of the explanation (``× 10 %``), worked out once per plan."""
    return f"× {_pct(plan.rate)}"


@attrs.frozen
class _RatePlan:
    """A line that is rate × a base clamped to [floor, cap] (ОПВ, ОПВР, СО)."""

    name: str
    rate: Decimal
    floor: Decimal
    floor_step: str
    cap: Decimal | None
    cap_step: str
    parameters: tuple[ParamValue, ...]
    rate_step: str = attrs.field(init=False, default=attrs.Factory(_rate_step, takes_self=True))


@attrs.frozen
class _SnPlan:
    rate: Decimal
    so_offset: bool
    floor: Decimal
    floor_step: str
    parameters: tuple[ParamValue, ...]
    rate_step: str = attrs.field(init=False, default=attrs.Factory(_rate_step, takes_self=True))


@attrs.frozen
class _Band:
    """The 2026 upper ИПН band; ``matters`` is cited only when the band changes the tax."""

    rate: Decimal
    threshold: Decimal
    label: str
    monthly: bool
    cited: tuple[ParamValue, ...]
    matters: tuple[ParamValue, ...]
    above_step: str = attrs.field(init=False)

    @above_step.default
    def _above_step(self) -> str:
        return f"at {_pct(self.rate)}: the part above it"

    def above(self, taxable: Decimal, ytd: Decimal, monthly: bool) -> Decimal:
        """The part of this month's taxable income above what is left of the threshold."""
        room = self.threshold / MONTHS_IN_YEAR if monthly else self.threshold - ytd
        room = max(room, ZERO)
        return taxable - room if taxable > room else ZERO


@attrs.frozen
class _IpnPlan:
    rate: Decimal
    deduct_vosms: bool
    deduction: Decimal
    deduction_step: str
    adjustment: Decimal
    adjust_limit: Decimal
    adjust_step: str
    band: _Band | None
    nonresident_rate: Decimal
    resident_params: tuple[ParamValue, ...]
    deduction_params: tuple[ParamValue, ...]
    adjust_params: tuple[ParamValue, ...]
    nonresident_params: tuple[ParamValue, ...]
    rate_step: str = attrs.field(init=False, default=attrs.Factory(_rate_step, takes_self=True))
    nonresident_step: str = attrs.field(init=False)

    @nonresident_step.default
    def _nonresident_step(self) -> str:
        return f"× {_pct(self.nonresident_rate)}"


@attrs.frozen
class _SlipPlan:
    """Everything one (period, category) needs; a :class:`Line` in place of a plan is never due."""

    rule: ParamValue
    quantum: Decimal
    mode: str
    opv: _RatePlan | Line
    opvr: _RatePlan | Line
    born_from: date | None
    too_old: Line | None
    so: _RatePlan | Line
    sn: _SnPlan | Line
    ipn: _IpnPlan | Line
    kpn_rule: ParamValue
    kpn_lines: tuple[str, ...]

    def round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, rounding=self.mode)


def _never(name: str, code: str, reason: str, used: tuple[ParamValue, ...]) -> Line:
    return Line(name, ZERO, ZERO, ZERO, (), used, code, reason)


def _rate_line(plan: _RatePlan | Line, before: Decimal, steps: list[Step], slip: _SlipPlan) -> Line:
    if isinstance(plan, Line):
        return plan
    if before <= 0:
        return Line(plan.name, ZERO, plan.rate, ZERO, tuple(steps), plan.parameters, "no_object", _NO_OBJECT)
    base = before
    if base < plan.floor:
        base = plan.floor
        steps.append(Step(plan.floor_step, base))
    if plan.cap is not None and base > plan.cap:
        base = plan.cap
        steps.append(Step(plan.cap_step, base))
    exact = base * plan.rate
    amount = slip.round(exact)
    steps += [Step(plan.rate_step, exact), Step("rounded", amount)]
    return Line(plan.name, base, plan.rate, amount, tuple(steps), plan.parameters)


def _ipn(
    plan: _IpnPlan, slip: _SlipPlan, obj: Decimal, opv: Decimal, vosms: Decimal, first: PayLine
) -> Line:
    """ИПН of the month; ``first`` carries the person's payslip inputs."""
    if not first.resident:
        exact = obj * plan.nonresident_rate
        amount = slip.round(exact)
        taxed = (Step("income; non-resident: no deductions", obj), Step(plan.nonresident_step, exact), Step("rounded", amount))
        return Line("ipn", obj, plan.nonresident_rate, amount, taxed, plan.nonresident_params)
    used = plan.resident_params
    steps = [Step("income", obj), Step("− ОПВ", opv)]
    taxable = obj - opv
    if plan.deduct_vosms:
        steps.append(Step("− ВОСМС", vosms))
        taxable -= vosms
    if first.standard_deduction:
        steps.append(Step(plan.deduction_step, plan.deduction))
        taxable -= plan.deduction
        used += plan.deduction_params
    else:
        steps.append(Step("standard deduction not claimed at this employer", ZERO))
    if taxable < 0:
        taxable = ZERO
        steps.append(Step("taxable income below zero counts as 0", taxable))
    else:
        steps.append(Step("= taxable income", taxable))
    if plan.adjustment and obj <= plan.adjust_limit:
        cut = taxable * plan.adjustment
        taxable -= cut
        steps += [Step(plan.adjust_step, cut), Step("= taxable income after the adjustment", taxable)]
        used += plan.adjust_params
    band = plan.band
    if band is None:
        exact = taxable * plan.rate
        steps.append(Step(plan.rate_step, exact))
    else:
        ytd = first.ytd_taxable_income
        high = band.above(taxable, ytd, band.monthly)
        used += band.cited
        if high or band.above(taxable, ytd, not band.monthly):
            used += band.matters
        low = taxable - high
        where = "a twelfth of the year's threshold" if band.monthly else f"the year's threshold less {format_amount(ytd)} taxable earlier this year"
        exact = low * plan.rate + high * band.rate
        steps += [
            Step(f"at {_pct(plan.rate)}: the part within {where} ({band.label})", low),
            Step(band.above_step, high),
            Step("tax", exact),
        ]
    amount = slip.round(exact)
    steps.append(Step("rounded", amount))
    return Line("ipn", taxable, plan.rate, amount, tuple(steps), tuple(dict.fromkeys(used)))


def _sn(plan: _SnPlan | Line, slip: _SlipPlan, obj: Decimal, opv: Decimal, vosms: Decimal, so: Decimal) -> Line:
    if isinstance(plan, Line):
        return plan
    if obj <= 0:
        return Line("sn", ZERO, plan.rate, ZERO, (), plan.parameters, "no_object", _NO_OBJECT)
    base = obj - opv - vosms
    steps = [Step("income", obj), Step("− ОПВ", opv), Step("− ВОСМС", vosms), Step("= base", base)]
    if base < plan.floor:
        base = plan.floor
        steps.append(Step(plan.floor_step, base))
    exact = base * plan.rate
    amount = slip.round(exact)
    steps += [Step(plan.rate_step, exact), Step("rounded", amount)]
    if plan.so_offset:
        amount -= so
        steps.append(Step("− СО", so))
        if amount < 0:
            amount = ZERO
            steps.append(Step("below zero after the СО: no СН", amount))
        else:
            steps.append(Step("= СН", amount))
    return Line("sn", base, plan.rate, amount, tuple(steps), plan.parameters)


def _inputs(person: PersonMonth) -> PayLine:
    """The line whose payslip inputs stand for the person-month, once every line agrees."""
    first = person.lines[0]
    for line in person.lines[1:]:
        for column in INPUTS:
            if getattr(line, column) != getattr(first, column):
                raise PayslipInputError(
                    f"{column}.conflict",
                    column,
                    f"ИИН {mask(person.iin)}, {person.period}: different {column} on lines of the same month; "
                    "give it once per person-month (the same value on every line)",
                )
    return first


class PayslipCalculator(Calculator):
    """The core calculator whose results are :class:`Payslip` objects (the core's plus the rest)."""

    rejectable = (*Calculator.rejectable, PayslipInputError)

    def __init__(self, params: Params, *, reuse_last_known: bool = False) -> None:
        super().__init__(params, reuse_last_known=reuse_last_known)
        self._slips: dict[tuple[Period, str], _SlipPlan] = {}
        self._warned: dict[tuple[int, tuple[ParamValue, ...], tuple[ParamValue, ...]], tuple[str, ...]] = {}

    def calculate(self, person: PersonMonth) -> Payslip:
        return self.payslip(person)

    def payslip(self, person: PersonMonth) -> Payslip:
        """The payslip of one person-month (raises ParameterMissing, UnknownCategory, PayslipInputError)."""
        result = super().calculate(person)
        first = _inputs(person)
        plan = self._slips.get((person.period, person.category)) or self._slip_plan(person.period, person.category)
        obj = person.osms_object
        vosms = result.vosms.amount
        notes: list[str] = []
        opv = _rate_line(plan.opv, obj, [Step("income", obj)], plan)
        opvr = plan.too_old if plan.too_old is not None and self._too_old(person, plan, notes) else _rate_line(plan.opvr, obj, [Step("income", obj)], plan)
        so_base = obj - opv.amount
        so = _rate_line(plan.so, so_base, [Step("income", obj), Step("− ОПВ", opv.amount), Step("= income − ОПВ", so_base)], plan)
        if isinstance(plan.ipn, Line):
            ipn = free = plan.ipn
        else:
            ipn = _ipn(plan.ipn, plan, obj, opv.amount, vosms, first)
            deducted = vosms and first.resident and plan.ipn.deduct_vosms
            free = _ipn(plan.ipn, plan, obj, opv.amount, ZERO, first) if deducted else ipn
        sn = _sn(plan.sn, plan, obj, opv.amount, vosms, so.amount)
        employer = {"oosms": result.oosms.amount, "opvr": opvr.amount, "so": so.amount, "sn": sn.amount}
        warnings = self._warnings_of(plan, result, opv, ipn, opvr, so, sn)
        if person.excluded:
            notes.append(
                "lines marked osms_excluded are left out of the ОПВ, ИПН, ОПВР, СО and СН bases too; "
                "check that each is outside those objects as well"
            )
        return Payslip(
            person=person,
            contributions=result.contributions,
            exempt_reason=result.exempt_reason,
            category_rule=result.category_rule,
            warnings=warnings + tuple(notes),
            birth_date=result.birth_date,
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
        plan = self._slips.get((line.period, line.category)) or self._slip_plan(line.period, line.category)
        if isinstance(plan.ipn, Line) or not line.resident or not plan.ipn.adjustment:
            return ()
        return (plan.ipn.adjust_limit,)

    def quantum(self, period: Period, category: str) -> Decimal:
        """The money grid payslip amounts are rounded to."""
        return (self._slips.get((period, category)) or self._slip_plan(period, category)).quantum

    def _too_old(self, person: PersonMonth, plan: _SlipPlan, notes: list[str]) -> bool:
        born = self._birth_date(person.iin)
        if born is None:
            notes.append(
                f"ИИН {mask(person.iin)}: the birth date in the ИИН is not a real date, so ОПВР were charged "
                f"without checking the birth date against {plan.born_from}"
            )
            return False
        return plan.born_from is not None and born < plan.born_from

    def _warnings_of(self, plan: _SlipPlan, result: Result, opv: Line, ipn: Line, opvr: Line, so: Line, sn: Line) -> tuple[str, ...]:
        """The core's warnings and those of every payslip parameter used; the latter are cached,
        as within a plan only ОПВР's and ИПН's parameters vary from person to person."""
        key = (id(plan), opvr.parameters, ipn.parameters)
        own = self._warned.get(key)
        if own is None:
            used = (plan.rule, plan.kpn_rule, *opv.parameters, *ipn.parameters, *opvr.parameters, *so.parameters, *sn.parameters)
            own = self._warned[key] = tuple(self.params.warnings_for(used))
        return result.warnings + tuple(w for w in own if w not in result.warnings)

    def _slip_plan(self, period: Period, category: str) -> _SlipPlan:
        param_id = f"payslip_category.{category}"
        if param_id not in self.params.parameters:
            raise NoPayslip(
                f"category {category!r} has no payslip rule ({param_id}): self-payers pay ВОСМС outside "
                "payroll; compute them without the payslip"
            )
        snap = self.params.at(period, reuse_last_known=self.reuse_last_known)
        rule = snap[param_id]
        rounding = snap["rounding.payslip"]
        mzp = snap["mzp"]
        mrp = self.params.at(Period(period.year, 1), reuse_last_known=self.reuse_last_known)["mrp"]
        opvr = self._rate_plan(snap, rule, "opvr", mzp, rounding)
        born_from = None
        too_old = None
        if isinstance(opvr, _RatePlan):
            born_value = snap[f"{rule.table['opvr']}.born_from"]
            try:
                born_from = date.fromisoformat(born_value.text)
            except ValueError:
                raise ParamsError(f"{born_value.file}: [{born_value.param_id}] from {born_value.start}: not a YYYY-MM-DD date") from None
            opvr = attrs.evolve(opvr, parameters=(*opvr.parameters, born_value))
            too_old = _never("opvr", "born_before", f"born before {born_from} (birth date from the ИИН): no ОПВР", (born_value,))
        kpn_rule = snap["kpn.deductible"]
        kpn_lines = tuple(kpn_rule.text.split())
        if not set(kpn_lines) <= set(EMPLOYER_PAYMENTS):
            raise ParamsError(f"{kpn_rule.file}: [{kpn_rule.param_id}] from {kpn_rule.start}: name only {', '.join(EMPLOYER_PAYMENTS)}")
        plan = _SlipPlan(
            rule=rule,
            quantum=Decimal(rounding.table["quantum"]),
            mode=ROUNDING_MODES[rounding.table["mode"]],
            opv=self._rate_plan(snap, rule, "opv", mzp, rounding),
            opvr=opvr,
            born_from=born_from,
            too_old=too_old,
            so=self._rate_plan(snap, rule, "so", mzp, rounding),
            sn=self._sn_plan(snap, rule, mrp, rounding),
            ipn=self._ipn_plan(snap, rule, mzp, mrp, rounding),
            kpn_rule=kpn_rule,
            kpn_lines=kpn_lines,
        )
        self._slips[(period, category)] = plan
        return plan

    @staticmethod
    def _scheme(snap: Snapshot, rule: ParamValue, name: str) -> tuple[str, ParamValue | None]:
        """The scheme of line ``name`` and its rate, or a scheme of ``none``."""
        scheme = rule.table[name]
        return scheme, None if scheme == NO_SCHEME else snap[f"{scheme}.rate"]

    def _rate_plan(self, snap: Snapshot, rule: ParamValue, name: str, mzp: ParamValue, rounding: ParamValue) -> _RatePlan | Line:
        scheme, rate_value = self._scheme(snap, rule, name)
        if rate_value is None:
            return _never(name, "category", f"category rule: no {LABELS[name]} for this category ({rule.source})", (rule,))
        if rate_value.decimal == 0:
            return _never(
                name, "no_rate", f"no {LABELS[name]} rate in force for {snap.period} ({rate_value.note or rate_value.source})", (rate_value,)
            )
        used = [rate_value]
        floor, floor_label, cap, cap_label = ZERO, "", None, ""
        if f"{scheme}.base_floor_mzp" in snap:
            floor_value = snap[f"{scheme}.base_floor_mzp"]
            floor, floor_label = _amount_of(floor_value, mzp)
            used.append(floor_value)
        if f"{scheme}.base_cap_mzp" in snap:
            cap_value = snap[f"{scheme}.base_cap_mzp"]
            cap, cap_label = _amount_of(cap_value, mzp)
            used.append(cap_value)
        if len(used) > 1:
            used.append(mzp)
        return _RatePlan(
            name, rate_value.decimal, floor, f"raised to the minimum base, {floor_label}", cap, f"capped at {cap_label}",
            (*used, rounding),
        )

    def _sn_plan(self, snap: Snapshot, rule: ParamValue, mrp: ParamValue, rounding: ParamValue) -> _SnPlan | Line:
        scheme, rate_value = self._scheme(snap, rule, "sn")
        if rate_value is None:
            return _never("sn", "category", f"category rule: no СН for this category ({rule.source})", (rule,))
        offset = snap[f"{scheme}.so_offset"]
        used: tuple[ParamValue, ...] = (rate_value, offset)
        floor, floor_label = ZERO, ""
        if f"{scheme}.base_floor_mrp" in snap:
            floor_value = snap[f"{scheme}.base_floor_mrp"]
            floor, floor_label = _amount_of(floor_value, mrp)
            used += (floor_value, mrp)
        so_offset = _code(offset, ("deduct", "none")) == "deduct"
        return _SnPlan(rate_value.decimal, so_offset, floor, f"raised to the minimum base, {floor_label}", (*used, rounding))

    def _ipn_plan(self, snap: Snapshot, rule: ParamValue, mzp: ParamValue, mrp: ParamValue, rounding: ParamValue) -> _IpnPlan | Line:
        scheme, rate_value = self._scheme(snap, rule, "ipn")
        if rate_value is None:
            return _never("ipn", "category", f"category rule: no ИПН for this category ({rule.source})", (rule,))
        vosms = snap[f"{scheme}.vosms_deductible"]
        parts = [(snap[f"{scheme}.standard_deduction_mzp"], mzp), (snap[f"{scheme}.standard_deduction_mrp"], mrp)]
        deduction, labels, deduction_params = ZERO, [], []
        for count, reference in parts:
            deduction_params.append(count)
            if count.decimal:
                amount, label = _amount_of(count, reference)
                deduction += amount
                labels.append(label)
                deduction_params.append(reference)
        adjustment = snap[f"{scheme}.low_income_adjustment"]
        limit, limit_label = ZERO, ""
        adjust_params: tuple[ParamValue, ...] = ()
        if adjustment.decimal:
            threshold = snap[f"{scheme}.low_income_threshold_mrp"]
            limit, limit_label = _amount_of(threshold, mrp)
            adjust_params = (adjustment, threshold, mrp)
        band = None
        if f"{scheme}.band_rate" in snap:
            band_rate = snap[f"{scheme}.band_rate"]
            threshold = snap[f"{scheme}.band_threshold_mrp"]
            method = snap[f"{scheme}.band_method"]
            amount, label = _amount_of(threshold, mrp)
            monthly = _code(method, ("ytd", "monthly")) == "monthly"
            band = _Band(band_rate.decimal, amount, label, monthly, (threshold, mrp), (band_rate, method))
        nonresident = snap[f"{scheme}.nonresident_rate"]
        return _IpnPlan(
            rate=rate_value.decimal,
            deduct_vosms=_code(vosms, ("yes", "no")) == "yes",
            deduction=deduction,
            deduction_step=f"− standard deduction, {' + '.join(labels) or '0'}",
            adjustment=adjustment.decimal,
            adjust_limit=limit,
            adjust_step=f"− {_pct(adjustment.decimal)} adjustment: income ≤ {limit_label}",
            band=band,
            nonresident_rate=nonresident.decimal,
            resident_params=(rate_value, vosms, rounding),
            deduction_params=tuple(deduction_params),
            adjust_params=adjust_params,
            nonresident_params=(nonresident, rounding),
        )
