"""The layout written with ``rustpy-xlsxwriter`` (the ``fast`` extra), Rust's rust_xlsxwriter
behind a table-shaped API: one call writes every sheet, each a banner of merged lines, a header
and a stream of records.

Rows arrive interleaved across sheets while the writer takes one sheet after another, so each
sheet's rows are spooled to a temporary file in pickled batches (the last, partial one kept in
memory) and streamed back at :meth:`close`: memory stays flat in the number of persons. A sheet of
up to :data:`~.layout.IN_MEMORY_ROWS` rows is put together in memory instead of streamed through
temporary files (a small client's register costs a third less). What the Rust writer cannot set is
done here, the same way each time: the document properties (it stamps the current time) are
rewritten into the finished file; a sheet with tall merged lines above its table is held in memory
(its rows are few), since a sheet streamed row by row loses the height of a merged line. One thing
it cannot do at all: a formula's cached value, so the totals row's sum is computed by the
spreadsheet program when it opens the file (the workbook asks for a full calculation on load).
"""

from __future__ import annotations

import pickle
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from rustpy_xlsxwriter import FastExcel, Format

from osms_payroll.remit.xlsx import layout
from osms_payroll.remit.xlsx.layout import STYLES, Properties, Sheet, Style, Totals, Value

#: Rows pickled per batch of a sheet's spool.
_BATCH = 4096
_CORE = "docProps/core.xml"


def _format(style: Style) -> Format:
    fmt = Format()
    if style.bold:
        fmt.set_bold()
    if style.size is not None:
        fmt.set_font_size(style.size)
    if style.num_format is not None:
        fmt.set_num_format(style.num_format)
    if style.wrap:
        fmt.set_text_wrap()
    if style.top:
        fmt.set_align("top")
    if style.border:
        fmt.set_border("thin")
    if style.top_border:
        fmt.set_border_top("thin")
    if style.fill is not None:
        fmt.set_background_color(style.fill)
    return fmt


def core_xml(properties: Properties) -> bytes:
    """The document properties part, as XlsxWriter writes it (title, author, comments, dates)."""
    when = f"{properties.created:%Y-%m-%dT%H:%M:%SZ}"
    author = escape(properties.author)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(properties.title)}</dc:title><dc:creator>{author}</dc:creator>"
        f"<dc:description>{escape(properties.comments)}</dc:description><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
    ).encode()


def replace_core(path: Path, core: bytes) -> None:
    """Put ``core`` in place of the workbook's properties part. The parts written before it are kept
    byte for byte; it and the few small parts after it are written again, then a new directory."""
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as book:
        members = sorted(book.infolist(), key=lambda info: info.header_offset)
        cut = next(index for index, info in enumerate(members) if info.filename == _CORE)
        tail = [(info, book.read(info)) for info in members[cut:]]
        for info, _data in tail:
            book.filelist.remove(info)
            del book.NameToInfo[info.filename]
        # Appending starts where the properties part began: it and everything after are rewritten.
        book.start_dir = members[cut].header_offset
        for info, data in tail:
            book.writestr(info, core if info.filename == _CORE else data)


