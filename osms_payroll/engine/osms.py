"""ООСМС and ВОСМС for one person-month: every payment kind of the payments table whose engine is ``osms``.

Everything legal comes from a :class:`~osms_payroll.law.Params` snapshot. The per-period work
(which scheme each category pays, caps in tenge, the citations, the warnings) is done once per
(period, category) and reused, so the per-person work is a few Decimal operations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

import attrs

from osms_payroll.engine.exclusions import ExclusionError, exclusion_reasons
from osms_payroll.engine.group import Rejection, group_lines
from osms_payroll.issues import Issue
from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.engine.result import Contribution, PaymentRule, Result
from osms_payroll.ids import iin as iin_id
from osms_payroll.ids import mask
from osms_payroll.law import ParameterMissing, Params, ParamValue, Snapshot
from osms_payroll.law.payments import Payment, payments
from osms_payroll.law.schema import NO_SCHEME, CapScope
from osms_payroll.money import ZERO, format_amount, round_amount
from osms_payroll.period import Period

#: The engine name this module answers to in the payments table.
ENGINE = "osms"
MINOR = "minor"


class UnknownCategory(LookupError):
    code = "category.unknown"
    column = "category"


@attrs.frozen
class _PaymentPlan:
    """A rule plus its precomputed result where it does not depend on the person's income."""

    rule: PaymentRule
    zero: Contribution
    fixed: Contribution | None = None
    #: A rate on the whole object, no cap (the 2026 self-employed regime).
    uncapped: bool = False
    #: The most a month's income may be under the regime this payment belongs to, and what a result
    #: above it says (``{scheme}.income_limit_mrp``: the self-employed regime's 300 МРП).
    income_limit: tuple[Decimal, str] | None = None


@attrs.frozen
class _Plan:
    """Everything one (period, category) needs; ``born_after`` is the minor rule as a date."""

    rule: ParamValue
    exempt_reason: str | None
    payments: tuple[tuple[str, _PaymentPlan], ...]
    warnings: tuple[str, ...]
    first_day: date
    born_after: date | None
    income_limit: tuple[Decimal, str] | None = None


