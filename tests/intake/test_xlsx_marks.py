"""The byte search for formulas and error cells: the same answer as the pattern over the whole part,
whatever the chunks it is read in (a mark may straddle two)."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll.intake import xlsxscan

# Pieces of sheet XML, near misses of a mark among them.
_PIECES = st.sampled_from([
    b'<c r="A1"><v>1</v></c>', b"<f>SUM(A1)</f>", b"<x:f>A1</x:f>", b"<f/>", b'<c t="e">', b' t="e"', b'\tt="e"',
    b"<fill>", b"<foo>", b"x:fa", b't="ee"', b"<", b"f", b":", b"t=", b'"e"', b" ", b"\n", b"abc", b"<row>",
])


def _package(part: bytes) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", part)
    return zipfile.ZipFile(buffer)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(b"".join), st.integers(min_value=1, max_value=16))
def test_marks_are_found_as_the_pattern_finds_them(part, chunk):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlsxscan, "CHUNK", chunk)
        counted = [0]
        assert xlsxscan._marked(_package(part), "xl/worksheets/sheet1.xml", counted) == bool(xlsxscan._MARKS.search(part))
