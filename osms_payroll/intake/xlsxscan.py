"""What must be known of a zipped workbook before calamine reads it, and what calamine cannot tell.

Before: its size once uncompressed, and each sheet's rows and columns — those it holds and those
its ``<dimension>`` claims (calamine allocates for the claim, so ``A1:XFD1048576`` in a 5 KB file
would take the process down). A sheet beyond a limit of :mod:`osms_payroll.intake.limits` is
refused by name, so one hostile workbook fails its own employer only.

What calamine cannot tell: it reads a formula's saved result and reads both a missing result and
an error (``#N/A``) as an empty cell — indistinguishable from a cell left blank. A file written by
a program (not by Excel) often has formulas and no results at all.

Two streaming passes of the sheet's XML find all three, each byte looked at twice: a byte search
says whether the sheet holds any formula or error cell at all, then lxml parses it row by row (one
row in memory), looking into the cells of a row only when the first pass found such cells. Cells
are placed by their ``r=`` attribute or, when it is left out (valid OOXML), by their order, so a
formula is found whatever the cell attributes. A sheet without such cells, written as spreadsheet
programs write one (every row and cell with its reference first, no prefixes, no comments), is
sized from its tags by a byte search instead, while lxml only checks it well-formed: twice as
fast as building each row; anything else, and any sheet past a limit, is parsed row by row.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import IO

import attrs
from lxml import etree  # type: ignore[import-untyped]

from osms_payroll.i18n import _
from osms_payroll.intake.limits import Limits
from osms_payroll.intake.records import column_letters, column_number
from osms_payroll.intake.rows import InputError

CHUNK = 1 << 20  # legal-number-ok: 1 MiB read size
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")

#: What unpacking a damaged zip raises.
_UNPACKING = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)
#: A workbook as a path or as the bytes read once from a stream.
Source = Path | bytes


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@lru_cache(maxsize=4096)
def _letters(text: str) -> int:
    """A cell reference's column letters as a number (0 when they are no letters)."""
    return column_number(text.upper()) if text.isalpha() and len(text) <= 3 else 0


def _ref(text: str | None) -> tuple[int, int] | None:
    match = _REF.match(text or "")
    return (int(match.group(2)), column_number(match.group(1).upper())) if match else None


@attrs.frozen
class SheetScan:
    """One sheet: its size, and its formula cells without a result and error cells (row, column)."""

    rows: int
    columns: int
    unsaved: tuple[tuple[int, int], ...]
    errors: dict[tuple[int, int], str]
    bytes_read: int

    def findings(self, below_row: int, columns: Collection[str]) -> Findings:
        """What lies under the header, in the columns read (letters)."""
        wanted = {column_number(letters) for letters in columns}
        unsaved = tuple(f"{column_letters(c)}{r}" for r, c in self.unsaved if r > below_row and c in wanted)
        errors = {(r, column_letters(c)): text for (r, c), text in self.errors.items() if r > below_row and c in wanted}
        return Findings(unsaved, errors)


@attrs.frozen
class Findings:
    """Cells under the header, in the columns read: formulas without a result, and error values."""

    unsaved: tuple[str, ...]
    errors: dict[tuple[int, str], str]


class _Counted(io.RawIOBase):
    """A read-only stream that counts the bytes handed to the parser (each is parsed once)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        block = self.stream.read(size)
        self.count += len(block)
        return block


def open_package(source: Source, name: str, limits: Limits) -> zipfile.ZipFile:
    """The workbook's zip, refused when it is not one or would be too big once uncompressed."""
    try:
        book = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except _UNPACKING as exc:
        raise InputError(_("xlsx.unreadable", file=name, reason=exc)) from None
    size = sum(info.file_size for info in book.infolist())
    if size > limits.max_uncompressed_bytes:
        book.close()
        raise InputError(_(
            "xlsx.too_big", file=name, size=size, limit=limits.max_uncompressed_bytes,
            named=limits.named("workbook.max_uncompressed_bytes"),
        ))
    return book


def _read_xml(book: zipfile.ZipFile, part: str, name: str) -> etree._Element:
    try:
        return etree.fromstring(book.read(part), _parser())
    except KeyError:
        raise InputError(_("xlsx.part_missing", file=name, part=part)) from None
    except (etree.XMLSyntaxError, *_UNPACKING) as exc:
        raise InputError(_("xlsx.part_damaged", file=name, part=part, reason=exc)) from None


