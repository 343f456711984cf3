"""The reader side of the ``calc`` contract: rows of raw cells named by contract column."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import attrs

from osms_payroll.issues import Issue, IssueLog, Location
from osms_payroll.intake.layout import SheetLayout

#: Columns of the ``calc`` contract, schema 1, in their canonical order.
CONTRACT_COLUMNS = (
    "iin", "full_name", "period", "gross", "category", "vosms_other_income", "osms_excluded", "osms_exclusion",
    "resident", "standard_deduction", "ytd_taxable_income", "net", "hired_in_month", "dismissed_in_month",
)

RawCell = str | None


class InputError(Exception):
    """A file that cannot be read at all (exit code 2); the message says what to do."""


@attrs.frozen
class SourceRow:
    """One data row: raw cell values by contract column, and where they came from.

    A sheet that already holds its own ООСМС/ВОСМС adds them under ``oosms``/``vosms`` (not
    inputs: they are read only to reconcile); ``cells`` gives each value's cell (``C14``).
    """

    location: Location
    values: Mapping[str, RawCell]
    cells: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class RowSource:
    """An opened input: what opening found, and the row stream, read once.

    ``warnings`` are what was found on opening (unknown columns, the sheet chosen…); what reading
    finds (a restored ИИН zero, a totals row that disagrees) is reported into the log given to
    :meth:`rows`, as it is found. Nothing here changes while the rows are read.
    """

    file: str
    warnings: tuple[Issue, ...]
    read: Callable[[IssueLog], Iterator[SourceRow]]
    layout: SheetLayout | None = None

    def rows(self, log: IssueLog) -> Iterator[SourceRow]:
        """The rows (once); the opening's warnings go into ``log`` first, then each found while reading."""
        for issue in self.warnings:
            log.warn(issue)
        yield from self.read(log)
