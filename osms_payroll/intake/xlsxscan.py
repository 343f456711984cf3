"""What calamine cannot tell about an .xlsx sheet: formulas saved without a result, and error cells.

calamine reads a formula's saved result and reads both a missing result and an error (``#N/A``)
as an empty cell — indistinguishable from a cell left blank. A file written by a program (not by
Excel) often has formulas and no results at all. This scan streams the sheet's XML once, looking
only at formula and error cells, so its cost is a read of the part and its memory one chunk.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path

import attrs
from lxml import etree  # type: ignore[import-untyped]

CHUNK = 1 << 20  # legal-number-ok: 1 MiB read size
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s>]")
_CELL_END = re.compile(rb"</(?:\w+:)?c>|/>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_TYPE = re.compile(rb'\st="e"')
_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")


@attrs.frozen
class Findings:
    """Cells under the header, in the columns read: formulas without a result, and error values."""

    unsaved: tuple[str, ...]
    errors: dict[tuple[int, str], str]


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = etree.fromstring(book.read("xl/workbook.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    rel_id = next((s.get(f"{_REL}id") for s in workbook.iter(f"{_MAIN}sheet") if s.get("name") == sheet), None)
    rels = etree.fromstring(book.read("xl/_rels/workbook.xml.rels"), etree.XMLParser(resolve_entities=False, no_network=True))
    target = next((r.get("Target") for r in rels.iter(f"{_PKG_REL}Relationship") if r.get("Id") == rel_id), None)
    if target is None:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _chunks(book: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's bytes in pieces that end on a row boundary, so no cell is split."""
    carry = b""
    with book.open(part) as stream:
        while block := stream.read(CHUNK):
            data = carry + block
            prefixed = data.rfind(b":row ")
            cut = max(data.rfind(b"<row "), data.rfind(b"<row>"), data.rfind(b"<", 0, prefixed) if prefixed > 0 else -1)
            if cut <= 0:
                carry = data
                continue
            yield data[:cut]
            carry = data[cut:]
    if carry:
        yield carry


def _cells_at(data: bytes, hits: Iterator[re.Match[bytes]]) -> Iterator[bytes]:
    seen = -1
    for hit in hits:
        start = max(
            (m.start() for m in _CELL_START.finditer(data, max(hit.start() - 512, 0), hit.start())), default=-1
        )
        if start <= seen or start < 0:
            continue
        end = _CELL_END.search(data, hit.end())
        seen = start
        yield data[start : end.end() if end else len(data)]


def scan(path: Path, sheet: str, below_row: int, columns: Collection[str]) -> Findings:
    """Formula cells without a saved result and error cells in ``columns`` (letters) below ``below_row``."""
    unsaved: list[str] = []
    errors: dict[tuple[int, str], str] = {}
    with zipfile.ZipFile(path) as book:
        part = _sheet_part(book, sheet)
        if part is None:
            return Findings((), {})
        for data in _chunks(book, part):
            if b"<f" not in data and b":f" not in data and b't="e"' not in data:
                continue
            hits = sorted([*_FORMULA.finditer(data), *_ERROR_TYPE.finditer(data)], key=lambda m: m.start())
            for cell in _cells_at(data, iter(hits)):
                ref = _REF.search(cell)
                if ref is None:
                    continue
                letters, row = ref.group(1).decode(), int(ref.group(2))
                if row <= below_row or letters not in columns:
                    continue
                value = _VALUE.search(cell)
                head = cell[: cell.find(b">") + 1]
                if _ERROR_TYPE.search(head):
                    errors[(row, letters)] = value.group(1).decode() if value else "#ERROR"
                elif _FORMULA.search(cell) and (value is None or not value.group(1).strip()):
                    unsaved.append(f"{letters}{row}")
    return Findings(tuple(unsaved), errors)
