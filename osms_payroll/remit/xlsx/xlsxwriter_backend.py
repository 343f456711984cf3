"""The layout written with XlsxWriter, in ``constant_memory`` mode: each row goes to disk as it
arrives, so memory is flat in the number of persons, and rows of different sheets may interleave.
A workbook known to hold few rows (:data:`~.layout.IN_MEMORY_ROWS`) is put together in memory: no
temporary file per sheet, most of what a small workbook costs.

Text is written as text (``write_string``), so a name beginning with ``=``, ``+``, ``-`` or ``@`` is
never a formula and an ИИН keeps its leading zeros.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]

from osms_payroll.remit.xlsx import layout
from osms_payroll.remit.xlsx.layout import STYLES, Properties, Sheet, Style, Totals, Value, sum_formula

def _options(style: Style) -> dict[str, object]:
    options: dict[str, object] = {}
    for key, value in (
        ("bold", style.bold), ("font_size", style.size), ("num_format", style.num_format),
        ("text_wrap", style.wrap), ("valign", "top" if style.top else None), ("border", 1 if style.border else None),
        ("top", 1 if style.top_border else None), ("bg_color", style.fill),
    ):
        if value:
            options[key] = value
    return options


def _write_only(ws: Any) -> None:
    """Rows of a sheet go to its temp file through a write-only handle. XlsxWriter opens it for
    reading too, and a readable text file resets its decoder (Python code) on every write: about two
    million calls at 100 000 persons. Its own way of closing and reopening the file reads it back."""
    ws.row_data_fh.close()
    ws.row_data_fh = ws.fh = open(ws.row_data_filename, "w", encoding="utf-8")  # noqa: SIM115 -- closed by XlsxWriter's _opt_close


class XlsxWriterBackend:
    """Writes ``path`` with XlsxWriter; see the module docstring."""

    def __init__(self, path: Path, rows: int | None = None) -> None:
        small = rows is not None and rows <= layout.IN_MEMORY_ROWS
        self._tmpdir = None if small else tempfile.TemporaryDirectory(prefix="osms-register-", ignore_cleanup_errors=True)
        memory = {"in_memory": True} if self._tmpdir is None else {"constant_memory": True, "tmpdir": self._tmpdir.name}
        self._book = xlsxwriter.Workbook(
            str(path), {**memory, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        self._formats = {name: self._book.add_format(_options(style)) for name, style in STYLES.items()}
        self._worksheets: dict[str, Any] = {}
        self._sheets: dict[str, Sheet] = {}
        self._columns: dict[str, tuple[Any, ...]] = {}
        self._rows: dict[str, int] = {}

    def _format(self, name: str | None) -> Any:
        return None if name is None else self._formats[name]

    def declare(self, names: Iterable[str]) -> None:
        for name in names:
            ws = self._worksheets[name] = self._book.add_worksheet(name)
            if self._tmpdir is not None:
                _write_only(ws)

    def frame(self, sheet: Sheet) -> None:
        ws, table, page = self._worksheets[sheet.name], sheet.table, sheet.page
        self._sheets[sheet.name] = sheet
        self._columns[sheet.name] = tuple(self._format(style) for style in table.styles)
        self._rows[sheet.name] = 0
        for index, width in enumerate(sheet.widths):
            ws.set_column(index, index, width)  # styles go on the cells: an empty row shows no border
        ws.set_paper(page.paper)
        if page.landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, page.tall)
        left, right, top, bottom = page.margins
        ws.set_margins(left=left, right=right, top=top, bottom=bottom)
        ws.set_footer(page.footer)
        if page.header:
            ws.set_header(page.header)
        header = sheet.header_row
        if page.repeat_header:
            ws.repeat_rows(header)
        for row, line in enumerate(sheet.banner):
            if line.height is not None:
                ws.set_row(row, line.height)
            for span in line.spans:
                ws.merge_range(row, span.first, row, span.last, span.text, self._formats[span.style])
        if table.height is not None:
            ws.set_row(header, table.height)
        header_format = self._formats["header"]
        for col, label in enumerate(table.labels):
            ws.write_string(header, col, label, header_format)
        if table.freeze:
            ws.freeze_panes(header + 1, 0)

    def row(self, name: str, values: tuple[Value, ...], height: float | None = None) -> None:  # float-ok: points
        ws, formats = self._worksheets[name], self._columns[name]
        self._rows[name] += 1
        row = self._sheets[name].header_row + self._rows[name]
        if height is not None:
            ws.set_row(row, height)
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(row, col, value, formats[col])
            elif isinstance(value, date):
                ws.write_datetime(row, col, value, formats[col])
            else:
                ws.write_number(row, col, value, formats[col])

    def finish(self, name: str, totals: Totals | None) -> None:
        ws, sheet, rows = self._worksheets[name], self._sheets[name], self._rows[name]
        last = sheet.last_row(rows)
        if sheet.table.autofilter:
            ws.autofilter(sheet.header_row, 0, last, len(sheet.table.labels) - 1)
        if totals is not None:
            total = self._formats["total"]
            ws.write_string(last + 1, 0, totals.label, total)
            formula = sum_formula(sheet, rows, xl_col_to_name(totals.column))
            ws.write_formula(last + 1, totals.column, formula, total, totals.value)

    def close(self, properties: Properties) -> None:
        if self._tmpdir is not None:
            for ws in self._worksheets.values():
                ws._opt_close()  # XlsxWriter reopens it to read the rows back (as after running out of handles)
        self._book.set_properties({
            "title": properties.title, "author": properties.author, "comments": properties.comments,
            "created": properties.created,
        })
        try:
            self._book.close()
        finally:
            self.abort()

    def abort(self) -> None:
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
