"""Rows under the header to :class:`SourceRow`: what is a person, what is a totals row, what is noise.

Shared by the CSV and workbook readers. Per row it keeps running sums (for checking totals rows)
and one hash (to warn of a row repeated exactly), so memory stays small however long the sheet is.
A row repeating the header (a second export pasted below) is skipped with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import partial

from osms_payroll.issues import Issue, IssueLog, Location
from osms_payroll.ids import mask
from osms_payroll.i18n import _
from osms_payroll.money import ZERO, AmountError, format_amount, parse_amount
from osms_payroll.period import Period
from osms_payroll.intake.adapter import ColumnMap, HeaderRow
from osms_payroll.intake.cells import (
    Cell,
    amount_text,
    category_text,
    flag_text,
    iin_text,
    period_in_titles,
    period_text,
    plain_text,
)
from osms_payroll.intake.contract import masked
from osms_payroll.intake.headers import Found
from osms_payroll.intake.layout import SheetLayout
from osms_payroll.intake.rows import RawCell, RowSource, SourceRow
from osms_payroll.intake.vocabulary import NAME_PARTS, REPORTED, vocabulary


def column_letters(number: int) -> str:
    """``1`` → ``A``, ``28`` → ``AB``."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    """``A`` → ``1``, ``AB`` → ``28``."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class CellRefs(Mapping[str, str]):
    """The cell of each field in one row (``C14``), built only when someone asks."""

    __slots__ = ("_letters", "_row")

    def __init__(self, letters: Mapping[str, str], row: int) -> None:
        self._letters = letters
        self._row = row

    def __getitem__(self, field: str) -> str:
        return f"{self._letters[field]}{self._row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._letters)

    def __len__(self) -> int:
        return len(self._letters)


#: An amount cell holding only a dash means nothing was paid: read as zero, with a warning.
DASHES = frozenset({"-", "—", "–", "−"})
#: Distinct cell values remembered per column by :func:`_cached` (periods, categories repeat).
CACHE_SIZE = 4096


def _cached(reader: Callable[[Cell], str | None]) -> Callable[[Cell], str | None]:
    """``reader`` with a bounded memo: a category or period column holds a handful of values."""
    memo: dict[tuple[type, Cell], str | None] = {}

    def read(cell: Cell) -> str | None:
        key = (type(cell), cell)  # 1, 1.0 and True are equal keys otherwise
        try:
            return memo[key]
        except KeyError:
            value = reader(cell)
            if len(memo) < CACHE_SIZE:
                memo[key] = value
            return value

    return read


def _is_empty(cell: Cell) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


