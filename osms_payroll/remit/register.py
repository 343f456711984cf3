"""Excel register of one period: the payment requisites, one bank-list sheet per KNP, the persons with
nothing due and why, and notes with every parameter of the law the amounts rest on.

What the register holds is built here as a layout (:mod:`osms_payroll.remit.xlsx.layout`); how it
is written is the writer's (XlsxWriter, or the Rust writer of the ``fast`` extra). Rows stream in
as persons arrive, so memory is flat in the number of persons; the summary and notes sheets, and
the totals rows under the lists, are laid out last. The signature lines of the head and the chief
accountant are in the printed footer of the summary and of every bank list. The creation date is
fixed (the document date), so the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

from osms_payroll.engine.deadlines import Deadline
from osms_payroll.engine.result import Contribution, PaymentRule, Result
from osms_payroll.ids import mask
from osms_payroll.law import ParamValue
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.fileio import AtomicFile
from osms_payroll.issues import IssueLog
from osms_payroll.remit.files import RemitError, WrittenFile, check_totals
from osms_payroll.remit.labels import labels, month_words
from osms_payroll.remit.requisites import PaymentOrder, RemitContext
from osms_payroll.remit.xlsx import open_backend
from osms_payroll.remit.xlsx.layout import Line, Page, Properties, Sheet, Span, Table, Totals
from osms_payroll.i18n import Message, _, ngettext, say, using
from osms_payroll.law.words import category_label, not_due_reason, param_value, rule_set_text

FORMAT = "xlsx"

# (label key, column width in characters, cell style)
_LIST_COLUMNS = (
    ("col.number", 6, "int"), ("col.full_name", 36, None), ("col.birth_date", 13, "date"), ("col.iin", 16, "text"),
    ("col.period", 9, "text"), ("col.amount", 16, "money"), ("col.base_before_cap", 16, "money"), ("col.base", 16, "money"),
    ("col.rate", 8, "rate"),
)
_NOT_DUE_COLUMNS = (
    ("col.full_name", 32, "wrap"), ("col.iin", 15, "text"), ("col.period", 9, "text"), ("col.category", 30, "wrap"),
    ("col.knp", 6, "text"), ("col.income", 16, "money"), ("col.reason", 40, "wrap"),
)
_PARAMETER_COLUMNS = (
    ("col.ref", 30, "wrap"), ("col.value", 30, "wrap"), ("col.from", 9, "wrap"), ("col.to", 9, "wrap"),
    ("col.confidence", 14, "wrap"), ("col.source", 56, "wrap"),
)
#: The summary's table of payment orders; a requisite's caption spans its first two columns, the value the rest.
_SUMMARY_COLUMNS = (
    ("col.knp", 8, "text"), ("number", 16, "text"), ("purpose_label", 46, "wrap"), ("doc_date", 13, "date"),
    ("value_date", 13, "date"), ("persons", 11, "int"), ("amount", 16, "sum"),
)
_CAPTION, _VALUE = (0, 1), (2, len(_SUMMARY_COLUMNS) - 1)
#: Points per line of wrapped text, and the paper margins in inches (left, right, top, bottom).
_LINE_HEIGHT = 15
_MARGINS = (0.5, 0.4, 0.6, 0.7)  # float-ok, legal-number-ok: paper margins in inches
_PAGE_NUMBERS = "&C&P / &N"
_LIST = {key: index for index, (key, _width, _style) in enumerate(_LIST_COLUMNS)}


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


def _height(cells: tuple[tuple[str, int], ...]) -> int | None:
    """The height of a row of wrapped ``(text, width)`` cells: none (the default) for one line."""
    tallest = max(_lines(text, width) for text, width in cells)
    return tallest * _LINE_HEIGHT if tallest > 1 else None


def _table(words: Mapping[str, str], columns: tuple[tuple[str, int, str | None], ...], *, lists: bool) -> Table:
    """A table's header (labels as tall as the tallest wraps) and its column styles."""
    tallest = max(_lines(words[key], width) for key, width, _style in columns)
    return Table(
        labels=tuple(words[key] for key, _width, _style in columns),
        styles=tuple(style for _key, _width, style in columns),
        height=tallest * _LINE_HEIGHT,
        freeze=lists,
        autofilter=lists,
    )


