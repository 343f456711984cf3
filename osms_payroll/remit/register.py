"""Excel register of one period: the payment requisites, one bank-list sheet per KNP, the persons with
nothing due and why, and notes with every parameter of the law the amounts rest on.

XlsxWriter in ``constant_memory`` mode writes each row as it arrives, so memory is flat in the
number of persons; rows of different sheets may interleave (it flushes a row when a later row of
the same sheet is written), which is how both KNP sheets fill in one pass. Totals go under the
lists and into the summary sheet's lower rows, written last. Text cells are written as text
(``write_string``), so a name beginning with ``=``, ``+``, ``-`` or ``@`` is never a formula; the
ИИН is text so its leading zeros stay. The creation date is fixed (the document date), so the same
inputs give the same bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]

from osms_payroll.engine.deadlines import Deadline
from osms_payroll.engine.result import Contribution, Result
from osms_payroll.ids import mask
from osms_payroll.law import ParamValue
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.fileio import AtomicFile
from osms_payroll.issues import IssueLog
from osms_payroll.remit.files import RemitError, WrittenFile, check_totals
from osms_payroll.remit.labels import labels, month_words
from osms_payroll.remit.requisites import PaymentOrder, RemitContext
from osms_payroll.i18n import _, ngettext, say, using
from osms_payroll.law.words import category_label, not_due_reason, param_value

FORMAT = "xlsx"
#: Paper size code of A4 in the spreadsheet format.
_A4 = 9

# (label key, column width in characters)
_LIST_COLUMNS = (
    ("col.number", 6), ("col.full_name", 36), ("col.birth_date", 13), ("col.iin", 16), ("col.period", 9),
    ("col.amount", 16), ("col.base_before_cap", 16), ("col.base", 16), ("col.rate", 8),
)
_NOT_DUE_COLUMNS = (
    ("col.full_name", 32), ("col.iin", 15), ("col.period", 9), ("col.category", 30), ("col.knp", 6),
    ("col.income", 16), ("col.reason", 40),
)
_PARAMETER_COLUMNS = (
    ("col.ref", 30), ("col.value", 30), ("col.from", 9), ("col.to", 9), ("col.confidence", 14), ("col.source", 56),
)
#: Width of the summary sheet's columns: caption, text, then the payment orders' numbers.
_SUMMARY_WIDTHS = (24, 46, 13, 13, 16, 11, 16)
#: Points per line of a wrapped header, and the paper margins in inches (left, right, top, bottom).
_LINE_HEIGHT = 15
_MARGINS = (0.5, 0.4, 0.6, 0.7)  # float-ok, legal-number-ok: paper margins in inches
_LIST = {key: index for index, (key, _width) in enumerate(_LIST_COLUMNS)}
_NOT_DUE = {key: index for index, (key, _width) in enumerate(_NOT_DUE_COLUMNS)}
_TITLE_ROW, _HEADER_ROW, _FIRST_ROW = 0, 1, 2


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (by words; a
    character less per line than the width, as spreadsheet programs keep a margin in the cell)."""
    width -= 1
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _paper(sheet: Any, *, landscape: bool, one_page: bool = False, header_row: int | None = None) -> None:
    """Print settings of a sheet: A4, one page wide (one page at all for ``one_page``), the header
    row on every page, margins, page numbers in the footer."""
    sheet.set_paper(_A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 1 if one_page else 0)
    left, right, top, bottom = _MARGINS
    sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    sheet.set_footer("&C&P / &N")
    if header_row is not None:
        sheet.repeat_rows(header_row)


def _due_text(words: Mapping[str, str], deadline: Deadline) -> str:
    """The due date, and the law's day it was moved from past days off."""
    due = f"{deadline.due:%d.%m.%Y}"
    return due if not deadline.moved_past else f"{due} ({words['due_moved'].format(date=f'{deadline.nominal:%d.%m.%Y}')})"


def _period_text(period: Period) -> str:
    """The period as bank lists print it: ``10.2026``."""
    return f"{period.month:02d}.{period.year}"


