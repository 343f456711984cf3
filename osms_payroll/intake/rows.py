"""The reader side of the ``calc`` contract: rows of raw cells named by contract column."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from osms_payroll.issues import Issue, Location
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
    """An opened input: its warnings, the row stream, and where the data sits.

    ``warnings`` holds what was found on opening (unknown columns, the sheet chosen…) and grows
    while ``rows`` is read (a restored ИИН zero, a totals row that disagrees); it is complete once
    ``rows`` is exhausted.
    """

    file: str
    warnings: list[Issue]
    rows: Iterator[SourceRow]
    layout: SheetLayout | None = None