def _widths(columns: tuple[tuple[str, int, str | None], ...]) -> tuple[int, ...]:
    return tuple(width for _key, width, _style in columns)


def _who(result: Result) -> str:
    """The person in a problem line, the ИИН masked."""
    return f"ИИН {mask(result.person.iin)}"


def _footer_text(text: str) -> str:
    """Text as it prints in a footer: ``&`` starts a code there, so a literal one is doubled."""
    return text.replace("&", "&&")


def _due_text(words: Mapping[str, str], deadline: Deadline) -> str:
    """The due date, and the law's day it was moved from past days off."""
    due = f"{deadline.due:%d.%m.%Y}"
    return due if not deadline.moved_past else f"{due} ({words['due_moved'].format(date=f'{deadline.nominal:%d.%m.%Y}')})"


def _period_text(period: Period) -> str:
    """The period as bank lists print it: ``10.2026``."""
    return f"{period.month:02d}.{period.year}"


def spreadsheet_number(value: Decimal) -> tuple[float, bool]:  # float-ok: a spreadsheet number is a double
    """``value`` as a double, and whether the spreadsheet shows it as the same decimal (its shortest
    ``repr`` reads back equal). A text of at most 15 characters without an exponent has at most 15
    digits, which a double always keeps, so only a longer text is read back: four numbers a row."""
    text = str(value)
    number = float(value)  # float-ok
    if len(text) <= 15 and text[-1].isdigit() and "E" not in text:  # legal-number-ok: a double's 15 exact decimal digits
        return number, True
    return number, Decimal(repr(number)) == value