class _ListSheet:
    """One KNP's list: rows stream in; the totals row is written by :meth:`finish`."""

    def __init__(self, worksheet: Any, order: PaymentOrder) -> None:
        self.worksheet = worksheet
        self.order = order
        self.row = _FIRST_ROW
        self.count = 0
        self.total = ZERO


class RegisterWriter:
    """Streams one period's register into ``path``; see the module docstring."""

    def __init__(self, path: Path, context: RemitContext) -> None:
        self.path = Path(path)
        self.context = context
        self.words = labels(context.lang)
        self.problems = IssueLog(file=self.path.name)
        self.persons = 0
        self.cited: dict[str, ParamValue] = {value.ref: value for value in context.parameters}
        self.warnings = IssueLog((*context.warnings, *(context.deadline.warnings if context.deadline else ())))
        self._atomic = AtomicFile(self.path)
        self._tmpdir = tempfile.TemporaryDirectory(prefix="osms-register-", ignore_cleanup_errors=True)
        self._book = xlsxwriter.Workbook(
            str(self._atomic.temp),
            {
                "constant_memory": True,
                "tmpdir": self._tmpdir.name,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        try:
            self._open()
        except BaseException:
            self.abort()
            raise

    # -- formats and layout -----------------------------------------------------------------

    def _formats(self) -> None:
        book = self._book
        self.f_title = book.add_format({"bold": True, "font_size": 12})
        self.f_header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#DDDDDD"})
        self.f_text = book.add_format({"num_format": "@", "valign": "top"})
        self.f_wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.f_money = book.add_format({"num_format": "#,##0.00", "valign": "top"})
        self.f_rate = book.add_format({"num_format": "0.0##%"})
        self.f_date = book.add_format({"num_format": "dd.mm.yyyy"})
        self.f_int = book.add_format({"num_format": "0"})
        self.f_bold = book.add_format({"bold": True})
        self.f_total = book.add_format({"bold": True, "num_format": "#,##0.00", "top": 1})
        self.f_small = book.add_format({"font_size": 8, "italic": True})

    def _table_sheet(self, name: str, title: str, columns: tuple[tuple[str, int], ...]) -> Any:
        sheet = self._book.add_worksheet(name)
        for index, (key, width) in enumerate(columns):
            sheet.set_column(index, index, width)
        sheet.write_string(_TITLE_ROW, 0, title, self.f_title)
        tallest = max(_lines(self.words[key], width) for key, width in columns)
        sheet.set_row(_HEADER_ROW, tallest * _LINE_HEIGHT)
        for index, (key, _width) in enumerate(columns):
            sheet.write_string(_HEADER_ROW, index, self.words[key], self.f_header)
        sheet.freeze_panes(_FIRST_ROW, 0)
        _paper(sheet, landscape=True, header_row=_HEADER_ROW)
        return sheet

    def _open(self) -> None:
        context = self.context
        words = self.words
        when = month_words(context.lang, context.period)
        first = context.orders[0]
        self._book.set_properties({
            "title": words["title.summary"].format(**when),
            "author": context.employer.name,
            "comments": f"osms-payroll; {words['rule_set']}: {context.rule_set} {context.rule_set_digest}",
            "created": datetime.combine(first.doc_date, time()),
        })
        self._formats()
        self.summary = self._book.add_worksheet(words["sheet.summary"])
        self._summary_head()
        self.lists = {
            order.kind: _ListSheet(
                self._table_sheet(
                    words["sheet.knp"].format(knp=order.knp),
                    words["title.list"].format(
                        number=order.number, doc_date=f"{order.doc_date:%d.%m.%Y}", payment=words[order.label],
                        knp=order.knp, **when,
                    ),
                    _LIST_COLUMNS,
                ),
                order,
            )
            for order in context.orders
        }
        self.not_due = self._table_sheet(words["sheet.not_due"], words["title.not_due"].format(**when), _NOT_DUE_COLUMNS)
        self.not_due_row = _FIRST_ROW
        #: Why nothing is due, in full with the citation, numbered for the notes sheet.
        self.reasons: dict[str, int] = {}
        self.notes = self._book.add_worksheet(words["sheet.notes"])

    def _summary_head(self) -> None:
        sheet, words, context = self.summary, self.words, self.context
        employer, recipient = context.employer, context.recipient
        for index, width in enumerate(_SUMMARY_WIDTHS):
            sheet.set_column(index, index, width)
        _paper(sheet, landscape=True, one_page=True)
        sheet.write_string(0, 0, words["title.summary"].format(**month_words(context.lang, context.period)), self.f_title)
        rows: list[tuple[str, str] | None] = [
            None,
            (words["payer"], employer.name),
            (words["bin_iin"], employer.bin_iin),
            (words["iban"], employer.iban),
            (words["bic"], employer.bic),
            (words["kod"], employer.kod),
            (words["head"], employer.head or words["not_provided"]),
            (words["chief_accountant"], employer.chief_accountant or words["not_provided"]),
            None,
            (words["recipient"], recipient.name),
            (words["bin_iin"], recipient.bin),
            (words["iban"], recipient.iban),
            (words["bic"], recipient.bic),
            (words["kbe"], recipient.kbe),
            None,
            (words["period"], _period_text(context.period)),
            *([] if context.deadline is None else [(words["due_date"], _due_text(words, context.deadline))]),
            (words["rule_set"], f"{context.rule_set} ({context.rule_set_digest[:12]})"),
            None,
        ]
        row = 1
        for item in rows:
            if item is not None:
                sheet.write_string(row, 0, item[0], self.f_bold)
                sheet.write_string(row, 1, item[1], self.f_text)
            row += 1
        header = ("col.knp", "purpose_label", "number", "doc_date", "value_date", "persons", "amount")
        sheet.set_row(row, max(_lines(words[key], width) for key, width in zip(header, _SUMMARY_WIDTHS, strict=True)) * _LINE_HEIGHT)
        for col, key in enumerate(header):
            sheet.write_string(row, col, words[key], self.f_header)
        self.summary_row = row + 1

    # -- rows ---------------------------------------------------------------------------------

    def _number(self, value: Decimal, who: str) -> float:  # float-ok: a spreadsheet number is a double; checked exact below
        number = float(value)  # float-ok
        if Decimal(repr(number)) != value:
            self.problems.fail(f"{who}: {value} cannot be held exactly by a spreadsheet number")
        return number

    def _list_row(self, sheet: _ListSheet, result: Result, contribution: Contribution, who: str) -> None:
        person = result.person
        ws, row = sheet.worksheet, sheet.row
        sheet.count += 1
        sheet.total += contribution.amount
        ws.write_number(row, _LIST["col.number"], sheet.count, self.f_int)
        ws.write_string(row, _LIST["col.full_name"], person.full_name)
        born = result.birth_date
        if born is not None:
            ws.write_datetime(row, _LIST["col.birth_date"], born, self.f_date)
        ws.write_string(row, _LIST["col.iin"], person.iin, self.f_text)
        ws.write_string(row, _LIST["col.period"], _period_text(person.period), self.f_text)
        ws.write_number(row, _LIST["col.amount"], self._number(contribution.amount, who), self.f_money)
        ws.write_number(row, _LIST["col.base_before_cap"], self._number(contribution.base_before_cap, who), self.f_money)
        ws.write_number(row, _LIST["col.base"], self._number(contribution.base, who), self.f_money)
        ws.write_number(row, _LIST["col.rate"], self._number(contribution.rule.rate, who), self.f_rate)
        sheet.row += 1

    def _not_due_row(self, result: Result, contribution: Contribution, order: PaymentOrder, who: str) -> None:
        person = result.person
        ws, row = self.not_due, self.not_due_row
        ws.write_string(row, _NOT_DUE["col.full_name"], person.full_name, self.f_wrap)
        ws.write_string(row, _NOT_DUE["col.iin"], person.iin, self.f_text)
        ws.write_string(row, _NOT_DUE["col.period"], _period_text(person.period), self.f_text)
        ws.write_string(row, _NOT_DUE["col.knp"], order.knp, self.f_text)
        # The income of the month, whatever the reason: an exempt person's base is never computed.
        ws.write_number(row, _NOT_DUE["col.income"], self._number(person.osms_object, who), self.f_money)
        with using(self.context.lang):
            full = not_due_reason(contribution, result.exempt_reason)
            note = self.reasons.setdefault(full, len(self.reasons) + 1)
            short = _(f"notdue.short.{contribution.not_due}") if contribution.not_due else ""
            reason = _("register.reason", reason=short, note=note)
            category = category_label(person.category)
        widths = dict(_NOT_DUE_COLUMNS)
        tallest = max(_lines(category, widths["col.category"]), _lines(reason, widths["col.reason"]), _lines(person.full_name, widths["col.full_name"]))
        if tallest > 1:
            ws.set_row(row, tallest * _LINE_HEIGHT)
        ws.write_string(row, _NOT_DUE["col.category"], category, self.f_wrap)
        ws.write_string(row, _NOT_DUE["col.reason"], reason, self.f_wrap)
        self.not_due_row += 1

    def add(self, result: Result) -> None:
        who = f"ИИН {mask(result.person.iin)}"
        self.persons += 1
        self.cited.setdefault(result.category_rule.ref, result.category_rule)
        for kind, sheet in self.lists.items():
            contribution = result.contributions.get(kind)
            if contribution is None:
                continue
            for value in contribution.rule.parameters:
                self.cited.setdefault(value.ref, value)
            if contribution.amount > 0:
                if contribution.rule.knp != sheet.order.knp:
                    self.problems.fail(f"{who}: the result's KNP {contribution.rule.knp} is not the list's {sheet.order.knp}")
                    continue
                self._list_row(sheet, result, contribution, who)
            else:
                self._not_due_row(result, contribution, sheet.order, who)
        self.warnings.person(result.warnings)

    # -- closing ------------------------------------------------------------------------------

    def _finish_list(self, sheet: _ListSheet) -> None:
        ws, row = sheet.worksheet, sheet.row
        last = max(row - 1, _HEADER_ROW)
        ws.autofilter(_HEADER_ROW, 0, last, len(_LIST_COLUMNS) - 1)
        ws.write_string(row, _LIST["col.full_name"], self.words["total"], self.f_bold)
        total = self._number(sheet.total, "total")
        amount = _LIST["col.amount"]
        if sheet.count:
            column = xl_col_to_name(amount)
            ws.write_formula(row, amount, f"=SUM({column}{_FIRST_ROW + 1}:{column}{row})", self.f_total, total)
        else:
            ws.write_number(row, amount, total, self.f_total)
        employer = self.context.employer
        signatures = (("head", employer.head), ("chief_accountant", employer.chief_accountant))
        for offset, (key, name) in enumerate(signatures):
            line = row + 3 + 2 * offset
            ws.write_string(line, _LIST["col.number"], self.words[key], self.f_bold)
            ws.write_string(line, _LIST["col.birth_date"], "_" * 24)
            ws.write_string(line, _LIST["col.amount"], name or "", self.f_text)
            ws.write_string(line + 1, _LIST["col.birth_date"], self.words["signature"], self.f_small)

    def _finish_summary(self) -> None:
        sheet, row = self.summary, self.summary_row
        for list_sheet in self.lists.values():
            order = list_sheet.order
            sheet.write_string(row, 0, order.knp, self.f_text)
            sheet.write_string(row, 1, order.purpose, self.f_wrap)
            sheet.write_string(row, 2, order.number, self.f_text)
            sheet.write_datetime(row, 3, order.doc_date, self.f_date)
            sheet.write_datetime(row, 4, order.value_date, self.f_date)
            sheet.write_number(row, 5, list_sheet.count, self.f_int)
            sheet.write_number(row, 6, self._number(list_sheet.total, "total"), self.f_total)
            row += 1
        row += 1
        counted = self.warnings.counted()
        if counted:
            sheet.write_string(row, 0, self.words["warnings"], self.f_bold)
            with using(self.context.lang):
                for warning, persons in counted:
                    text = str(say(warning.message))
                    if persons:
                        text += " — " + ngettext("persons.count", "persons.count_plural", persons)
                    sheet.merge_range(row, 1, row, len(_SUMMARY_WIDTHS) - 1, text, self.f_wrap)
                    sheet.set_row(row, _lines(text, sum(_SUMMARY_WIDTHS[1:])) * _LINE_HEIGHT)
                    row += 1
                if self.warnings.more:
                    sheet.write_string(row, 1, _("warnings.more", count=self.warnings.more), self.f_wrap)

    def _wide_text(self, row: int, text: str, cell_format: Any) -> None:
        """A paragraph across the notes sheet's width, wrapped, its row as tall as the text."""
        sheet, last = self.notes, len(_PARAMETER_COLUMNS) - 1
        sheet.set_row(row, _lines(text, sum(width for _key, width in _PARAMETER_COLUMNS) - 8) * _LINE_HEIGHT)
        sheet.merge_range(row, 0, row, last, text, cell_format)

    def _finish_notes(self) -> None:
        sheet, words = self.notes, self.words
        for index, (_key, width) in enumerate(_PARAMETER_COLUMNS):
            sheet.set_column(index, index, width)
        sheet.write_string(0, 0, words["title.notes"], self.f_title)
        self._wide_text(2, words["notes.columns"], self.f_wrap)
        row = 4
        if self.reasons:
            sheet.write_string(row, 0, words["notes.reasons"], self.f_bold)
            row += 1
            for text, number in self.reasons.items():
                self._wide_text(row, f"{number}. {text}", self.f_wrap)
                row += 1
            row += 1
        header_row = row + 1
        sheet.write_string(row, 0, words["notes.parameters"], self.f_bold)
        sheet.set_row(header_row, max(_lines(words[key], width) for key, width in _PARAMETER_COLUMNS) * _LINE_HEIGHT)
        for col, (key, _width) in enumerate(_PARAMETER_COLUMNS):
            sheet.write_string(header_row, col, words[key], self.f_header)
        row = header_row + 1
        for ref in sorted(self.cited):
            value = self.cited[ref]
            with using(self.context.lang):
                text = param_value(value)
            cells = (ref, text, str(value.start), str(value.end), value.confidence, value.source)
            sheet.set_row(row, max(_lines(cell, width) for cell, (_key, width) in zip(cells, _PARAMETER_COLUMNS, strict=True)) * _LINE_HEIGHT)
            for col, cell in enumerate(cells):
                sheet.write_string(row, col, cell, self.f_wrap)
            row += 1
        _paper(sheet, landscape=True, header_row=header_row)

    def abort(self) -> None:
        self._tmpdir.cleanup()
        self._atomic.discard()

    def close(self, expected: Mapping[str, Decimal]) -> WrittenFile:
        """Write totals and notes, compare with ``expected`` (by KNP), move the workbook into place."""
        totals = {sheet.order.knp: sheet.total for sheet in self.lists.values()}
        problems = check_totals(self.path.name, totals, expected)
        if self.problems or problems:
            self.abort()
            raise RemitError(self.problems.problem_lines() + problems)
        try:
            for sheet in self.lists.values():
                self._finish_list(sheet)
            self.not_due.autofilter(_HEADER_ROW, 0, max(self.not_due_row - 1, _HEADER_ROW), len(_NOT_DUE_COLUMNS) - 1)
            self._finish_summary()
            self._finish_notes()
            self._book.close()
        except BaseException:
            self.abort()
            raise
        finally:
            self._tmpdir.cleanup()
        if self.problems:
            self._atomic.discard()
            raise RemitError(self.problems.problem_lines())
        sha256, size = self._atomic.commit()
        return WrittenFile(self.path, FORMAT, self.persons, totals, sha256, size, None, self.context.warnings)
