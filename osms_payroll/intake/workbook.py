"""Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) through python-calamine.

calamine holds one sheet in memory (about 0.6 GB per million rows) and hands rows over one by one;
nothing per row is kept here beyond that. Before calamine sees a file, its size is checked against
:mod:`~osms_payroll.intake.limits` (and each .xlsx sheet scanned, see :mod:`.xlsxscan`), so a file
that would exhaust memory is refused by name. Any failure of calamine becomes an
:class:`InputError`. Several sheets: ``sheet`` picks one by name, otherwise the visible sheet
whose header is recognised best is read, and a warning says which.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import TypeVar

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from osms_payroll.i18n import Message, _
from osms_payroll.issues import Issue, Location
from osms_payroll.period import Period
from osms_payroll.intake.adapter import SheetAdapter
from osms_payroll.intake.cells import Cell
from osms_payroll.intake.headers import SCAN_ROWS, Found, Merge, check_above, find_header, no_header
from osms_payroll.intake.limits import Limits, default_limits
from osms_payroll.intake.records import column_letters, column_number, open_source
from osms_payroll.intake.rows import InputError, RowSource
from osms_payroll.intake.xlsxscan import SheetScan, Source, open_package, scan_sheet, sheet_parts

SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
#: Formats whose XML can be scanned for formulas saved without a result.
SCANNED = (".xlsx", ".xlsm")
#: Zipped formats, whose uncompressed size is checked before they are read.
ZIPPED = (*SCANNED, ".xlsb", ".ods")

_T = TypeVar("_T")


def _damaged(name: str, exc: BaseException) -> InputError:
    return InputError(_("workbook.unreadable", file=name, reason=f"{type(exc).__name__}: {str(exc)[:200]}"))


def guarded(name: str, call: Callable[[], _T]) -> _T:
    """``call()``, with any failure of calamine (a Rust panic included) as an :class:`InputError`."""
    try:
        return call()
    except InputError:
        raise
    except Exception as exc:
        raise _damaged(name, exc) from None
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise _damaged(name, exc) from None


def _guarded_rows(name: str, rows: Iterator[Sequence[Cell]]) -> Iterator[Sequence[Cell]]:
    while True:
        row = guarded(name, lambda: next(rows, None))
        if row is None:
            return
        yield row


class _Sheet:
    """One sheet opened for reading: its header (if any) and the rows still to come."""

    def __init__(self, name: str, sheet: CalamineSheet, scan: int, file: str) -> None:
        self.name = name
        start = sheet.start
        self.start_row, self.offset = start if start is not None else (0, 0)
        self.width = sheet.width
        self.empty = start is None
        rows: Iterator[Sequence[Cell]] = _guarded_rows(file, guarded(file, lambda: iter(sheet.iter_rows())))
        first = next(rows, None)
        # calamine yields rows from the sheet's first row or from row 1 depending on version:
        # an empty first row before a non-empty start means the latter.
        if first is not None and self.start_row > 0 and not any(cell != "" for cell in first):
            rows = islice(rows, self.start_row - 1, None)
        elif first is not None:
            rows = chain((first,), rows)
        self.head = list(islice(rows, scan))
        self.rest = rows
        self.merges: list[Merge] | None = None
        merged = sheet.merged_cell_ranges
        if merged is not None:
            end = self.start_row + len(self.head)
            self.merges = [
                ((r0 - self.start_row, c0 - self.offset), (r1 - self.start_row, c1 - self.offset))
                for (r0, c0), (r1, c1) in merged
                if r0 < end and r1 >= self.start_row
            ]

    def find(self, file: str, adapters: Sequence[SheetAdapter], header_row: int | None) -> Found | None:
        if self.empty:
            return None
        return find_header(file, self.name, self.head, self.merges, adapters, first_row=self.start_row + 1, only_row=header_row)

    def numbered(self, found: Found) -> Iterator[tuple[int, Sequence[Cell]]]:
        first = self.start_row + 1
        after = found.index + 1
        return enumerate(chain(self.head[after:], self.rest), start=first + after)


def _open(source: Source, name: str) -> CalamineWorkbook:
    """The workbook as calamine opens it (its size was checked before, so the file exists)."""
    if isinstance(source, bytes):
        return guarded(name, lambda: CalamineWorkbook.from_filelike(io.BytesIO(source)))
    return guarded(name, lambda: CalamineWorkbook.from_path(str(source)))


def _check_size(source: Source, name: str, suffix: str, limits: Limits) -> None:
    """Before calamine opens anything: the file's size, or the zip's once uncompressed."""
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise InputError(_("input.cannot_open", file=name, reason=exc.strerror)) from None
    else:
        size = len(source)
    if suffix not in ZIPPED:
        if size > limits.max_file_bytes:
            raise InputError(_("workbook.too_large", file=name, size=size, limit=limits.max_file_bytes, named=limits.named("workbook.max_file_bytes")))
        return
    open_package(source, name, limits).close()


def _prescan(source: Source, name: str, suffix: str, limits: Limits, sheets: Sequence[str]) -> dict[str, SheetScan]:
    """Before calamine loads a sheet of an .xlsx: its rows, columns and formula cells (see :mod:`.xlsxscan`)."""
    if suffix not in SCANNED:
        return {}
    with open_package(source, name, limits) as book:
        parts = sheet_parts(book, name)
        scans: dict[str, SheetScan] = {}
        for sheet in sheets:
            if sheet not in parts:
                raise InputError(_("workbook.missing_part", file=name, sheet=sheet))
            scans[sheet] = scan_sheet(book, parts[sheet], f"{name}, sheet {sheet!r}", limits)
        return scans


def _check_formulas(name: str, sheet: _Sheet, found: Found, scan: SheetScan | None) -> dict[tuple[int, str], str]:
    if scan is None:
        return {}
    letters = {column_letters(sheet.offset + p[0] + 1) for p in found.columns.columns.values()}
    findings = scan.findings(found.header.row, letters)
    if findings.unsaved:
        cells = ", ".join(findings.unsaved[:5]) + (f" and {len(findings.unsaved) - 5} more" if len(findings.unsaved) > 5 else "")
        raise InputError(_("workbook.unsaved_formulas", where=f"{name}, {sheet.name}!{findings.unsaved[0]}", cells=cells))
    return findings.errors


def _with_errors(
    rows: Iterator[tuple[int, Sequence[Cell]]], errors: dict[tuple[int, str], str], offset: int
) -> Iterator[tuple[int, Sequence[Cell]]]:
    """Put an error cell's text (``#N/A``) where calamine reads an empty cell, so it is reported, not skipped."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, letters), text in errors.items():
        by_row.setdefault(row, []).append((column_number(letters) - 1 - offset, text))
    for number, cells in rows:
        found = by_row.get(number)
        if found:
            cells = list(cells)
            for position, text in found:
                if 0 <= position < len(cells):
                    cells[position] = text
        yield number, cells