class Calculator:
    """Computes results against one rule set; caches the per-(period, category) plans."""

    #: Errors that reject one person-month instead of stopping the batch (the payslip adds its own);
    #: an error's ``column`` names the input at fault, the period by default.
    rejectable: tuple[type[Exception], ...] = (ParameterMissing, UnknownCategory, ExclusionError)

    def __init__(self, params: Params, *, reuse_last_known: bool = False) -> None:
        self.params = params
        self.reuse_last_known = reuse_last_known
        self._plans: dict[tuple[Period, str], _Plan] = {}
        self._births: dict[str, date | None] = {}

    def categories(self, period: Period) -> list[str]:
        """Category codes known for ``period``."""
        return sorted(
            pid.split(".", 1)[1]
            for pid in self.params.parameters
            if pid.startswith("category.") and self.params.has(pid, self._lookup_period(period))
        )

    def _lookup_period(self, period: Period) -> Period:
        snap = self.params.at(period, reuse_last_known=self.reuse_last_known)
        return snap.reused_from or period

    def _payment_plan(self, snap: Snapshot, kind: Payment, rule: ParamValue, exempt: str | None) -> _PaymentPlan:
        payment = kind.kind
        scheme = rule.table[kind.category_column]
        rounding = snap["rounding.contribution"].rounding
        cited = snap.recording()

        def not_due(code: str, reason: str) -> _PaymentPlan:
            never = PaymentRule(
                payment, None, None if scheme == NO_SCHEME else scheme, ZERO, None, ZERO, False, None,
                rounding, cited.used, code, reason,
            )
            return _PaymentPlan(never, Contribution(never, ZERO, None, ZERO, ZERO))

        if scheme == NO_SCHEME:
            rule = cited[rule.param_id]  # the category rule is what says no
            if exempt:
                return not_due("exempt", f"category {exempt!r} is exempt from {payment} ({rule.source})")
            return not_due("category", f"category rule: no {payment} for this category ({rule.source})")
        rate_value = cited[f"{scheme}.rate"]
        rate = rate_value.decimal
        if rate == 0:
            return not_due("no_rate", f"no {payment} rate in force for {snap.period} ({rate_value.note or rate_value.source})")
        if f"{scheme}.base_mzp" in snap:
            base = cited[f"{scheme}.base_mzp"].decimal * cited["mzp"].decimal
            rounding = cited["rounding.contribution"].rounding
            knp = cited[kind.knp].text
            fixed_rule = PaymentRule(payment, knp, scheme, rate, None, ZERO, False, base, rounding, cited.used)
            amount = round_amount(base * rate, rounding)
            return _PaymentPlan(
                fixed_rule,
                Contribution(fixed_rule, ZERO, None, ZERO, ZERO, shortfall="no_object"),
                Contribution(fixed_rule, base, None, base, amount),
            )
        # No cap parameter: the rate applies to the whole object (its rate's note says so).
        uncapped = f"{scheme}.base_cap_mzp" not in snap
        cap = None if uncapped else cited[f"{scheme}.base_cap_mzp"].decimal * cited["mzp"].decimal
        rounding = cited["rounding.contribution"].rounding
        knp = cited[kind.knp].text
        person_total = not uncapped and cited[f"{scheme}.cap_scope"].choice(CapScope) is CapScope.PERSON_TOTAL
        floor = ZERO
        floor_id = f"{scheme}.base_floor_mzp"
        if floor_id in snap and snap[floor_id].decimal:
            floor = cited[floor_id].decimal * cited["mzp"].decimal  # a floor of zero is not cited
        limit = None
        if f"{scheme}.income_limit_mrp" in snap:
            limit_value = cited[f"{scheme}.income_limit_mrp"]
            most = limit_value.decimal * cited["mrp"].decimal
            limit = (most, (
                f"income above {format_amount(most)} a month ({format_amount(limit_value.decimal)} МРП), the limit of the "
                f"category's regime ({limit_value.source}): the regime does not apply to such a month; compute the person "
                "under the category that applies"
            ))
        income_rule = PaymentRule(payment, knp, scheme, rate, cap, floor, person_total, None, rounding, cited.used)
        return _PaymentPlan(
            income_rule, Contribution(income_rule, ZERO, None, ZERO, ZERO, shortfall="no_object"), uncapped=uncapped, income_limit=limit
        )

    def _plan(self, period: Period, category: str) -> _Plan:
        key = (period, category)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        snap = self.params.at(period, reuse_last_known=self.reuse_last_known)
        try:
            rule = snap[f"category.{category}"]
        except ParameterMissing:
            if self.params.has(f"category.{category}", snap.reused_from or period) or not any(
                pid.startswith("category.") and self.params.has(pid, snap.reused_from or period) for pid in self.params.parameters
            ):
                raise
            raise UnknownCategory(
                f"unknown category {category!r}; use one of: {', '.join(self.categories(period))}"
            ) from None
        exempt = rule.table["exempt_reason"] or None
        plans = tuple((kind.kind, self._payment_plan(snap, kind, rule, exempt)) for kind in payments(snap, engine=ENGINE))
        if not plans:  # a period past the payments table's review: refuse rather than owe nothing
            raise ParameterMissing("payment.*", period, None)
        used = (rule, *(p for _kind, plan in plans for p in plan.rule.parameters))
        warnings = self.params.warnings_for(used)
        reused = snap.reuse_warning(used)
        if reused is not None:
            warnings.insert(0, reused)
        born_after = None
        if exempt is None and any(plan.rule.scheme for _kind, plan in plans):
            minor_age = snap["exemption.minor_age"]
            first = period.first_day
            # Younger than the minor age on the first day of the month <=> born after this date.
            born_after = first.replace(year=first.year - int(minor_age.decimal))
        limits = [payment.income_limit for _kind, payment in plans if payment.income_limit is not None]
        plan = _Plan(rule, exempt, plans, tuple(warnings), period.first_day, born_after, min(limits) if limits else None)
        self._plans[key] = plan
        return plan

    def _birth_date(self, iin: str) -> date | None:
        # Digits 1-7 fix the birth date; PayLine validated the whole ИИН already.
        prefix = iin[:7]
        try:
            return self._births[prefix]
        except KeyError:
            born = self._births[prefix] = iin_id.birth_date_unchecked(iin)
            return born

    @staticmethod
    def _contribution(plan: _PaymentPlan, obj: Decimal, other_income: Decimal) -> Contribution:
        if plan.fixed is not None:
            return plan.fixed
        rule = plan.rule
        cap = rule.cap
        if obj <= ZERO or (cap is None and not plan.uncapped):
            return plan.zero
        floor_applied = obj < rule.floor
        before = rule.floor if floor_applied else obj
        if cap is None:
            amount = round_amount(before * rule.rate, rule.rounding)
            return Contribution(rule, before, None, before, amount, floor_applied)
        available = cap
        if other_income and rule.person_total:
            available = cap - other_income if other_income < cap else ZERO
        base = before if before <= available else available
        amount = round_amount(base * rule.rate, rule.rounding)
        return Contribution(rule, before, available, base, amount, floor_applied, None if available else "cap_used")

    def calculate(self, person: PersonMonth) -> Result:
        """ООСМС and ВОСМС of one person-month (raises ParameterMissing / UnknownCategory)."""
        period = person.period
        plan = self._plans.get((period, person.category)) or self._plan(period, person.category)
        warnings = plan.warnings
        born = self._birth_date(person.iin)
        if plan.born_after is not None:
            if born is None or born > plan.first_day:
                warnings += (
                    f"ИИН {mask(person.iin)}: the birth date in the ИИН is not a real date or is after "
                    f"{period}, so the minor exemption was not checked",
                )
            elif born > plan.born_after:
                plan = self._plans.get((period, MINOR)) or self._plan(period, MINOR)
                warnings = plan.warnings
        obj = person.osms_object
        if plan.income_limit is not None and obj > plan.income_limit[0]:
            warnings += (plan.income_limit[1],)
        reasons: tuple[ParamValue, ...] = ()
        if person.excluded:
            reasons = exclusion_reasons(self.params, self.params.at(period, reuse_last_known=self.reuse_last_known), person)
            warnings += tuple(w for w in self.params.warnings_for(reasons) if w not in warnings)
        other = person.vosms_other_income  # counts only where the scheme's cap scope is person_total
        return Result(
            person,
            {kind: self._contribution(payment, obj, other) for kind, payment in plan.payments},
            plan.exempt_reason,
            plan.rule,
            warnings,
            born,
            exclusions=reasons,
        )

    def calculate_many(self, lines: Iterable[PayLine | Rejection]) -> Iterator[Result | Rejection]:
        """Group ``lines`` per person-month and compute each; a failure rejects that person only.

        Rejected input rows may travel in ``lines`` (see :func:`~osms_payroll.engine.group.group_lines`).
        """
        return each_person(lines, self.calculate, self.rejectable)


class PersonCalculator(Protocol):
    """What a batch runs rows through: the ОСМС core, the payslip, the gross-up."""

    params: Params

    def calculate_many(self, lines: Iterable[PayLine | Rejection]) -> Iterator[Result | Rejection]: ...


R = TypeVar("R")


def each_person(
    lines: Iterable[PayLine | Rejection],
    calculate: Callable[[PersonMonth], R],
    rejectable: tuple[type[Exception], ...],
) -> Iterator[R | Rejection]:
    """Group ``lines`` per person-month and ``calculate`` each; a ``rejectable`` error rejects
    that person only (its ``code``, and ``column`` naming the input at fault, the period by default).
    Rejected rows in ``lines`` pass through and block their person-month."""
    for item in group_lines(lines):
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            yield calculate(item)
        except rejectable as exc:
            code, column = getattr(exc, "code", "person_month.rejected"), getattr(exc, "column", "period")
            yield Rejection(
                item.iin,
                item.period,
                tuple(Issue(code, str(exc), line.source, column) for line in item.lines),
                item.lines,
            )
