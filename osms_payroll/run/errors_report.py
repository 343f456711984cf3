"""The errors report of a run, for people (xlsx) and for scripts (csv): where, what, what to do.

In the user's language: headers and levels from the catalogs, warnings said in that language;
a warning that concerns many persons (a parameter's confidence, an open question) is one row with
the number of persons. The CSV is what Excel opens as it is: UTF-8 with a BOM, ``;`` between
fields for ru/kk (Excel's list separator where the decimal sign is a comma), ``,`` for en.
The workbook prints one page wide, landscape, with the header on every page.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

from osms_payroll.i18n import _, csv_delimiter, say, using
from osms_payroll.issues import Issue
from osms_payroll.period import Period
from osms_payroll.report.csvcell import neutralise

#: The report's columns (catalog keys ``errors.col.<name>``), and their widths in the workbook.
COLUMNS = ("level", "file", "sheet", "cell", "row", "column", "code", "message", "persons")
_WIDTHS = (16, 34, 12, 7, 7, 14, 20, 70, 8)
#: Paper: A4 (the spreadsheet format's code 9), margins in inches (left, right, top, bottom).
_A4 = 9
_MARGINS = (0.4, 0.4, 0.6, 0.7)  # float-ok, legal-number-ok: paper margins in inches
#: Points per line of wrapped text, and the header row's height (two lines).
_LINE_HEIGHT, _HEADER_HEIGHT = 15, 30  # legal-number-ok: row heights in points
#: Rows up to which the workbook is put together in memory: no temporary file per part (about
#: 1.5 ms a workbook instead of 9, most of what a small client's errors report cost). Past it, or
#: when the count is not known, rows go to disk as they are written, so memory stays flat.
IN_MEMORY_ROWS = 2000


def _row(level: str, issue: Issue, persons: int = 0) -> list[str]:
    loc = issue.location
    return [
        _(f"errors.level.{level}"),
        loc.file if loc else "",
        (loc.sheet or "") if loc else "",
        issue.cell or "",
        "" if loc is None or loc.row is None else str(loc.row),
        issue.column or "",
        issue.code,
        str(say(issue.message)),
        str(persons) if persons else "",
    ]


def write_errors(
    folder: Path, stem: str, errors: Iterable[Issue], warnings: Sequence[Issue], period: Period,
    *, lang: str = "ru", counted: Sequence[tuple[Issue, int]] = (), error_count: int | None = None,
) -> list[Path]:
    """``<stem>.csv`` and ``<stem>.xlsx`` in ``folder`` (a staging folder: published as a whole).

    ``errors`` are read once, as they stream (every rejected row, however many: memory stays flat);
    ``counted`` are the results' warnings with the number of persons each touches; ``error_count``,
    when known, is how many ``errors`` holds (a small report is then put together in memory).
    """
    with using(lang):
        titles = [_(f"errors.col.{name}") for name in COLUMNS]
        sheet_name = _("errors.sheet")
        title = _("errors.title", period=period)
        footer = _("errors.footer")
    csv_path = folder / f"{stem}.csv"
    xlsx_path = folder / f"{stem}.xlsx"
    small = error_count is not None and error_count + len(warnings) + len(counted) <= IN_MEMORY_ROWS
    book = xlsxwriter.Workbook(str(xlsx_path), {"in_memory" if small else "constant_memory": True, "strings_to_formulas": False})
    # A fixed creation date keeps the bytes the same for the same inputs.
    book.set_properties({"title": title, "created": datetime(period.year, period.month, 1)})
    sheet = book.add_worksheet(sheet_name)
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#DDDDDD"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for index, width in enumerate(_WIDTHS):
        sheet.set_column(index, index, width)
    sheet.set_row(0, _HEADER_HEIGHT)
    for index, text in enumerate(titles):
        sheet.write_string(0, index, text, header)
    message_width = _WIDTHS[COLUMNS.index("message")]
    number = 0
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=csv_delimiter(lang), lineterminator="\r\n")
        writer.writerow(titles)
        for number, row in enumerate(_rows(errors, warnings, counted, lang), start=1):
            writer.writerow([neutralise(value) for value in row])
            lines = max(1, -(-len(row[COLUMNS.index("message")]) // message_width), -(-len(row[1]) // _WIDTHS[1]))
            sheet.set_row(number, _LINE_HEIGHT * lines)
            for index, value in enumerate(row):
                sheet.write_string(number, index, value, wrap)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(number, 1), len(COLUMNS) - 1)
    sheet.set_paper(_A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    left, right, top, bottom = _MARGINS
    sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    sheet.set_header(f"&L{title}")
    sheet.set_footer(f"&C{footer}")
    book.close()
    return [csv_path, xlsx_path]


def _rows(
    errors: Iterable[Issue], warnings: Sequence[Issue], counted: Sequence[tuple[Issue, int]], lang: str
) -> Iterator[list[str]]:
    """The report's rows in ``lang``: errors, then the run's warnings, then the results' not said yet.

    A warning of the results that the run reports too is one row, with the persons it touches.
    """
    persons = {issue.message: (issue, count) for issue, count in counted}
    with using(lang):
        for issue in errors:
            yield _row("error", issue)
        for issue in warnings:
            yield _row("warning", issue, persons.pop(issue.message, (issue, 0))[1])
        for issue, count in persons.values():
            yield _row("warning", issue, count)


def read_errors(path: Path, lang: str) -> list[dict[str, str]]:
    """The rows of an ``errors.csv`` written in ``lang``, keyed by :data:`COLUMNS`, the level as a code
    (``error``, ``warning``)."""
    with using(lang):
        levels = {_(f"errors.level.{level}"): level for level in ("error", "warning")}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=csv_delimiter(lang))
        next(reader, None)
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in reader]
    for row in rows:
        row["level"] = levels.get(row["level"], row["level"])
    return rows