def sheet_parts(book: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Each sheet's name and its XML part, from the workbook and its relationships."""
    workbook = _read_xml(book, "xl/workbook.xml", name)
    rels = _read_xml(book, "xl/_rels/workbook.xml.rels", name)
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target:
            parts[sheet.get("name") or ""] = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            )
    return parts


_MARKS = re.compile(rb'<(?:\w+:)?f[\s>/]|\st="e"')
#: A literal every match of :data:`_MARKS` holds; the pattern, which has no literal start, is
#: searched only in a block holding one (a sheet of plain values is then read at memory speed).
_CLUES = (b"<f", b":f", b't="e"')
_OVERLAP = 64


def _marked(book: zipfile.ZipFile, part: str, counted: list[int]) -> bool:
    """Whether the part holds a formula or an error cell anywhere (a byte search, chunk by chunk)."""
    with book.open(part) as stream:
        carry = b""
        while block := stream.read(CHUNK):
            counted[0] += len(block)
            joined = carry + block
            if any(clue in joined for clue in _CLUES) and _MARKS.search(joined):
                return True
            carry = joined[-_OVERLAP:]
    return False


def _refuse_doctype(tree: etree._ElementTree, where: str) -> None:
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise InputError(_("xlsx.doctype", where=where))


def _formula_cells(row: etree._Element, number: int, unsaved: list[tuple[int, int]], errors: dict[tuple[int, int], str]) -> None:
    """Error cells and formulas without a saved result in one row; a cell without ``r=`` follows the one before."""
    column = 0
    for cell in row.iterchildren(f"{_MAIN}c"):
        place = _ref(cell.get("r"))
        column = place[1] if place is not None else column + 1
        if cell.get("t") == "e":
            errors[(number, column)] = cell.findtext(f"{_MAIN}v") or "#ERROR"
        elif cell.find(f"{_MAIN}f") is not None and not (cell.findtext(f"{_MAIN}v") or cell.find(f"{_MAIN}is") is not None):
            unsaved.append((number, column))


#: A row, cell and dimension tag, with the reference when it comes first (b"" when it does not).
_ROW_TAGS = re.compile(rb'<row(?:\s+r="([0-9]{1,9})")?[\s/>]')
_CELL_TAGS = re.compile(rb'<c(?:\s+r="([A-Z]{1,3})[0-9]{1,9}")?[\s/>]')
_DIMENSION_TAGS = re.compile(rb'<dimension(?:\s+ref="([^"<&]*)")?[\s/>]')
#: The same elements with a namespace prefix (``<x:row>``), which the byte scan leaves to the parse.
_PREFIXED = re.compile(rb":(?:row|c|dimension)[\s/>]")
#: How a part in an ASCII-compatible encoding starts (UTF-16 or EBCDIC would hide every tag from a byte search).
_ASCII_START = re.compile(rb"(?:\xef\xbb\xbf)?<[?A-Za-z]")
#: Bytes enough to tell (a shorter part holds no row or cell tag).
_START = 8


class _Unchecked:
    """A parser target that wants nothing: lxml then only checks the XML well-formed, building no tree."""

    def close(self) -> None:
        return None


def _damaged(where: str, exc: etree.XMLSyntaxError) -> InputError:
    return InputError(_("xlsx.xml_damaged", where=where, reason=exc.msg))


def _plain_scan(book: zipfile.ZipFile, part: str, where: str, limits: Limits) -> tuple[int, int, int] | None:
    """Rows, columns and bytes read of a sheet without formula or error cells, from its tags as bytes
    (a row per ``<row r=…>``, a cell per ``<c r=…>``, the reference first, as spreadsheet programs
    write them), with lxml checking the XML well-formed as it goes and building nothing.

    None when the sheet is not written so (a row or cell without its reference first, a comment, a
    DTD, an encoding a byte search cannot read) or goes past a limit: the row-by-row parse then
    reads it, and words a refusal.
    """
    parser = etree.XMLParser(target=_Unchecked(), resolve_entities=False, no_network=True, load_dtd=False)
    rows = columns = read = 0
    carry = b""
    started = False
    with book.open(part) as stream:
        while block := stream.read(CHUNK):
            read += len(block)
            try:
                parser.feed(block)
            except etree.XMLSyntaxError as exc:
                raise _damaged(where, exc) from None
            joined = carry + block
            if not started:
                if len(joined) < _START:
                    carry = joined
                    continue
                if not _ASCII_START.match(joined):
                    return None
                started = True
            cut = joined.rfind(b"<")  # a tag cut by the block's end waits for the next block
            joined, carry = (joined[:cut], joined[cut:]) if cut >= 0 and joined.find(b">", cut) < 0 else (joined, b"")
            numbered, placed, claims = _ROW_TAGS.findall(joined), set(_CELL_TAGS.findall(joined)), _DIMENSION_TAGS.findall(joined)
            if b"<!" in joined or _PREFIXED.search(joined) or b"" in placed or b"" in claims or b"" in numbered:
                return None
            for claim in claims:
                claimed = _ref(claim.decode("ascii").rpartition(":")[2])
                if claimed is not None and (claimed[0] > limits.max_rows or claimed[1] > limits.max_columns):
                    return None
            rows = max(rows, *map(int, numbered)) if numbered else rows
            columns = max(columns, *(column_number(letters.decode("ascii")) for letters in placed)) if placed else columns
            if rows > limits.max_rows or columns > limits.max_columns:
                return None
        try:
            parser.close()
        except etree.XMLSyntaxError as exc:
            raise _damaged(where, exc) from None
    return rows, columns, read


