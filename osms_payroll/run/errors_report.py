"""The errors report of a run, for people (xlsx) and for scripts (csv): where, what, what to do."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

from osms_payroll.issues import Issue
from osms_payroll.period import Period
from osms_payroll.report.csvcell import neutralise

COLUMNS = ("level", "file", "sheet", "cell", "row", "column", "code", "message")
_WIDTHS = (9, 40, 14, 8, 6, 20, 28, 100)


def _row(level: str, issue: Issue) -> list[str]:
    loc = issue.location
    return [
        level,
        loc.file if loc else "",
        (loc.sheet or "") if loc else "",
        issue.cell or "",
        "" if loc is None or loc.row is None else str(loc.row),
        issue.column or "",
        issue.code,
        issue.message,
    ]


def write_errors(folder: Path, stem: str, errors: Sequence[Issue], warnings: Sequence[Issue], period: Period) -> list[Path]:
    """``<stem>.csv`` and ``<stem>.xlsx`` in ``folder`` (a staging folder: published as a whole)."""
    rows = [_row("error", issue) for issue in errors] + [_row("warning", issue) for issue in warnings]
    csv_path = folder / f"{stem}.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows([neutralise(value) for value in row] for row in rows)
    xlsx_path = folder / f"{stem}.xlsx"
    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True, "strings_to_formulas": False})
    # A fixed creation date keeps the bytes the same for the same inputs.
    book.set_properties({"title": f"osms-payroll errors {period}", "created": datetime(period.year, period.month, 1)})
    sheet = book.add_worksheet("errors")
    bold = book.add_format({"bold": True})
    for index, (title, width) in enumerate(zip(COLUMNS, _WIDTHS, strict=True)):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, title, bold)
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            sheet.write_string(number, index, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    book.close()
    return [csv_path, xlsx_path]
