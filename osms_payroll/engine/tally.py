"""What one pass of the stream adds up to, and the fan-out that feeds every writer once.

``read_lines → calculate_many → fan_out(writers)``: each result goes to every writer as it comes,
each rejection's issues into the log; the :class:`Totals` are the fold of the pass, returned by
:func:`fan_out` once it is over (never an object that is right only after someone exhausted a
stream). The :class:`Tally` is what the writers that need the end are finished with (results,
errors report). Pure: no files, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol

import attrs

from osms_payroll.engine.group import Rejection
from osms_payroll.engine.result import Result
from osms_payroll.issues import Issue, IssueLog
from osms_payroll.money import ZERO


@attrs.define
class Totals:
    """Sums of the rounded per-person amounts by payment kind (payments-table order), and counts."""

    amounts: dict[str, Decimal] = attrs.field(factory=dict)
    persons: int = 0
    rejected_rows: int = 0

    @classmethod
    def of(cls, payment_kinds: Sequence[str]) -> Totals:
        """Zero totals for ``payment_kinds``, so that a pass without results still names each kind."""
        return cls(dict.fromkeys(payment_kinds, ZERO))

    def add(self, item: Result | Rejection) -> None:
        if isinstance(item, Rejection):
            self.rejected_rows += item.rows
            return
        for kind, contribution in item.contributions.items():
            self.amounts[kind] = self.amounts.get(kind, ZERO) + contribution.amount
        self.persons += 1


@attrs.frozen
class Tally:
    """The end of a pass: its ``totals``; its ``log``, with every rejected row and person-month (the
    errors) and the input's warnings; ``notes``, what the remittance writers said (stale files, the
    bank table's end…)."""

    totals: Totals
    log: IssueLog
    notes: tuple[Issue, ...] = ()


class Sink(Protocol):
    """Anything fed one result at a time: a remittance, a results file."""

    def add(self, result: Result) -> None: ...


@attrs.define
class Collected:
    """A sink that keeps every result, for a step that needs them all (comparing a corrected month)."""

    results: list[Result] = attrs.Factory(list)

    def add(self, result: Result) -> None:
        self.results.append(result)


def fan_out(
    items: Iterable[Result | Rejection], sinks: Sequence[Sink], log: IssueLog, kinds: Sequence[str]
) -> Totals:
    """Feed every result to every sink, in one pass (memory flat in the number of persons); each
    rejection's issues go into ``log``. Returns the totals of the pass, by payment kind (``kinds``)."""
    totals = Totals.of(kinds)
    for item in items:
        totals.add(item)
        if isinstance(item, Rejection):
            for issue in item.issues:
                log.error(issue)
            continue
        for sink in sinks:
            sink.add(item)
    return totals