def scan_sheet(book: zipfile.ZipFile, part: str, where: str, limits: Limits) -> SheetScan:
    """Stream ``part``: refuse it past a limit, else its size, unsaved formulas and error cells."""
    unsaved: list[tuple[int, int]] = []
    errors: dict[tuple[int, int], str] = {}
    rows = columns = 0

    def refuse(what: str, limit: int, key: str) -> InputError:
        return InputError(_("xlsx.over_limit", where=where, what=what, limit=limit, named=limits.named(key)))

    first_pass = [0]
    try:
        marked = _marked(book, part, first_pass)
        plain = None if marked else _plain_scan(book, part, where, limits)
        if plain is not None:
            rows, columns, read = plain
            return SheetScan(rows, columns, (), {}, first_pass[0] + read)
        stream = book.open(part)
    except KeyError:
        raise InputError(_("xlsx.sheet_missing", where=where, part=part)) from None
    except _UNPACKING as exc:
        raise InputError(_("xlsx.cannot_unpack", where=where, reason=exc)) from None
    counted = _Counted(stream)
    row_tag, cell_tag = f"{_MAIN}row", f"{_MAIN}c"
    events = etree.iterparse(
        counted, events=("end",), tag=(row_tag, f"{_MAIN}dimension"),
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
    )
    first = True
    try:
        for _event, element in events:
            if first:
                first = False
                _refuse_doctype(element.getroottree(), where)
            if element.tag != row_tag:
                claimed = _ref((element.get("ref") or "").rpartition(":")[2])
                if claimed is not None and claimed[0] > limits.max_rows:
                    raise refuse(_("xlsx.claims_rows", count=claimed[0]), limits.max_rows, "workbook.max_rows")
                if claimed is not None and claimed[1] > limits.max_columns:
                    raise refuse(_("xlsx.claims_columns", count=claimed[1]), limits.max_columns, "workbook.max_columns")
                continue
            number = element.get("r")
            rows = int(number) if number and number.isdigit() else rows + 1
            if rows > limits.max_rows:
                raise refuse(_("xlsx.rows_up_to", row=rows), limits.max_rows, "workbook.max_rows")
            # The last cell is the row's widest; cells are looked at one by one only in a row that
            # holds a formula or an error (C-level searches find those), so a plain row costs O(1) here.
            if len(element):
                last = (element[-1].get("r") or "").rstrip("0123456789")
                column = _letters(last) if last else len(element)
                if column > limits.max_columns:
                    raise refuse(_("xlsx.columns_up_to", row=rows, column=column), limits.max_columns, "workbook.max_columns")
                columns = max(columns, column)
                if marked and (element.find(f"{cell_tag}/{_MAIN}f") is not None or element.find(f"{cell_tag}[@t='e']") is not None):
                    _formula_cells(element, rows, unsaved, errors)
                    if len(errors) + len(unsaved) > limits.max_rows:
                        raise refuse(_("xlsx.too_many_marked"), limits.max_rows, "workbook.max_rows")
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        if events.root is not None:
            _refuse_doctype(events.root.getroottree(), where)
    except etree.XMLSyntaxError as exc:
        raise _damaged(where, exc) from None
    except _UNPACKING as exc:
        raise InputError(_("xlsx.cannot_unpack", where=where, reason=exc)) from None
    finally:
        stream.close()
    return SheetScan(rows, columns, tuple(unsaved), errors, first_pass[0] + counted.count)