class _Spool:
    """One sheet's rows in pickled batches on disk (the last, partial batch in memory: a small
    sheet never touches the disk), and the heights of its tall rows."""

    def __init__(self, folder: Callable[[], str], index: int) -> None:
        self._folder = folder
        self.path: Path | None = None
        self.index = index
        self.file: IO[bytes] | None = None
        self.batch: list[tuple[Value, ...]] = []
        self.rows = 0
        self.heights: dict[int, float] = {}  # float-ok: row heights in points
        self.totals: Totals | None = None

    def add(self, values: tuple[Value, ...]) -> None:
        self.batch.append(values)
        self.rows += 1
        if len(self.batch) >= _BATCH:
            if self.file is None:
                self.path = Path(self._folder()) / f"sheet{self.index}.pickle"
                self.file = self.path.open("wb")
            pickle.dump(self.batch, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.batch = []

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

    def records(self, labels: tuple[str, ...]) -> Iterator[dict[str, Value]]:
        if not self.rows:
            yield dict.fromkeys(labels)
            return
        if self.path is not None:
            with self.path.open("rb") as file:
                while True:
                    try:
                        batch = pickle.load(file)
                    except EOFError:
                        break
                    for values in batch:
                        yield dict(zip(labels, values, strict=True))
        for values in self.batch:
            yield dict(zip(labels, values, strict=True))


class RustBackend:
    """Writes ``path`` with rustpy-xlsxwriter at :meth:`close`; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmpdir: tempfile.TemporaryDirectory[str] | None = None
        self._formats = {name: _format(style) for name, style in STYLES.items()}
        self._order: list[str] = []
        self._sheets: dict[str, Sheet] = {}
        self._spools: dict[str, _Spool] = {}

    def declare(self, names: Iterable[str]) -> None:
        self._order.extend(names)

    def frame(self, sheet: Sheet) -> None:
        self._sheets[sheet.name] = sheet
        self._spools[sheet.name] = _Spool(self._folder, len(self._spools))

    def _folder(self) -> str:
        """The spools' temporary folder, made when the first batch goes to disk."""
        if self._tmpdir is None:
            self._tmpdir = tempfile.TemporaryDirectory(prefix="osms-register-", ignore_cleanup_errors=True)
        return self._tmpdir.name

    def _cleanup(self) -> None:
        if self._tmpdir is not None:
            self._tmpdir.cleanup()

    def row(self, name: str, values: tuple[Value, ...], height: float | None = None) -> None:  # float-ok: points
        spool = self._spools[name]
        spool.add(values)
        if height is not None:
            spool.heights[self._sheets[name].header_row + spool.rows] = height

    def finish(self, name: str, totals: Totals | None) -> None:
        spool = self._spools[name]
        spool.close()
        spool.totals = totals

    def _options(self, sheet: Sheet, spool: _Spool) -> dict[str, Any]:
        table, page, header = sheet.table, sheet.page, sheet.header_row
        heights = {row: line.height for row, line in enumerate(sheet.banner) if line.height is not None}
        if table.height is not None:
            heights[header] = table.height
        heights.update(spool.heights)
        left, right, top, bottom = page.margins
        setup: dict[str, Any] = {
            "landscape": page.landscape, "paper_size": page.paper, "fit_to_pages": (1, page.tall),
            "margins": {"left": left, "right": right, "top": top, "bottom": bottom}, "footer": page.footer,
        }
        if page.header:
            setup["header"] = page.header
        if page.repeat_header:
            setup["repeat_rows"] = header
        options: dict[str, Any] = {
            "column_widths": list(sheet.widths),
            "column_formats": [None if style is None else self._formats[style] for style in table.styles],
            "header_format": self._formats["header"],
            "header_row": header,
            "merge_ranges": [
                (row, span.first, row, span.last, span.text, self._formats[span.style])
                for row, line in enumerate(sheet.banner) for span in line.spans
            ],
            "row_heights": heights,
            "autofilter": table.autofilter,
            "page_setup": setup,
            # A sheet written row by row cannot go back to a merged line to set its height, so a sheet
            # with tall banner lines (the summary, the notes: a few rows) is held whole in memory.
            "dedupe_strings": spool.rows <= layout.IN_MEMORY_ROWS or any(line.height is not None and line.spans for line in sheet.banner),
        }
        if spool.totals is not None:
            options["totals_row"] = {table.labels[spool.totals.column]: "sum"}
            options["totals_label"] = spool.totals.label
            options["totals_format"] = self._formats["total"]
        return options

    def close(self, properties: Properties) -> None:
        try:
            book = FastExcel(self.path)
            for name in self._order:
                sheet, spool = self._sheets[name], self._spools[name]
                if sheet.table.freeze:
                    book.freeze(row=sheet.header_row + 1, col=0, sheet=name)
                book.sheet(name, spool.records(sheet.table.labels), **self._options(sheet, spool))
            book.save()
            replace_core(self.path, core_xml(properties))
        finally:
            self._cleanup()

    def abort(self) -> None:
        for spool in self._spools.values():
            spool.close()
        self._cleanup()