class RowReader:
    """Reads the rows under one header with one adapter's column map; what a row warns of is
    reported into the log :meth:`rows` is given (which keeps memory flat)."""

    def __init__(
        self,
        file: str,
        sheet: str | None,
        found: Found,
        offset: int,
        *,
        cell_refs: bool,
        fixed: Mapping[str, str] | None = None,
    ) -> None:
        vocab = vocabulary()
        self.file = file
        self.sheet = sheet
        self.columns: ColumnMap = found.columns
        self.header: HeaderRow = found.header
        self.fixed = dict(fixed or {})
        mapped = self.columns.columns
        self.iin_at = mapped["iin"][0]
        extra = self.columns.categories

        def category(cell: Cell) -> str | None:
            return category_text(cell, extra)

        readers: dict[str, Callable[[Cell], str | None]] = {
            "text": plain_text, "amount": amount_text, "period": _cached(period_text), "flag": flag_text,
            "category": _cached(category),
        }
        self.plan: list[tuple[str, int, Callable[[Cell], str | None]]] = []
        self.names: tuple[int, ...] = ()
        for field, positions in mapped.items():
            if field == "iin":
                continue
            if field == "full_name" and len(positions) > 1:
                self.names = positions
                continue
            self.plan.append((field, positions[0], readers[vocab.kinds[field]]))
        self.amounts = tuple(field for field, _p, reader in self.plan if reader is amount_text)
        self.letters = (
            {field: column_letters(offset + positions[0] + 1) for field, positions in mapped.items()} if cell_refs else {}
        )
        self.section_rows = self.columns.section_rows
        self.vocab = vocab
        self.width = 1 + max(position for positions in mapped.values() for position in positions)

    def _repeats_header(self, text: str) -> bool:
        if not text.strip():
            return False
        hit = self.vocab.field(text) if text and not text.lstrip("' ")[:1].isdigit() else None
        return (hit is not None and hit[0] == "iin") or text.strip() == self.header.labels[self.iin_at].strip()

    def _label(self, field: str) -> str:
        return self.header.labels[self.columns.columns[field][0]] or field

    def _where(self, number: int, field: str | None = None) -> tuple[Location, str | None]:
        cell = f"{self.letters[field]}{number}" if field is not None and field in self.letters else None
        return Location(self.file, number, self.sheet), cell

    def _warn(self, log: IssueLog, code: str, message: str, number: int, field: str | None = None) -> None:
        location, cell = self._where(number, field)
        log.warn(Issue(code, message, location, field, cell))

    def rows(self, numbered: Iterable[tuple[int, Sequence[Cell]]], log: IssueLog) -> Iterator[SourceRow]:
        """SourceRows of the data rows; empty, heading and totals rows are consumed here."""
        grand = dict.fromkeys(self.amounts, ZERO)
        section = dict.fromkeys(self.amounts, ZERO)
        # Amounts that were text cells in a workbook: a sheet's own SUM skips them.
        texted = dict.fromkeys(self.amounts, ZERO)
        texted_all = dict.fromkeys(self.amounts, ZERO)
        at = {field: position for field, position, reader in self.plan if reader is amount_text}
        readable = True
        after_totals = False
        letters = self.letters
        file, sheet, plan, names, fixed, amounts = self.file, self.sheet, self.plan, self.names, self.fixed, self.amounts
        width, iin_at = self.width, self.iin_at
        seen: dict[int, int] = {}  # a row's hash → its first row number (flat enough: one int pair per row)
        for number, cells in numbered:
            if len(cells) < width:
                cells = [*cells, *([None] * (width - len(cells)))]
            iin_cell = cells[iin_at]
            if isinstance(iin_cell, str) and self._repeats_header(iin_cell):
                self._warn(log, "header.repeated", _("header.repeated", row=number, header=self.header.row), number)
                continue
            no_iin = _is_empty(iin_cell)
            if no_iin or (isinstance(iin_cell, str) and not iin_cell.lstrip("' ")[:1].isdigit()):
                if no_iin and all(_is_empty(cell) for cell in cells):
                    continue
                first_text = next((cell for cell in cells if isinstance(cell, str) and cell.strip()), "")
                if first_text and self.vocab.is_totals(first_text):
                    if readable:
                        self._check_totals(log, number, cells, section, grand, texted, texted_all)
                    section = dict.fromkeys(self.amounts, ZERO)
                    texted = dict.fromkeys(self.amounts, ZERO)
                    after_totals = True
                    continue
                if no_iin and all(_is_empty(cells[p]) for _f, p, reader in plan if reader is amount_text):
                    if not (self.section_rows or after_totals):
                        self._warn(log, "row.skipped", _("row.skipped"), number)
                    continue
            after_totals = False
            values: dict[str, RawCell] = {}
            iin, restored = iin_text(iin_cell)
            values["iin"] = iin
            if restored and iin is not None:
                self._warn(log, "iin.leading_zero", _("iin.leading_zero", iin=mask(iin)), number, "iin")
            for field, position, reader in plan:
                values[field] = reader(cells[position])
            if names:
                parts = [plain_text(cells[position]) for position in names]
                values["full_name"] = " ".join(part for part in parts if part) or None
                if len(parts) == len(NAME_PARTS):  # surname, first name, patronymic: kept apart for bank lists
                    values.update(zip(NAME_PARTS, parts))
            for field, value in fixed.items():
                values.setdefault(field, value)
            first = seen.setdefault(hash(tuple(values.values())), number)
            if first != number:
                self._warn(log, "row.duplicate", _("row.duplicate", row=number, first=first), number)
            for field in amounts:
                text = values[field]
                if text is None:
                    continue
                if isinstance(text, str) and text.strip() in DASHES:
                    values[field] = text = "0"
                    self._warn(log, "amount.dash", _("amount.dash", column=self._label(field)), number, field)
                try:
                    amount = Decimal(text)
                except InvalidOperation:
                    readable = False
                    continue
                section[field] += amount
                grand[field] += amount
                if letters and isinstance(cells[at[field]], str):
                    texted[field] += amount
                    texted_all[field] += amount
            yield SourceRow(Location(file, number, sheet), values, CellRefs(letters, number) if letters else {})

    def _check_totals(
        self, log: IssueLog, number: int, cells: Sequence[Cell], section: Mapping[str, Decimal], grand: Mapping[str, Decimal],
        texted: Mapping[str, Decimal], texted_all: Mapping[str, Decimal],
    ) -> None:
        for field, position, reader in self.plan:
            if reader is not amount_text:
                continue
            text = amount_text(cells[position])
            if text is None:
                continue
            try:
                stated = parse_amount(text)
            except AmountError:
                continue
            if stated in (section[field], grand[field]):
                continue
            skipped = texted[field] if stated == section[field] - texted[field] else texted_all[field]
            if skipped and stated in (section[field] - texted[field], grand[field] - texted_all[field]):
                self._warn(log, "totals.text_amounts", _(
                    "totals.text_amounts", stated=format_amount(stated), column=self._label(field),
                    skipped=format_amount(skipped),
                ), number, field)
                continue
            summed = format_amount(section[field])
            if section[field] != grand[field]:
                summed += _("totals.since_previous", total=format_amount(grand[field]))
            self._warn(log, "totals.mismatch", _(
                "totals.mismatch", stated=format_amount(stated), column=f"«{self._label(field)}»", summed=summed,
            ), number, field)


