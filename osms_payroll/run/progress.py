"""How many rows a run is about to read, cheaply and before reading them, for a progress bar's
total and time left: lines of a CSV, the used range a workbook records for its sheets."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

#: A worksheet's used range, as Excel and XlsxWriter write it near the start of the sheet's XML.
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
#: How much of a sheet's XML to look at for its ``<dimension>`` (it comes before the data).
_HEAD = 4096
_CHUNK = 1 << 20


def _csv_rows(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            count += chunk.count(b"\n")
    return count


def _workbook_rows(path: Path) -> int | None:
    """Rows of the longest sheet (the one with the data, usually), or None when not recorded."""
    longest = None
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with book.open(name) as sheet:
                    found = _DIMENSION.search(sheet.read(_HEAD))
                if found is None:
                    return None
                rows = int(found.group(1) or 1)
                longest = rows if longest is None else max(longest, rows)
    return longest


def estimate_rows(paths: Iterable[Path]) -> int | None:
    """About how many rows ``paths`` hold (header and title rows included), or None if a file's
    format does not say without reading it (.xls, .xlsb, .ods) or it cannot be opened."""
    total = 0
    for path in paths:
        suffix = path.suffix.lower()
        try:
            rows = _csv_rows(path) if suffix == ".csv" else _workbook_rows(path) if suffix in (".xlsx", ".xlsm") else None
        except (OSError, zipfile.BadZipFile):
            rows = None
        if rows is None:
            return None
        total += rows
    return total