def open_workbook(
    path: Path,
    adapters: Sequence[SheetAdapter],
    *,
    sheet: str | None,
    period: Period | None,
    header_row: int | None = None,
    limits: Limits | None = None,
    content: bytes | None = None,
    suffix: str | None = None,
) -> RowSource:
    """Open a workbook, pick the sheet and its header, and stream the rows under it.

    ``content`` is the workbook's bytes when it was read from a stream (``path`` then only names
    it, and ``suffix`` says its format).
    """
    limits = limits or default_limits()
    source: Source = path if content is None else content
    suffix = (suffix or path.suffix).lower()
    name = str(path)
    _check_size(source, name, suffix, limits)
    return _read(_open(source, name), source, name, suffix, limits, adapters, sheet, period, header_row)


def _read(
    book: CalamineWorkbook, source: Source, path: str, suffix: str, limits: Limits, adapters: Sequence[SheetAdapter],
    sheet: str | None, period: Period | None, header_row: int | None,
) -> RowSource:
    names = list(guarded(path, lambda: book.sheet_names))
    if sheet is not None and sheet not in names:
        raise InputError(_("workbook.no_sheet", file=path, sheet=sheet, sheets=", ".join(map(repr, names))))
    if sheet is not None:
        chosen = [sheet]
    else:
        chosen = [
            meta.name
            for meta in guarded(path, lambda: book.sheets_metadata)
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ] or names
    scans = _prescan(source, path, suffix, limits, chosen)
    best: tuple[_Sheet, Found] | None = None
    partial: Found | None = None
    empty: list[str] = []
    for name in chosen:
        loaded = guarded(path, lambda: book.get_sheet_by_name(name))
        opened = _Sheet(name, loaded, max(SCAN_ROWS, header_row or 0), path)
        if opened.empty:
            empty.append(name)
            continue
        found = opened.find(path, adapters, header_row)
        if found is None:
            continue
        if not found.complete:
            partial = partial or found
            continue
        if best is None or found.columns.score > best[1].columns.score:
            best = (opened, found)
    if best is None:
        if len(empty) == len(chosen):
            message = _("workbook.empty_sheet", file=path, sheet=sheet) if sheet else _("workbook.empty", file=path)
            raise InputError(message)
        where = f"{path}, sheet {sheet!r}" if sheet else f"{path} (sheets {', '.join(map(repr, chosen))})"
        raise InputError(no_header(where, partial))
    opened, found = best
    check_above(f"{path}, sheet {opened.name!r}", found, opened.head)
    warnings: list[Issue] = []
    if len(names) > 1 and sheet is None:
        others = ", ".join(repr(name) for name in names if name != opened.name)
        warnings.append(Issue("sheet.chosen", Message(
            "sheet.chosen", sheet=repr(opened.name), row=found.header.row, layout=repr(found.columns.adapter), others=others,
        ), Location(path, found.header.row, opened.name)))
    errors = _check_formulas(path, opened, found, scans.get(opened.name))
    rows = opened.numbered(found)
    if errors:
        rows = _with_errors(rows, errors, opened.offset)
    return open_source(
        path, opened.name, found, opened.offset, opened.width, rows, period=period, cell_refs=True, warnings=warnings
    )
