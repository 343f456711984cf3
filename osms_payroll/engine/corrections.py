"""A past month corrected: person by person, what was paid, what is owed now, and why it changed.

The original side is what the month's lists held (its ``results.json``); the corrected side is
the month recomputed under its recorded rule set from the corrected workbooks. A positive
difference is an additional payment due now; a negative one an overpayment to offset or claim
back, never a negative bank line. An ИИН corrected in a list is the removal of the wrong person
and the addition of the right one; when both carry the same name, both say so. A person whose
corrected rows were rejected is neither removed nor changed: nothing is due or overpaid for them
until the rows are fixed (the errors report lists them). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from osms_payroll.engine.result import Result
from osms_payroll.i18n import Message
from osms_payroll.ids import mask
from osms_payroll.money import ZERO, format_amount, parse_amount
from osms_payroll.period import Period

@attrs.frozen
class Listed:
    """One person's line of a month as computed: what the lists held or would hold."""

    iin: str
    full_name: str
    category: str
    gross: Decimal
    bases: Mapping[str, Decimal]
    amounts: Mapping[str, Decimal]

    @classmethod
    def of(cls, result: Result) -> Listed:
        person, parts = result.person, result.contributions
        return cls(
            result.iin, person.full_name, person.category, person.gross,
            {kind: c.base for kind, c in parts.items()}, {kind: c.amount for kind, c in parts.items()},
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], kinds: Sequence[str]) -> Listed:
        """A result object of ``results.json`` (schema 1); raises KeyError/ValueError when malformed."""
        return cls(
            str(data["iin"]),
            str(data.get("full_name") or ""),
            str(data["category"]),
            parse_amount(str(data["gross"])),
            {kind: parse_amount(str(data[f"{kind}_base"])) for kind in kinds},
            {kind: parse_amount(str(data[kind])) for kind in kinds},
        )


@attrs.frozen
class Change:
    """One person's difference between the original month and its correction."""

    iin: str
    full_name: str
    before: Listed | None
    after: Listed | None
    #: The recomputed result, for its explanation (None for a removed person).
    result: Result | None
    why: tuple[Message, ...]
    kinds: tuple[str, ...]
    #: The corrected rows of this person were rejected: their month is not known, so not compared.
    rejected: bool = False

    @property
    def status(self) -> str:
        if self.rejected:
            return "rejected"
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if any(self.difference(kind) for kind in self.kinds) else "unchanged"

    def amount(self, side: Listed | None, kind: str) -> Decimal:
        return ZERO if side is None else side.amounts.get(kind, ZERO)

    def base(self, side: Listed | None, kind: str) -> Decimal:
        return ZERO if side is None else side.bases.get(kind, ZERO)

    def difference(self, kind: str) -> Decimal:
        if self.rejected:
            return ZERO
        return self.amount(self.after, kind) - self.amount(self.before, kind)

    def to_dict(self) -> dict[str, Any]:
        def side(listed: Listed | None) -> dict[str, Any] | None:
            if listed is None:
                return None
            return {
                "category": listed.category,
                "gross": format_amount(listed.gross),
                **{f"{kind}_base": format_amount(self.base(listed, kind)) for kind in self.kinds},
                **{kind: format_amount(self.amount(listed, kind)) for kind in self.kinds},
            }

        return {
            "iin": self.iin,
            "full_name": self.full_name,
            "status": self.status,
            "before": side(self.before),
            "after": side(self.after),
            "difference": {kind: _signed(self.difference(kind)) for kind in self.kinds},
            "why": list(self.why),
            "explanation": None if self.result is None else self.result.explanation(citations=False),
        }


@attrs.frozen
class Correction:
    """Every person's change in one month, and the additional payments and overpayments they make."""

    period: Period
    #: The payment kinds of the month's lists, in payments-table order.
    kinds: tuple[str, ...]
    changes: tuple[Change, ...]

    def additional(self, kind: str) -> list[Change]:
        """Persons owed more of ``kind``: each is one line of the additional list (the difference)."""
        return [c for c in self.changes if c.difference(kind) > 0]

    def overpaid(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.difference(kind) < 0]

    def total_additional(self, kind: str) -> Decimal:
        return sum((c.difference(kind) for c in self.additional(kind)), ZERO)

    def total_overpaid(self, kind: str) -> Decimal:
        return -sum((c.difference(kind) for c in self.overpaid(kind)), ZERO)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": str(self.period),
            "additional": {kind: format_amount(self.total_additional(kind)) for kind in self.kinds},
            "overpaid": {kind: format_amount(self.total_overpaid(kind)) for kind in self.kinds},
            "changes": [c.to_dict() for c in self.changes if c.status != "unchanged"],
            "unchanged": sum(1 for c in self.changes if c.status == "unchanged"),
        }


def _signed(amount: Decimal) -> str:
    return ("-" if amount < 0 else "") + format_amount(abs(amount))


def _why(before: Listed, after: Listed, kinds: Sequence[str]) -> list[Message]:
    why = []
    if before.category != after.category:
        why.append(Message("correct.why.category", before=before.category, after=after.category))
    if before.gross != after.gross:
        why.append(Message("correct.why.gross", before=format_amount(before.gross), after=format_amount(after.gross)))
    for kind in kinds:
        old, new = before.bases.get(kind, ZERO), after.bases.get(kind, ZERO)
        if old != new:
            why.append(Message("correct.why.base", kind=kind, before=format_amount(old), after=format_amount(new)))
    return why


def compare(
    period: Period, kinds: Sequence[str], original: Iterable[Listed], corrected: Iterable[Result], rejected: Iterable[str] = (),
) -> Correction:
    """Match the original and corrected persons by ИИН and say what changed in each of ``kinds``;
    ``rejected`` are the ИИН whose corrected month could not be computed (a rejected row)."""
    before = {listed.iin: listed for listed in original}
    results = {result.iin: result for result in corrected}
    after = {iin: Listed.of(result) for iin, result in results.items()}
    unknown = set(rejected) - after.keys()
    removed = {iin: p for iin, p in before.items() if iin not in after and iin not in unknown}
    added = {iin: p for iin, p in after.items() if iin not in before}
    by_name_removed = {p.full_name: iin for iin, p in removed.items() if p.full_name}
    by_name_added = {p.full_name: iin for iin, p in added.items() if p.full_name}
    changes = []
    for iin in sorted(before.keys() | after.keys() | unknown):
        old, new = before.get(iin), after.get(iin)
        why: list[Message]
        if iin in unknown:
            if old is None:
                continue  # not in the original and not computed now: only its rejected rows say anything
            changes.append(Change(iin, old.full_name, old, None, None, (Message("correct.why.rejected"),), tuple(kinds), rejected=True))
            continue
        if old is None:
            why = [Message("correct.why.added")]
            if new is not None and new.full_name in by_name_removed:
                why.append(Message("correct.why.iin_was", iin=mask(by_name_removed[new.full_name])))
        elif new is None:
            why = [Message("correct.why.removed")]
            if old.full_name in by_name_added:
                why.append(Message("correct.why.iin_now", iin=mask(by_name_added[old.full_name])))
        else:
            why = _why(old, new, kinds)
        person = new if new is not None else old
        assert person is not None  # every ИИН comes from one side or the other
        changes.append(Change(iin, person.full_name, old, new, results.get(iin), tuple(why), tuple(kinds)))
    return Correction(period, tuple(kinds), tuple(changes))