class _ListSheet:
    """One KNP's list: its sheet, the persons counted so far and their total."""

    def __init__(self, name: str, order: PaymentOrder) -> None:
        self.name = name
        self.order = order
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
        #: Why nothing is due, in full with the citation, numbered for the notes sheet.
        self.reasons: dict[str, int] = {}
        #: Each payment rule met, by identity, with its rate as a sheet number: its parameters are
        #: cited and its rate converted once (the rule is kept, so its identity is never reused).
        self._rules: dict[int, tuple[PaymentRule, float]] = {}  # float-ok: a spreadsheet number
        self._atomic = AtomicFile(self.path)
        try:
            self._book = open_backend(self._atomic.temp)
        except BaseException:
            self._atomic.discard()
            raise
        try:
            self._open()
        except BaseException:
            self.abort()
            raise

    # -- layout -------------------------------------------------------------------------------

    def _page(self, *, signed: bool, tall: int = 0, repeat_header: bool = True) -> Page:
        """Print settings; the summary and the bank lists carry the signature lines in their footer."""
        footer = _PAGE_NUMBERS
        if signed:
            employer, words = self.context.employer, self.words
            signatures = [
                _footer_text(f"{words[key]} ________ {words['signature']} {name or ''}".rstrip())
                for key, name in (("head", employer.head), ("chief_accountant", employer.chief_accountant))
            ]
            footer = f"&L{signatures[0]}{_PAGE_NUMBERS}&R{signatures[1]}"
        return Page(footer=footer, margins=_MARGINS, tall=tall, repeat_header=repeat_header)

    def _open(self) -> None:
        words, context = self.words, self.context
        when = month_words(context.lang, context.period)
        self.lists = {order.kind: _ListSheet(words["sheet.knp"].format(knp=order.knp), order) for order in context.orders}
        self.not_due = words["sheet.not_due"]
        self._book.declare([words["sheet.summary"], *(sheet.name for sheet in self.lists.values()), self.not_due, words["sheet.notes"]])
        for sheet in self.lists.values():
            order = sheet.order
            title = words["title.list"].format(
                number=order.number, doc_date=f"{order.doc_date:%d.%m.%Y}", payment=words[order.label], knp=order.knp, **when,
            )
            self._book.frame(Sheet(
                sheet.name, _widths(_LIST_COLUMNS), self._page(signed=True), _table(words, _LIST_COLUMNS, lists=True),
                (Line((Span(0, len(_LIST_COLUMNS) - 1, title, "title"),)),),
            ))
        self._book.frame(Sheet(
            self.not_due, _widths(_NOT_DUE_COLUMNS), self._page(signed=False), _table(words, _NOT_DUE_COLUMNS, lists=True),
            (Line((Span(0, len(_NOT_DUE_COLUMNS) - 1, words["title.not_due"].format(**when), "title"),)),),
        ))

    def _requisite(self, caption: str, value: str) -> Line:
        return Line((Span(*_CAPTION, caption, "caption"), Span(*_VALUE, value, "text")))

    def _summary_banner(self) -> list[Line]:
        words, context = self.words, self.context
        employer, recipient = context.employer, context.recipient
        width = sum(width for _key, width, _style in _SUMMARY_COLUMNS[_VALUE[0]:])
        title = words["title.summary"].format(**month_words(context.lang, context.period))
        banner = [Line((Span(0, _VALUE[1], title, "title"),)), Line()]
        pairs: list[tuple[str, str] | None] = [
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
            (words["rule_set"], f"{rule_set_text(context.rule_set)} ({context.rule_set_digest[:12]})"),
            None,
        ]
        banner += [Line() if pair is None else self._requisite(*pair) for pair in pairs]
        counted = self.warnings.counted()
        if counted:
            with using(context.lang):
                texts = []
                for warning, persons in counted:
                    text = str(say(warning.message))
                    if persons:
                        text += " — " + ngettext("persons.count", "persons.count_plural", persons)
                    texts.append(text)
                if self.warnings.more:
                    texts.append(_("warnings.more", count=self.warnings.more))
            for index, text in enumerate(texts):
                caption = (Span(*_CAPTION, words["warnings"], "caption"),) if index == 0 else ()
                banner.append(Line((*caption, Span(*_VALUE, text, "wrap")), _height(((text, width),))))
            banner.append(Line())
        return banner

    def _summary(self) -> None:
        words = self.words
        sheet = Sheet(
            words["sheet.summary"], _widths(_SUMMARY_COLUMNS), self._page(signed=True, tall=1, repeat_header=False),
            _table(words, _SUMMARY_COLUMNS, lists=False), tuple(self._summary_banner()),
        )
        self._book.frame(sheet)
        purpose_width = _SUMMARY_COLUMNS[2][1]
        for list_sheet in self.lists.values():
            order = list_sheet.order
            self._book.row(sheet.name, (
                order.knp, order.number, order.purpose, order.doc_date, order.value_date, list_sheet.count,
                self._number(list_sheet.total),
            ), _height(((order.purpose, purpose_width),)))
        self._book.finish(sheet.name, None)

    def _notes(self) -> None:
        words = self.words
        last = len(_PARAMETER_COLUMNS) - 1
        width = sum(width for _key, width, _style in _PARAMETER_COLUMNS) - 8

        def paragraph(text: str) -> Line:
            """A paragraph across the sheet's width, wrapped, its row as tall as the text."""
            return Line((Span(0, last, text, "wrap"),), _lines(text, width) * _LINE_HEIGHT)

        banner = [Line((Span(0, last, words["title.notes"], "title"),)), Line(), paragraph(words["notes.columns"]), Line()]
        if self.reasons:
            banner.append(Line((Span(0, last, words["notes.reasons"], "caption"),)))
            banner += [paragraph(f"{number}. {text}") for text, number in self.reasons.items()]
            banner.append(Line())
        banner.append(Line((Span(0, last, words["notes.parameters"], "caption"),)))
        table = _table(words, _PARAMETER_COLUMNS, lists=False)
        sheet = Sheet(words["sheet.notes"], _widths(_PARAMETER_COLUMNS), self._page(signed=False), table, tuple(banner))
        self._book.frame(sheet)
        for ref in sorted(self.cited):
            value = self.cited[ref]
            with using(self.context.lang):
                text = param_value(value)
            cells = (ref, text, str(value.start), str(value.end), value.confidence, value.source)
            height = max(_lines(cell, width) for cell, width in zip(cells, _widths(_PARAMETER_COLUMNS), strict=True))
            self._book.row(sheet.name, cells, height * _LINE_HEIGHT)
        self._book.finish(sheet.name, None)

    # -- rows ---------------------------------------------------------------------------------

    def _number(self, value: Decimal, of: Result | None = None) -> float:  # float-ok: a spreadsheet number is a double; checked exact below
        """``value`` as a spreadsheet number, a problem (of the person ``of``, else a total) if inexact."""
        number, exact = spreadsheet_number(value)
        if not exact:
            who = Message("register.total") if of is None else _who(of)
            self.problems.fail(Message("register.inexact", who=who, value=str(value)))
        return number

    def _list_row(self, sheet: _ListSheet, result: Result, contribution: Contribution) -> None:
        person = result.person
        sheet.count += 1
        sheet.total += contribution.amount
        self._book.row(sheet.name, (
            sheet.count, person.full_name, result.birth_date, person.iin, _period_text(person.period),
            self._number(contribution.amount, result), self._number(contribution.base_before_cap, result),
            self._number(contribution.base, result), self._rate(contribution.rule, result),
        ))

    def _rate(self, rule: PaymentRule, of: Result) -> float:  # float-ok: a spreadsheet number
        known = self._rules.get(id(rule))
        return known[1] if known is not None else self._number(rule.rate, of)

    def _not_due_row(self, result: Result, contribution: Contribution, order: PaymentOrder) -> None:
        person = result.person
        with using(self.context.lang):
            full = not_due_reason(contribution, result.exempt_reason)
            note = self.reasons.setdefault(full, len(self.reasons) + 1)
            short = _(f"notdue.short.{contribution.not_due}") if contribution.not_due else ""
            reason = _("register.reason", reason=short, note=note)
            category = category_label(person.category)
        widths = {key: width for key, width, _style in _NOT_DUE_COLUMNS}
        height = _height(((category, widths["col.category"]), (reason, widths["col.reason"]), (person.full_name, widths["col.full_name"])))
        # The income of the month, whatever the reason: an exempt person's base is never computed.
        self._book.row(self.not_due, (
            person.full_name, person.iin, _period_text(person.period), category, order.knp,
            self._number(person.osms_object, result), reason,
        ), height)

    def add(self, result: Result) -> None:
        self.persons += 1
        self.cited.setdefault(result.category_rule.ref, result.category_rule)
        for kind, sheet in self.lists.items():
            contribution = result.contributions.get(kind)
            if contribution is None:
                continue
            rule = contribution.rule
            if id(rule) not in self._rules:
                for value in rule.parameters:
                    self.cited.setdefault(value.ref, value)
                number, exact = spreadsheet_number(rule.rate)
                if exact:
                    self._rules[id(rule)] = (rule, number)
            if contribution.amount > 0:
                if contribution.rule.knp != sheet.order.knp:
                    self.problems.fail(Message("register.knp", who=_who(result), knp=contribution.rule.knp, expected=sheet.order.knp))
                    continue
                self._list_row(sheet, result, contribution)
            else:
                self._not_due_row(result, contribution, sheet.order)
        self.warnings.person(result.warnings)

    # -- closing ------------------------------------------------------------------------------

    def abort(self) -> None:
        self._book.abort()
        self._atomic.discard()

    def close(self, expected: Mapping[str, Decimal]) -> WrittenFile:
        """Write totals and notes, compare with ``expected`` (by KNP), move the workbook into place."""
        totals = {sheet.order.knp: sheet.total for sheet in self.lists.values()}
        problems = check_totals(self.path.name, totals, expected)
        if self.problems or problems:
            self.abort()
            raise RemitError(self.problems.problem_lines() + problems)
        context, words = self.context, self.words
        try:
            for sheet in self.lists.values():
                self._book.finish(sheet.name, Totals(words["total"], _LIST["col.amount"], self._number(sheet.total)))
            self._book.finish(self.not_due, None)
            self._summary()
            self._notes()
            if self.problems:
                raise RemitError(self.problems.problem_lines())
            self._book.close(Properties(
                title=words["title.summary"].format(**month_words(context.lang, context.period)),
                author=context.employer.name,
                comments=f"osms-payroll; {words['rule_set']}: {context.rule_set} {context.rule_set_digest}",
                created=datetime.combine(context.orders[0].doc_date, time()),
            ))
        except BaseException:
            self.abort()
            raise
        sha256, size = self._atomic.commit()
        return WrittenFile(self.path, FORMAT, self.persons, totals, sha256, size, None, self.context.warnings)
