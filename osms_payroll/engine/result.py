"""What the core returns: every amount with the numbers and the law that produced it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.law import ParamValue
from osms_payroll.money import Rounding, format_amount


@attrs.frozen
class PaymentRule:
    """How one payment is computed for one (period, category), resolved once from the parameters.

    ``cap`` and ``floor`` are in tenge; ``fixed_base`` is set for self-payers' fixed amounts.
    ``not_due`` is a stable code when the payment is never owed under this rule (``category``,
    ``exempt``, ``no_rate``), with ``reason`` in words.
    """

    payment: str
    knp: str | None
    scheme: str | None
    rate: Decimal
    cap: Decimal | None
    floor: Decimal
    person_total: bool
    fixed_base: Decimal | None
    rounding: Rounding
    parameters: tuple[ParamValue, ...]
    not_due: str | None = None
    reason: str | None = None


#: Reasons in words for the per-person not-due codes.
NOT_DUE_REASONS = {
    "no_object": "no income inside the ОСМС object this month",
    "cap_used": "the cap is used up by income declared from other employers",
}


@attrs.frozen(slots=False)  # built per person: dict-backed frozen init is ~3x faster
class Contribution:
    """One payment (ООСМС or ВОСМС) for one person-month: the rule and the person's numbers.

    ``base_before_cap`` is the object after any floor; ``cap_available`` is the cap less income
    already declared elsewhere (cap scope ``person_total``).
    """

    rule: PaymentRule
    base_before_cap: Decimal
    cap_available: Decimal | None
    base: Decimal
    amount: Decimal
    floor_applied: bool = False
    shortfall: str | None = None

    @property
    def not_due(self) -> str | None:
        """Why nothing is owed, as a stable code (``exempt``, ``no_rate``, ``cap_used``…), else None."""
        return self.rule.not_due or self.shortfall

    @property
    def reason(self) -> str | None:
        return self.rule.reason or NOT_DUE_REASONS.get(self.shortfall or "")

    @property
    def parameters(self) -> tuple[ParamValue, ...]:
        return self.rule.parameters

    def to_dict(self, *, citations: bool = True) -> dict[str, Any]:
        """Plain data; with ``citations=False`` parameters are given by :attr:`ParamValue.ref` only."""
        rule = self.rule
        return {
            "payment": rule.payment,
            "knp": rule.knp,
            "scheme": rule.scheme,
            "base_before_cap": format_amount(self.base_before_cap),
            "floor_applied": self.floor_applied,
            "cap_available": None if self.cap_available is None else format_amount(self.cap_available),
            "base": format_amount(self.base),
            "rate": str(rule.rate),
            "amount": format_amount(self.amount),
            "not_due": self.not_due,
            "reason": self.reason,
            "parameters": [p.to_dict() if citations else p.ref for p in rule.parameters],
        }


def exclusion_rule(line: PayLine, reasons: tuple[ParamValue, ...]) -> ParamValue | None:
    """Of a result's exclusion reasons, the one of this excluded line (None: marked without a code)."""
    return next((r for r in reasons if r.param_id.endswith("." + line.osms_exclusion)), None)


def _line(line: PayLine, reasons: tuple[ParamValue, ...], citations: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": None if line.source is None else str(line.source),
        "gross": format_amount(line.gross),
        "osms_excluded": line.excluded,
    }
    if line.excluded:
        reason = exclusion_rule(line, reasons)
        out["osms_exclusion"] = line.osms_exclusion
        out["exclusion_rule"] = None if reason is None else reason.to_dict() if citations else reason.ref
    return out


@attrs.frozen(slots=False)  # built per person: dict-backed frozen init is ~3x faster
class Result:
    """The contributions of one person-month by payment kind (in payments-table order), with the
    explanation and warnings.

    ``birth_date`` is read from the ИИН once, by the engine; writers print it, never re-derive it
    (None when the ИИН's date digits are not a real date).
    """

    person: PersonMonth
    contributions: Mapping[str, Contribution]
    exempt_reason: str | None
    category_rule: ParamValue
    warnings: tuple[str, ...]
    birth_date: date | None
    #: The reason (with its article) of each line outside the ОСМС object.
    exclusions: tuple[ParamValue, ...] = attrs.field(default=(), kw_only=True)

    @property
    def iin(self) -> str:
        return self.person.iin

    @property
    def oosms(self) -> Contribution:
        """The employer's отчисления: a reader's convenience (writers iterate :attr:`contributions`)."""
        return self.contributions["oosms"]

    @property
    def vosms(self) -> Contribution:
        """The employee's взносы: a reader's convenience (writers iterate :attr:`contributions`)."""
        return self.contributions["vosms"]

    def parameters(self) -> tuple[ParamValue, ...]:
        """Every parameter value this result rests on (category rule first, exclusion reasons last)."""
        return (self.category_rule, *(p for c in self.contributions.values() for p in c.parameters), *self.exclusions)

    def explanation(self, *, citations: bool = True) -> dict[str, Any]:
        person = self.person
        return {
            "lines": [_line(line, self.exclusions, citations) for line in person.lines],
            "osms_object": format_amount(person.osms_object),
            "excluded": format_amount(person.excluded),
            "vosms_other_income": format_amount(person.vosms_other_income),
            "category_rule": self.category_rule.to_dict() if citations else self.category_rule.ref,
            **{kind: c.to_dict(citations=citations) for kind, c in self.contributions.items()},
        }

    def to_dict(self, *, citations: bool = True) -> dict[str, Any]:
        """The ``calc`` contract's result object (schema 1): money as exact decimal strings.

        ``citations=False`` names parameters by reference; the caller then lists them once.
        """
        person = self.person
        amounts: dict[str, str] = {}
        for kind, contribution in self.contributions.items():
            amounts[f"{kind}_base"] = format_amount(contribution.base)
            amounts[kind] = format_amount(contribution.amount)
        return {
            "iin": person.iin,
            "full_name": person.full_name,
            "period": str(person.period),
            "category": person.category,
            "gross": format_amount(person.gross),
            **amounts,
            "exempt_reason": self.exempt_reason,
            "warnings": list(self.warnings),
            "explanation": self.explanation(citations=citations),
        }
