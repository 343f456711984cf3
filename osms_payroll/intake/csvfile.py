"""CSV and other delimited text: encoding and delimiter found from the file, rows streamed.

Excel and 1C save CSV as UTF-8 (with or without a BOM), as Windows-1251, or as UTF-16 text with
tabs ("Unicode text"); Russian-locale Excel separates with ``;``. The delimiter is the one under
which the header is recognised best. The file is opened once (a pipe cannot be reopened); a
stream's bytes arrive as ``content``. A field longer than the limit, a NUL byte or text that is not
in the detected encoding is an :class:`InputError` naming the row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import IO

from osms_payroll.i18n import _
from osms_payroll.period import Period
from osms_payroll.intake.adapter import SheetAdapter
from osms_payroll.intake.headers import SCAN_ROWS, Found, check_above, find_header, no_header
from osms_payroll.intake.limits import Limits, default_limits
from osms_payroll.intake.records import open_source
from osms_payroll.intake.rows import InputError, RowSource

#: Bytes looked at to decide the encoding and the delimiter.
SAMPLE_BYTES = 1 << 16
DELIMITERS = (",", ";", "\t")


def detect_encoding(sample: bytes) -> str:
    """UTF-16 or UTF-8 by BOM; UTF-16 without one by its zero bytes (every other byte of ASCII text);
    else UTF-8 when the sample decodes as such, else Windows-1251."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    head = sample[:4096]
    if len(head) >= 2 and b"\0" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even == 0:
            return "utf-16-le"
        if even > len(head) // 4 and odd == 0:
            return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _sample_rows(text: str, delimiter: str, scan: int) -> list[list[str]]:
    lines = text.splitlines(keepends=True)
    if len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut short
    try:
        return list(islice(csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter), scan))
    except csv.Error:
        return []  # not this delimiter's text (a field runs past the sample); another may read it


def _best(path: Path, text: str, adapters: Sequence[SheetAdapter], only_row: int | None) -> tuple[str, Found | None]:
    best: tuple[str, Found | None] = (",", None)
    best_key = (False, -1, 0)
    # A delimiter the sample never holds reads every row as one cell, no usable header: only those it
    # holds are tried (each costs a whole header search), all of them when it holds none.
    for delimiter in [delimiter for delimiter in DELIMITERS if delimiter in text] or DELIMITERS:
        rows = _sample_rows(text, delimiter, max(SCAN_ROWS, only_row or 0))
        found = find_header(str(path), None, rows, None, adapters, only_row=only_row)
        if found is None:
            continue
        key = (found.complete, found.columns.score, len(found.header.labels))
        if key > best_key:
            best, best_key = (delimiter, found), key
    return best


def _open_bytes(path: Path, content: bytes | None) -> IO[bytes]:
    if content is not None:
        return io.BytesIO(content)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(_("input.cannot_open", file=path, reason=exc.strerror)) from None
    if raw.seekable():
        return raw
    with raw:  # a pipe or a device: read once, whole
        return io.BytesIO(raw.read())


def open_csv(
    path: Path, adapters: Sequence[SheetAdapter], *, period: Period | None, header_row: int | None = None,
    limits: Limits | None = None, content: bytes | None = None,
) -> RowSource:
    """Open a delimited text file and stream its rows; ``content`` is its bytes when read from a stream."""
    limits = limits or default_limits()
    raw = _open_bytes(path, content)
    try:
        sample = raw.read(SAMPLE_BYTES)
        raw.seek(0)
    except OSError as exc:
        raw.close()
        raise InputError(_("input.cannot_read", file=path, reason=exc.strerror)) from None
    if not sample.strip():
        raw.close()
        raise InputError(_("input.empty_file", file=path))
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="ignore")
    delimiter, found = _best(path, text, adapters, header_row)
    if found is None or not found.complete:
        raw.close()
        raise InputError(no_header(str(path), found))
    try:
        check_above(str(path), found, _sample_rows(text, delimiter, found.index + 1))
    except InputError:
        raw.close()
        raise
    handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
    records = csv.reader(handle, delimiter=delimiter)
    largest = limits.max_field_chars

    def numbered() -> Iterator[tuple[int, list[str]]]:
        with handle:
            number = 0
            previous = csv.field_size_limit(largest)
            try:
                for number, record in enumerate(records, start=1):
                    if number > found.header.row:
                        yield number, record
            except UnicodeDecodeError:
                raise InputError(_("csv.not_text", file=path, row=number + 1, encoding=encoding)) from None
            except csv.Error as exc:
                why = (
                    _("csv.field_too_long", limit=largest, named=limits.named("text.max_field_chars"))
                    if "field larger" in str(exc) else str(exc)
                )
                raise InputError(_("csv.row_unreadable", file=path, row=number + 1, reason=why)) from None
            finally:
                csv.field_size_limit(previous)

    width = len(found.header.labels)
    return open_source(str(path), None, found, 0, width, numbered(), period=period, cell_refs=False)
