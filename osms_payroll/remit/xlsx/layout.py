"""What a workbook contains, apart from how it is written: sheets of banner lines, one table and its
totals row, with named cell styles, column widths, row heights and print settings.

The shape is what both writers can express: every text above a table is a span of merged cells,
two or more (a spreadsheet cannot merge one cell, and the Rust writer places nothing else there),
nothing stands below a table but its totals row, and signature lines go in the printed footer. A
table with no rows keeps one empty row, as the Rust writer needs a row to write a header at all
(the filter covers it in both).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

#: A cell value: text, a number (a spreadsheet double), a date, or nothing.
Value = str | float | int | date | None
#: Rows up to which a sheet is put together in memory rather than streamed through temporary files
#: (creating files is most of what a small workbook costs); past it memory stays flat.
IN_MEMORY_ROWS = 2000


@dataclass(frozen=True)
class Style:
    """A cell format: font, alignment, number format, border and fill."""

    bold: bool = False
    size: int | None = None
    num_format: str | None = None
    wrap: bool = False
    top: bool = False
    border: bool = False
    top_border: bool = False
    fill: str | None = None


#: The styles of the register, by name.
STYLES: Mapping[str, Style] = {
    "title": Style(bold=True, size=12),
    "header": Style(bold=True, wrap=True, top=True, border=True, fill="#DDDDDD"),
    "caption": Style(bold=True),
    "text": Style(num_format="@", top=True),
    "wrap": Style(wrap=True, top=True),
    "money": Style(num_format="#,##0.00", top=True),
    "rate": Style(num_format="0.0##%"),
    "date": Style(num_format="dd.mm.yyyy"),
    "int": Style(num_format="0"),
    "sum": Style(bold=True, num_format="#,##0.00"),
    "total": Style(bold=True, num_format="#,##0.00", top_border=True),
}


@dataclass(frozen=True)
class Page:
    """Print settings: A4, landscape, one page wide (and ``tall`` pages high, 0 for as many as
    needed), margins in inches, the footer (and a header) in the spreadsheet's ``&`` codes, and
    whether the table's header row repeats on every page."""

    footer: str
    margins: tuple[float, float, float, float]  # float-ok: paper margins (left, right, top, bottom) in inches
    tall: int = 0
    header: str = ""
    repeat_header: bool = False
    paper: int = 9  # the spreadsheet format's code of A4
    landscape: bool = True


@dataclass(frozen=True)
class Span:
    """Text merged over columns ``first``..``last`` of one banner line."""

    first: int
    last: int
    text: str
    style: str


@dataclass(frozen=True)
class Line:
    """One line above the table: its spans (none: an empty line) and its height in points."""

    spans: tuple[Span, ...] = ()
    height: float | None = None  # float-ok: a row height in points


@dataclass(frozen=True)
class Table:
    """The header row (labels, style, height) and the style of each column's cells below it."""

    labels: tuple[str, ...]
    styles: tuple[str | None, ...]
    height: float | None = None  # float-ok: a row height in points
    freeze: bool = False
    autofilter: bool = False


@dataclass(frozen=True)
class Totals:
    """The row under the table: ``label`` in the first column, the sum of ``column`` (its value
    cached where the writer can store one)."""

    label: str
    column: int
    value: float  # float-ok: a spreadsheet number; the register checks it is exact


@dataclass(frozen=True)
class Sheet:
    """A sheet's frame: name, column widths, print settings, banner lines and the table."""

    name: str
    widths: tuple[int, ...]
    page: Page
    table: Table
    banner: tuple[Line, ...] = ()

    @property
    def header_row(self) -> int:
        return len(self.banner)

    def last_row(self, rows: int) -> int:
        """The table's last row (0-based) with ``rows`` rows written (an empty table keeps one)."""
        return self.header_row + max(rows, 1)


def sum_formula(sheet: Sheet, rows: int, column: str) -> str:
    """The totals formula over the table's rows of ``column`` (a column letter)."""
    return f"=SUM({column}{sheet.header_row + 2}:{column}{sheet.last_row(rows) + 1})"


@dataclass(frozen=True)
class Properties:
    """The document's properties; the creation date is the document date, so reruns match."""

    title: str
    author: str
    comments: str
    created: datetime


class Backend(Protocol):
    """A writer of the layout: sheets are named first (their order), each framed once, its rows
    streamed in, then finished with an optional totals row; :meth:`close` writes the file."""

    def declare(self, names: Iterable[str]) -> None: ...

    def frame(self, sheet: Sheet) -> None: ...

    def row(self, name: str, values: tuple[Value, ...], height: float | None = None) -> None: ...  # float-ok: points

    def finish(self, name: str, totals: Totals | None) -> None: ...

    def close(self, properties: Properties) -> None: ...

    def abort(self) -> None: ...
