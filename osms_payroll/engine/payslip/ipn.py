"""ИПН: income − ОПВ − ВОСМС − standard deduction, the 90 % adjustment, the 2026 upper band.

Amounts fixed in МРП use the МРП of 1 January of the year; a resident's ИПН cites only the
parameters that changed it (the deduction claimed, the adjustment applied, the band reached).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from osms_payroll.engine.model import PayLine
from osms_payroll.engine.payslip.plans import amount_of, never, pct, rate_step, scheme_rate
from osms_payroll.engine.payslip.result import Line, Step, rated
from osms_payroll.law import ParamValue, Snapshot
from osms_payroll.law.schema import BandMethod
from osms_payroll.money import ZERO, Rounding, format_amount, round_amount

MONTHS_IN_YEAR = 12


@attrs.frozen
class Band:
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
        return f"at {pct(self.rate)}: the part above it"

    def above(self, taxable: Decimal, ytd: Decimal, monthly: bool) -> Decimal:
        """The part of this month's taxable income above what is left of the threshold."""
        room = self.threshold / MONTHS_IN_YEAR if monthly else self.threshold - ytd
        room = max(room, ZERO)
        return taxable - room if taxable > room else ZERO


@attrs.frozen
class IpnPlan:
    rate: Decimal
    deduct_vosms: bool
    deduction: Decimal
    deduction_step: str
    adjustment: Decimal
    adjust_limit: Decimal
    adjust_step: str
    band: Band | None
    nonresident_rate: Decimal
    resident_params: tuple[ParamValue, ...]
    deduction_params: tuple[ParamValue, ...]
    adjust_params: tuple[ParamValue, ...]
    nonresident_params: tuple[ParamValue, ...]
    rate_step: str = attrs.field(init=False, default=attrs.Factory(rate_step, takes_self=True))
    nonresident_step: str = attrs.field(init=False)

    @nonresident_step.default
    def _nonresident_step(self) -> str:
        return f"× {pct(self.nonresident_rate)}"


def ipn_plan(snap: Snapshot, rule: ParamValue) -> IpnPlan | Line:
    scheme, resident, rate_value = scheme_rate(snap, rule, "ipn")
    if isinstance(rate_value, Line):
        return rate_value
    if rate_value.decimal == 0:  # a regime taxed at 0 % (the 2026 self-employed)
        return never("ipn", "no_rate", f"ИПН at 0 % for {snap.period} ({rate_value.source})", resident.used)
    deduct_vosms = resident[f"{scheme}.vosms_deductible"].flag
    resident["rounding.payslip"]  # read to be cited: the slip rounds every line by it
    deduction, labels = ZERO, []
    claimed = snap.recording()
    for count_id, reference in ((f"{scheme}.standard_deduction_mzp", claimed), (f"{scheme}.standard_deduction_mrp", claimed.year_start())):
        count = claimed[count_id]
        if count.decimal:  # the reference (МЗП, or МРП of 1 January) is cited only for a part that counts
            amount, label = amount_of(count, reference[count.unit])
            deduction += amount
            labels.append(label)
    adjustment = snap[f"{scheme}.low_income_adjustment"]
    limit, limit_label = ZERO, ""
    adjusted = snap.recording()
    if adjustment.decimal:
        adjustment = adjusted[adjustment.param_id]
        threshold = adjusted[f"{scheme}.low_income_threshold_mrp"]
        limit, limit_label = amount_of(threshold, adjusted.year_start()["mrp"])
    band = None
    if f"{scheme}.band_rate" in snap:
        cited, matters = snap.recording(), snap.recording()
        band_threshold = cited[f"{scheme}.band_threshold_mrp"]
        amount, label = amount_of(band_threshold, cited.year_start()["mrp"])
        band_rate = matters[f"{scheme}.band_rate"]
        monthly = matters[f"{scheme}.band_method"].choice(BandMethod) is BandMethod.MONTHLY
        band = Band(band_rate.decimal, amount, label, monthly, cited.used, matters.used)
    nonresident = snap.recording()
    nonresident_rate = nonresident[f"{scheme}.nonresident_rate"].decimal
    nonresident["rounding.payslip"]  # read to be cited
    return IpnPlan(
        rate=rate_value.decimal,
        deduct_vosms=deduct_vosms,
        deduction=deduction,
        deduction_step=f"− standard deduction, {' + '.join(labels) or '0'}",
        adjustment=adjustment.decimal,
        adjust_limit=limit,
        adjust_step=f"− {pct(adjustment.decimal)} adjustment: income ≤ {limit_label}",
        band=band,
        nonresident_rate=nonresident_rate,
        resident_params=resident.used,
        deduction_params=claimed.used,
        adjust_params=adjusted.used,
        nonresident_params=nonresident.used,
    )


def ipn_line(
    plan: IpnPlan, rounding: Rounding, obj: Decimal, opv: Decimal, vosms: Decimal, first: PayLine,
    withheld: tuple[Decimal, ParamValue] | None = None,
) -> Line:
    """ИПН of the month; ``first`` carries the person's payslip inputs; ``withheld`` is other
    payments withheld from the person that the Tax Code subtracts from the base (with the citation)."""
    if not first.resident:
        amount, taxed = rated(obj, plan.nonresident_rate, plan.nonresident_step, rounding)
        shown = (Step("income; non-resident: no deductions", obj), *taxed)
        return Line("ipn", obj, plan.nonresident_rate, amount, shown, plan.nonresident_params)
    used = plan.resident_params
    steps = [Step("income", obj), Step("− ОПВ", opv)]
    taxable = obj - opv
    if plan.deduct_vosms:
        steps.append(Step("− ВОСМС", vosms))
        taxable -= vosms
    if withheld is not None and withheld[0]:
        steps.append(Step("− СО withheld", withheld[0]))
        taxable -= withheld[0]
        used += (withheld[1],)
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
            Step(f"at {pct(plan.rate)}: the part within {where} ({band.label})", low),
            Step(band.above_step, high),
            Step("tax", exact),
        ]
    amount = round_amount(exact, rounding)
    steps.append(Step("rounded", amount))
    return Line("ipn", taxable, plan.rate, amount, tuple(steps), tuple(dict.fromkeys(used)))
