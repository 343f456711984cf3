"""One input through the core: parse rows, group per person-month, compute, keep totals.

Results stream out; what is kept is the per-person grouping state, the errors and the totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs

from osms_payroll.intake.contract import ParsedRow, parse_row
from osms_payroll.engine.group import Rejection
from osms_payroll.issues import Issue
from osms_payroll.engine.model import PayLine
from osms_payroll.engine.osms import MINOR, PersonCalculator
from osms_payroll.engine.result import Result
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.intake.rows import SourceRow


@attrs.define
class Totals:
    """Sums of the rounded per-person amounts, and counts."""

    oosms: Decimal = ZERO
    vosms: Decimal = ZERO
    persons: int = 0
    rejected_rows: int = 0

    def add(self, result: Result) -> None:
        self.oosms += result.oosms.amount
        self.vosms += result.vosms.amount
        self.persons += 1


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
    totals: Totals = attrs.field(factory=Totals)

    def _lines(self, rows: Iterable[SourceRow], blocked: set[tuple[str, Period]]) -> Iterator[PayLine]:
        categories = {
            pid.split(".", 1)[1]
            for pid in self.calculator.params.parameters
            if pid.startswith("category.") and pid != f"category.{MINOR}"
        }
        for row in rows:
            parsed = parse_row(row, self.default_period, categories, from_net=self.from_net)
            if parsed.line is not None and self.only_period not in (None, parsed.line.period):
                parsed = ParsedRow(None, (self._other_period(row, parsed.line.period),), parsed.key)
            if parsed.line is not None:
                yield parsed.line
                continue
            self.errors.extend(parsed.issues)
            self.totals.rejected_rows += 1
            if parsed.key is not None:
                blocked.add(parsed.key)

    def _other_period(self, row: SourceRow, period: Period) -> Issue:
        return Issue(
            "period.other",
            f"this row is for {period} but the run is for {self.only_period}; run {period} separately",
            row.location,
            "period",
            row.cells.get("period"),
        )

    def results(self, rows: Iterable[SourceRow]) -> Iterator[Result]:
        """Yield every computed result; rejections land in ``errors``."""
        blocked: set[tuple[str, Period]] = set()
        for item in self.calculator.calculate_many(self._lines(rows, blocked), blocked):
            if isinstance(item, Rejection):
                self.errors.extend(item.issues)
                self.totals.rejected_rows += len(item.lines)
                continue
            self.totals.add(item)
            yield item
