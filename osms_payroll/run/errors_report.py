"""The errors report of a run, for people (xlsx) and for scripts (csv): where, what, what to do.

In the user's language: headers and levels from the catalogs, warnings said in that language;
a warning that concerns many persons (a parameter's confidence, an open question) is one row with
the number of persons. The CSV is what Excel opens as it is: UTF-8 with a BOM, ``;`` between
fields for ru/kk (Excel's list separator where the decimal sign is a comma), ``,`` for en.
The workbook prints one page wide, landscape, with the header on every page; it is written from
the same layout model as the register, by either workbook writer (:mod:`~osms_payroll.remit.xlsx`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from osms_payroll.i18n import _, csv_delimiter, say, using
from osms_payroll.issues import Issue
from osms_payroll.period import Period
from osms_payroll.report.csvcell import neutralise

#: The report's columns (catalog keys ``errors.col.<name>``), and their widths in the workbook.
COLUMNS = ("level", "file", "sheet", "cell", "row", "column", "code", "message", "persons")
_WIDTHS = (16, 34, 12, 7, 7, 14, 20, 70, 8)
#: Paper margins in inches (left, right, top, bottom).
_MARGINS = (0.4, 0.4, 0.6, 0.7)  # float-ok, legal-number-ok: paper margins in inches
#: Points per line of wrapped text, and the header row's height (two lines).
_LINE_HEIGHT, _HEADER_HEIGHT = 15, 30  # legal-number-ok: row heights in points


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
    # Here, not at the top: importing remit while the writer plugins load (this module is one) loops.
    from osms_payroll.remit.xlsx import open_backend
    from osms_payroll.remit.xlsx.layout import Page, Properties, Sheet, Table

    with using(lang):
        titles = tuple(_(f"errors.col.{name}") for name in COLUMNS)
        title = _("errors.title", period=period)
        sheet = Sheet(
            name=_("errors.sheet"), widths=_WIDTHS,
            page=Page(footer=f"&C{_('errors.footer')}", margins=_MARGINS, header=f"&L{title}", repeat_header=True),
            table=Table(titles, ("wrap",) * len(COLUMNS), height=_HEADER_HEIGHT, freeze=True, autofilter=True),
        )
    csv_path = folder / f"{stem}.csv"
    xlsx_path = folder / f"{stem}.xlsx"
    book = open_backend(xlsx_path, None if error_count is None else error_count + len(warnings) + len(counted))
    try:
        book.declare([sheet.name])
        book.frame(sheet)
        message_width = _WIDTHS[COLUMNS.index("message")]
        with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=csv_delimiter(lang), lineterminator="\r\n")
            writer.writerow(titles)
            for row in _rows(errors, warnings, counted, lang):
                writer.writerow([neutralise(value) for value in row])
                lines = max(1, -(-len(row[COLUMNS.index("message")]) // message_width), -(-len(row[1]) // _WIDTHS[1]))
                book.row(sheet.name, tuple(value or None for value in row), _LINE_HEIGHT * lines)  # an empty cell is no cell
        book.finish(sheet.name, None)
    except BaseException:
        book.abort()
        raise
    # A fixed creation date keeps the bytes the same for the same inputs.
    book.close(Properties(title=title, author="", comments="", created=datetime(period.year, period.month, 1)))
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
