"""Write-back: a copy of the user's workbook with our results beside their data, and an explanation sheet.

The input is only read. The copy is written next to the output path as a temporary file and moved
into place, so a failure never leaves half a file; its zip timestamps and modification date are
fixed, so the same input gives a byte-identical copy.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from osms_payroll.engine.tally import Tally
from osms_payroll.engine.result import Contribution, Result
from osms_payroll.law import Params, ParamValue
from osms_payroll.intake.reconcile import Difference
from osms_payroll.fileio import AtomicFile
from osms_payroll.intake.layout import SheetLayout
from osms_payroll.intake.rows import InputError, RowSource
from osms_payroll.intake.vocabulary import vocabulary

SUFFIXES = (".xlsx", ".xlsm")
#: The zip format's earliest date: every entry of the copy carries it.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_BOLD = Font(bold=True)
#: The explanation sheet's row: 7 person columns, then 6 per payment with the amount 5th.
_PERSON_COLUMNS = 7  # legal-number-ok: a sheet layout
_PAYMENT_COLUMNS = 6
_AMOUNT_AT = 4


def check_paths(source: Path, out: Path) -> None:
    """Refuse what write-back cannot do before any work is done."""
    if source.suffix.lower() not in SUFFIXES:
        raise InputError(f"{source}: --write-back copies .xlsx/.xlsm workbooks; save the input as .xlsx first")
    if out.resolve() == source.resolve():
        raise InputError(f"{out}: --write-back must name a new file, never the input itself")
    if not out.parent.is_dir():
        raise InputError(f"{out}: the folder {out.parent} does not exist")


def _frozen_zip(data: bytes, modified: datetime | None) -> bytes:
    """The same archive with fixed entry dates and the workbook's own modification date."""
    stamp = (modified or datetime(*ZIP_EPOCH)).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def _not_due(contribution: Contribution) -> str:
    return contribution.not_due or ""


