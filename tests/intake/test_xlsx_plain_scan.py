"""The byte scan of a plain sheet: the rows, columns and refusals of the row-by-row parse, whatever
the chunks it is read in, and the parse whenever the sheet is not written as the scan reads it."""

from __future__ import annotations

import io
import re
import zipfile

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll.i18n import _, using
from osms_payroll.intake import xlsxscan
from osms_payroll.intake.limits import default_limits
from osms_payroll.intake.records import column_letters
from osms_payroll.intake.rows import InputError

PART = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _package(part: bytes) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(PART, part)
    return zipfile.ZipFile(buffer)


def _sheet(rows: list[tuple[int, list[int]]], prefix: str, dimension: str | None, spans: bool) -> bytes:
    """A sheet of numbered rows and placed cells, as spreadsheet programs write them."""
    tag = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{tag}worksheet {xmlns}>']
    if dimension is not None:
        out.append(f'<{tag}dimension ref="{dimension}"/>')
    out.append(f"<{tag}sheetData>")
    for number, columns in rows:
        attributes = f' r="{number}"' + (' spans="1:9"' if spans else "")
        if not columns:
            out.append(f"<{tag}row{attributes}/>")
            continue
        cells = "".join(f'<{tag}c r="{column_letters(c)}{number}" t="n"><{tag}v>{c}</{tag}v></{tag}c>' for c in columns)
        out.append(f"<{tag}row{attributes}>{cells}</{tag}row>")
    out.append(f"</{tag}sheetData></{tag}worksheet>")
    return "".join(out).encode()


def _outcome(part: bytes, limits, chunk: int) -> tuple[int, int] | str:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlsxscan, "CHUNK", chunk)
        try:
            scan = xlsxscan.scan_sheet(_package(part), PART, "sheet", limits)
        except InputError as exc:
            return str(exc)
    return scan.rows, scan.columns


def _parsed(part: bytes, limits) -> tuple[int, int] | str:
    """The row-by-row parse's answer: a comment keeps the byte scan away."""
    commented = part.replace(b"?>\n", b"?>\n<!-- parsed -->\n", 1)
    assert xlsxscan._plain_scan(_package(commented), PART, "sheet", limits) is None
    return _outcome(commented, limits, 1 << 20)


_ROWS = st.lists(
    st.tuples(st.integers(1, 40), st.lists(st.integers(1, 30), max_size=6, unique=True).map(sorted)), max_size=12,
).map(lambda rows: [(number, columns) for number, (_gap, columns) in zip(
    __import__("itertools").accumulate(gap for gap, _columns in rows), rows, strict=True)])


@settings(max_examples=200, deadline=None)
@given(rows=_ROWS, prefix=st.sampled_from(["", "x"]), dimension=st.sampled_from([None, "A1", "A1:E300", "A1:AD9", "B2:XFD1048576"]),
       spans=st.booleans(), max_rows=st.integers(5, 300), max_columns=st.integers(3, 30), chunk=st.integers(1, 64))
def test_the_byte_scan_finds_what_the_parse_finds(rows, prefix, dimension, spans, max_rows, max_columns, chunk):
    part = _sheet(rows, prefix, dimension, spans)
    limits = attrs.evolve(default_limits(), max_rows=max_rows, max_columns=max_columns)
    unlimited = attrs.evolve(default_limits(), max_rows=2**20, max_columns=2**14)
    # the byte scan reads a sheet without prefixes; rows or a dimension with them are left to the parse
    assert (xlsxscan._plain_scan(_package(part), PART, "sheet", unlimited) is None) == bool(prefix and (rows or dimension))
    assert _outcome(part, limits, chunk) == _parsed(part, limits)


@pytest.mark.parametrize("written", [
    # rows or cells without their reference first, quoted otherwise, or placed by order
    lambda part: part.replace(b'<row r="', b'<row spans="1:2" r="'),
    lambda part: re.sub(rb'<c (r="\w+") t="n"', rb'<c t="n" \1', part),
    lambda part: part.replace(b'<row r="1">', b"<row r='1'>"),
    lambda part: part.replace(b'<c r="C2"', b"<c"),
    # a DTD, a comment, CDATA; another encoding
    lambda part: part.replace(b"<sheetData>", b"<!-- --><sheetData>"),
    lambda part: re.sub(rb'<c (r="XFD5"[^>]*)>(.*?)</c>', rb'<x:c xmlns:x="%s" \1>\2</x:c>' % MAIN.encode(), part),
    lambda part: part.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
])
def test_a_sheet_not_written_as_the_byte_scan_reads_it_is_parsed(written):
    part = written(_sheet([(1, [1, 2]), (2, [1, 3]), (5, [16384])], "", "A1:C2", False))
    book = _package(part)
    assert xlsxscan._plain_scan(book, PART, "sheet", default_limits()) is None
    with pytest.raises(InputError) as refused:
        xlsxscan.scan_sheet(book, PART, "sheet", attrs.evolve(default_limits(), max_columns=100))
    assert "16384" in str(refused.value) or "XFD" in str(refused.value)  # the cell at XFD5 is still found


def test_a_damaged_plain_sheet_is_refused_as_damaged():
    part = _sheet([(1, [1, 2]), (2, [1, 3])], "", None, False)
    assert xlsxscan._plain_scan(_package(part), PART, "sheet", default_limits()) == (2, 3, len(part))
    with using("en"):
        words = _("xlsx.xml_damaged", where="sheet", reason="\0").split("\0")[0]
        with pytest.raises(InputError) as refused:
            xlsxscan.scan_sheet(_package(part[:-40]), PART, "sheet", default_limits())
    assert str(refused.value).startswith(words)