def header_warnings(file: str, sheet: str | None, found: Found, offset: int, cell_refs: bool) -> list[Issue]:
    """Unknown and doubtful header columns, each located at its header cell."""
    vocab = vocabulary()
    header = found.header
    location = Location(file, header.row, sheet)
    used = {position for positions in found.columns.columns.values() for position in positions}

    def cell(position: int | None) -> str | None:
        if position is None or not cell_refs:
            return None
        return f"{column_letters(offset + position + 1)}{header.row}"

    issues = [
        Issue(note.code, note.message, location, None if note.position is None else header.labels[note.position], cell(note.position))
        for note in found.columns.notes
    ]
    noted = {note.position for note in found.columns.notes}
    for position, label in enumerate(header.labels):
        if not label or position in used or position in noted or header.spans[position] > 1:
            continue
        if vocab.header_key(label) in vocab.ignored or vocab.field(label) is not None:
            continue
        issues.append(Issue("column.unknown", masked(_("column.unknown", label=f"«{label}»")), location, masked(label), cell(position)))
    return issues


def open_source(
    file: str,
    sheet: str | None,
    found: Found,
    offset: int,
    width: int,
    numbered: Iterable[tuple[int, Sequence[Cell]]],
    *,
    period: Period | None,
    cell_refs: bool,
    warnings: Sequence[Issue] = (),
) -> RowSource:
    """The RowSource for a found header: ``warnings`` of opening and the header's, the period a
    title states, the row stream."""
    opened = [*warnings, *header_warnings(file, sheet, found, offset, cell_refs)]
    fixed: dict[str, str] = {}
    if "period" not in found.columns.columns:
        stated = period_in_titles(found.header.above)
        location = Location(file, found.header.row, sheet)
        if stated is not None and period is None:
            fixed["period"] = str(stated)
            opened.append(Issue("period.from_title", _("period.from_title", period=stated), location))
        elif stated is not None and period is not None and stated != period:
            opened.append(Issue("period.title_differs", _("period.title_differs", stated=stated, period=period), location))
    reader = RowReader(file, sheet, found, offset, cell_refs=cell_refs, fixed=fixed)
    labelled = [position for position, label in enumerate(found.header.labels) if label]
    layout = SheetLayout(
        sheet=sheet,
        header_row=found.header.row,
        columns={field: offset + positions[0] + 1 for field, positions in found.columns.columns.items()},
        last_column=offset + max(width, (labelled[-1] + 1) if labelled else 0),
        adapter=found.columns.adapter,
        language=found.columns.language,
    )
    return RowSource(file, tuple(opened), partial(reader.rows, numbered), layout)


def reported_fields(layout: SheetLayout | None) -> tuple[str, ...]:
    """The sheet's own ООСМС/ВОСМС columns, if it has them."""
    if layout is None:
        return ()
    return tuple(field for field in REPORTED if field in layout.columns)
