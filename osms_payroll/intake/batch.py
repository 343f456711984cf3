"""One input through the core, one way: ``read_lines(rows) → calculate_many(...) →`` results and a tally.

:func:`read_lines` turns rows into pay lines, or into rejections that travel in the same stream
(nothing is set aside for the engine to read back); the engine groups and computes;
:class:`Batch` passes the results on and keeps the tally of the pass (totals and errors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from osms_payroll.intake.contract import ParsedRow, parse_row
from osms_payroll.engine.group import Rejection
from osms_payroll.issues import Issue
from osms_payroll.engine.model import PayLine
from osms_payroll.engine.osms import ENGINE, MINOR, PersonCalculator
from osms_payroll.law.payments import kinds
from osms_payroll.engine.result import Result
from osms_payroll.engine.tally import Tally, Totals
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.intake.rows import SourceRow


#: Problems that reject one computed person (empty: the person goes on).
Screen = Callable[[Result], Sequence[Issue]]


@attrs.define
class Batch:
    """Runs rows through the calculator; ``errors`` and ``totals`` are complete once exhausted.

    ``from_net`` reads each row's ``net`` instead of its ``gross`` (a gross-up calculator's input).
    ``only_period`` rejects rows of any other month (a remittance run covers one month).
    """

    calculator: PersonCalculator
    default_period: Period | None = None
    from_net: bool = False
    only_period: Period | None = None
    errors: list[Issue] = attrs.field(factory=list)
    totals: Totals = attrs.field(
        default=attrs.Factory(lambda self: Totals.of(kinds(self.calculator.params, engine=ENGINE)), takes_self=True)
    )

    def tally(self, warnings: Iterable[Issue] = (), notes: Iterable[Issue] = ()) -> Tally:
        """The pass so far as a :class:`Tally` (complete once :meth:`results` is exhausted)."""
        return Tally(self.totals, tuple(self.errors), tuple(warnings), tuple(notes))

    def results(self, rows: Iterable[SourceRow], screen: Screen | None = None) -> Iterator[Result]:
        """Yield every computed result; the tally (``errors``, ``totals``) is complete once exhausted.

        ``screen`` (e.g. the bank's, :class:`~osms_payroll.remit.mt102.screen.BankScreen`) returns
        the problems that reject one computed person: that person is left out and counted like a
        rejected row, everyone else goes on.
        """
        lines = read_lines(
            rows, self.calculator.params, default_period=self.default_period, from_net=self.from_net,
            only_period=self.only_period,
        )
        for item in self.calculator.calculate_many(lines):
            if isinstance(item, Rejection):
                self.errors.extend(item.issues)
                self.totals.rejected_rows += item.rows
                continue
            problems = screen(item) if screen is not None else ()
            if problems:
                self.errors.extend(problems)
                self.totals.rejected_rows += len(item.person.lines)
                continue
            self.totals.add(item)
            yield item


def read_lines(
    rows: Iterable[SourceRow], params: Params, *, default_period: Period | None = None, from_net: bool = False,
    only_period: Period | None = None,
) -> Iterator[PayLine | Rejection]:
    """Each row as a :class:`PayLine`, or as a :class:`Rejection` carrying its located issues.

    ``from_net`` reads ``net`` instead of ``gross``; ``only_period`` rejects rows of any other month.
    """
    categories = {
        pid.split(".", 1)[1] for pid in params.parameters if pid.startswith("category.") and pid != f"category.{MINOR}"
    }
    for row in rows:
        parsed = parse_row(row, default_period, categories, from_net=from_net)
        line = parsed.line
        if line is not None and only_period not in (None, line.period):
            issue = Issue(
                "period.other", f"this row is for {line.period} but the run is for {only_period}; run {line.period} separately",
                row.location, "period", row.cells.get("period"),
            )
            parsed = ParsedRow(None, (issue,), parsed.key)
        if parsed.line is not None:
            yield parsed.line
            continue
        iin, period = parsed.key if parsed.key is not None else (None, None)
        yield Rejection(iin, period, parsed.issues)
