"""What one pass of the stream adds up to, and the fan-out that feeds every writer once.

``read_lines → calculate_many → fan_out(writers)``: each result goes to every writer as it comes;
the :class:`Tally` (totals, errors, warnings) is what the pass knew once exhausted, handed to the
writers that need it at the end (results, errors report). Pure: no files, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol

import attrs

from osms_payroll.engine.result import Result
from osms_payroll.issues import Issue
from osms_payroll.money import ZERO


@attrs.define
class Totals:
    """Sums of the rounded per-person amounts by payment kind (payments-table order), and counts."""

    amounts: dict[str, Decimal] = attrs.field(factory=dict)
    persons: int = 0
    rejected_rows: int = 0

    @classmethod
    def of(cls, payment_kinds: Sequence[str]) -> Totals:
        """Zero totals for ``payment_kinds``, so that a batch without results still names each kind."""
        return cls(dict.fromkeys(payment_kinds, ZERO))

    def add(self, result: Result) -> None:
        for kind, contribution in result.contributions.items():
            self.amounts[kind] = self.amounts.get(kind, ZERO) + contribution.amount
        self.persons += 1


@attrs.frozen
class Tally:
    """The end of a pass: ``errors`` are the rejected rows and person-months, ``warnings`` the
    input's, ``notes`` what the remittance writers said (stale files, the bank table's end…)."""

    totals: Totals
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    notes: tuple[Issue, ...] = ()


class Sink(Protocol):
    """Anything fed one result at a time: a remittance, a results file."""

    def add(self, result: Result) -> None: ...


def fan_out(results: Iterable[Result], sinks: Sequence[Sink]) -> None:
    """Feed every result to every sink, in one pass (memory flat in the number of persons)."""
    for result in results:
        for sink in sinks:
            sink.add(result)