class WriteBack:
    """Collects each row's outcome while results stream, then writes the copy."""

    def __init__(self, source: Path, out: Path, layout: SheetLayout | None) -> None:
        if layout is None or layout.sheet is None:
            raise InputError(f"{source}: --write-back needs a workbook input")
        self.source = source
        self.out = out
        self.layout = layout
        self.results: list[Result] = []
        self.rows: dict[int, tuple[Result, int]] = {}

    @classmethod
    def start(cls, source: Path, out: Path, opened: RowSource) -> WriteBack:
        check_paths(source, out)
        return cls(source, out, opened.layout)

    def add(self, result: Result) -> None:
        """Remember a result and which rows it came from (a sink of the stream)."""
        self.results.append(result)
        rows = [line.source.row for line in result.person.lines if line.source is not None and line.source.row is not None]
        for row in rows:
            self.rows[row] = (result, rows[0])

    def save(self, params: Params, tally: Tally, differences: Sequence[Difference] | None) -> None:
        """Write the copy: result columns on the data sheet, and the explanation sheet."""
        texts = vocabulary().text("writeback", self.layout.language)
        keep_vba = self.source.suffix.lower() == ".xlsm"
        try:
            book = openpyxl.load_workbook(self.source, keep_vba=keep_vba)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise InputError(f"{self.source}: cannot be copied ({type(exc).__name__}); save it again as .xlsx in Excel") from None
        modified = book.properties.modified
        sheet = book[self.layout.sheet]
        self._columns(sheet, texts, tally)
        self._explanation(book, texts, params, tally, differences)
        buffer = io.BytesIO()
        book.save(buffer)
        data = _frozen_zip(buffer.getvalue(), modified)
        target = AtomicFile(self.out)
        try:
            with target.open() as stream:
                stream.write(data)
            target.commit()
        except BaseException:
            target.discard()
            raise

    def _columns(self, sheet: Any, texts: Any, tally: Tally) -> None:
        first = self.layout.last_column + 1
        status = first + len(texts["columns"]) - 1
        for index, title in enumerate(texts["columns"]):
            cell = sheet.cell(self.layout.header_row, first + index, title)
            cell.font = _BOLD
        for row, (result, primary) in sorted(self.rows.items()):
            if row != primary:
                sheet.cell(row, status, texts["included"].format(row=primary))
                continue
            contributions = result.contributions.values()
            reason = result.exempt_reason or next((r for r in map(_not_due, contributions) if r), "")
            values: list[Any] = [*(x for c in contributions for x in (c.base, c.amount)), reason, texts["ok"]]
            for index, value in enumerate(values):
                sheet.cell(row, first + index, value)
        failed: dict[int, list[str]] = {}
        for issue in tally.log.errors():
            if issue.location is not None and issue.location.sheet == self.layout.sheet and issue.location.row is not None:
                failed.setdefault(issue.location.row, []).append(f"{issue.code}: {issue.message}")
        for row, messages in failed.items():
            cell = sheet.cell(row, status, f"{texts['rejected']}: " + "; ".join(messages))
            cell.data_type = "s"

    def _explanation(
        self, book: Any, texts: Any, params: Params, tally: Tally, differences: Sequence[Difference] | None
    ) -> None:
        title = texts["sheet"]
        name, suffix = title, 1
        while name in book.sheetnames:
            suffix += 1
            name = f"{title} ({suffix})"
        sheet = book.create_sheet(name)

        def append(row: Sequence[Any]) -> None:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # text from the input that starts with "=" stays text
                    cell.data_type = "s"

        def section(heading: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
            sheet.append([])
            sheet.append([heading])
            sheet.cell(sheet.max_row, 1).font = _BOLD
            sheet.append(list(header))
            for cell in sheet[sheet.max_row]:
                cell.font = _BOLD
            for row in rows:
                append(row)

        sheet.append([f"{texts['sheet']} — {self.source.name}, {self.layout.sheet}"])
        sheet.cell(1, 1).font = _BOLD
        sheet.append([texts["rule_set"], params.name, params.digest])
        cited: dict[str, ParamValue] = {}
        rows = []
        for result in self.results:
            for value in result.parameters():
                cited.setdefault(value.ref, value)
            person = result.person
            where = ", ".join(str(line.source.row) for line in person.lines if line.source is not None)
            rows.append([
                person.iin, person.full_name, str(person.period), where, person.category, person.gross, person.osms_object,
                *(x for c in result.contributions.values() for x in self._payment(c)),
                "\n".join(result.warnings), ", ".join(value.ref for value in result.parameters()),
            ])
        section(texts["sheet"], texts["explanation_header"], rows)
        totals = tally.totals
        summary: list[Any] = [""] * len(texts["explanation_header"])
        summary[:3] = [texts["totals"], texts["persons"], totals.persons]
        for index, amount in enumerate(totals.amounts.values()):
            summary[_PERSON_COLUMNS + index * _PAYMENT_COLUMNS + _AMOUNT_AT] = amount
        sheet.append(summary)
        sheet.cell(sheet.max_row, 1).font = _BOLD
        section(texts["errors"], texts["errors_header"], ([issue.where, issue.code, issue.message] for issue in tally.log.errors()))
        section(texts["warnings"], texts["errors_header"], ([issue.where, issue.code, issue.message] for issue in tally.log.warnings()))
        if differences is not None:
            section(texts["reconciliation"], texts["reconciliation_header"], (
                [d.iin, str(d.period), d.payment, d.sheet, d.ours, d.sheet - d.ours, d.reason, d.message, ", ".join(d.cells)]
                for d in differences
            ))
        section(texts["parameters"], texts["parameters_header"], (
            [value.ref, str(value.to_dict()["value"]), str(value.start), str(value.end), value.source, value.confidence]
            for value in (cited[ref] for ref in sorted(cited))
        ))

    @staticmethod
    def _payment(contribution: Contribution) -> list[Any]:
        return [
            contribution.base_before_cap, contribution.cap_available, contribution.base, contribution.rule.rate,
            contribution.amount, contribution.reason or "",
        ]
