"""The reader side of the ``calc`` contract: rows of raw cells named by contract column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from osms_payroll.engine.model import Issue, Location

#: Columns of the ``calc`` contract, schema 1, in their canonical order.
CONTRACT_COLUMNS = ("iin", "full_name", "period", "gross", "category", "vosms_other_income", "osms_excluded")

RawCell = str | None


class InputError(Exception):
    """A file that cannot be read at all (exit code 2); the message says what to do."""


@attrs.frozen
class SourceRow:
    """One data row: raw cell values by contract column, and where they came from."""

    location: Location
    values: Mapping[str, RawCell]
    cells: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class RowSource:
    """An opened input: file-level warnings (unknown columns…) and the row stream."""

    file: str
    warnings: tuple[Issue, ...]
    rows: Iterator[SourceRow]


def _csv_rows(name: str, reader: Iterator[list[str]], header: list[str]) -> Iterator[SourceRow]:
    known = [(index, column) for index, column in enumerate(header) if column in CONTRACT_COLUMNS]
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        values = {column: (record[index] if index < len(record) else None) for index, column in known}
        yield SourceRow(Location(name, number), values)


def open_csv(path: Path) -> RowSource:
    """Open a UTF-8 CSV (BOM tolerated) with a header row of contract column names; streams rows."""
    try:
        handle = io.open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror}); check the path") from None
    reader = csv.reader(handle)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        handle.close()
        raise InputError(f"{path}: the file is empty; it needs a header row such as {','.join(CONTRACT_COLUMNS)}") from None
    except UnicodeDecodeError:
        handle.close()
        raise InputError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
    missing = [column for column in ("iin", "gross") if column not in header]
    if missing:
        handle.close()
        raise InputError(f"{path}: the header has no column {', '.join(missing)}; the columns are {','.join(CONTRACT_COLUMNS)}")
    warnings = tuple(
        Issue("column.unknown", f"column {column!r} is not part of the calc contract and was ignored", Location(str(path), 1), column)
        for column in header
        if column not in CONTRACT_COLUMNS
    )

    def rows() -> Iterator[SourceRow]:
        with handle:
            try:
                yield from _csv_rows(str(path), reader, header)
            except UnicodeDecodeError:
                raise InputError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None

    return RowSource(str(path), warnings, rows())


def open_rows(path: Path) -> RowSource:
    """Open any supported input by its extension."""
    return open_csv(path)
