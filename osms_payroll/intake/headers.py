"""Finding the header row and matching its labels against the alias vocabulary.

Real sheets carry title rows, merged cells and two-row headers (a merged ``Удержано`` over
``ИПН | ОСМС``) above the data; the header is searched within the first :data:`SCAN_ROWS` rows and
every adapter scores every candidate row. A header repeated lower down (two exports pasted into one
file) is read as the first one; the records reader then skips each repeat with a warning. Rows
above the chosen header that hold an ИИН are data, not a title: the file is refused naming them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import attrs

from osms_payroll.i18n import Message, _, say
from osms_payroll.ids import iin as iin_id
from osms_payroll.intake.adapter import ColumnMap, HeaderNote, HeaderRow, SheetAdapter
from osms_payroll.intake.cells import iin_text
from osms_payroll.intake.rows import CONTRACT_COLUMNS, InputError
from osms_payroll.intake.vocabulary import LANGUAGES, NAME_PARTS, REPORTED, Vocabulary, vocabulary

#: How far down a sheet the header may start.
SCAN_ROWS = 30  # legal-number-ok: rows searched for a header
#: Row numbers quoted in a message before the rest are counted.
SHOWN = 5
#: Without an ИИН column and one of the amount columns a sheet cannot be computed
#: (``net`` is what a gross-up from the net pay reads).
REQUIRED = "iin"
AMOUNTS = ("gross", "net")

#: A merged range as ((first row, first column), (last row, last column)), 0-based, inclusive.
Merge = tuple[tuple[int, int], tuple[int, int]]


@attrs.frozen
class AliasMatch:
    """What the vocabulary makes of a header."""

    columns: dict[str, tuple[int, ...]]
    language: str
    notes: tuple[HeaderNote, ...]


def match_aliases(header: HeaderRow, vocab: Vocabulary | None = None) -> AliasMatch:
    """Map each labelled column to a field by its alias; the group above settles an ambiguous label.

    The first column naming a field wins (a later one gets a note); a name in three columns
    (surname, name, patronymic) becomes ``full_name`` when no single name column exists.
    """
    vocab = vocab or vocabulary()
    wanted = {*CONTRACT_COLUMNS, *REPORTED, *NAME_PARTS}
    found: dict[str, int] = {}
    languages: Counter[str] = Counter()
    notes: list[HeaderNote] = []
    for position, label in enumerate(header.labels):
        if not label.strip() or header.spans[position] > 1:
            continue
        group = header.groups[position]
        hit = vocab.field(label)
        if hit is None:
            resolution = vocab.ambiguous.get(vocab.header_key(label))
            if resolution is not None:
                kind = vocab.group(group) if group else None
                field = resolution.get(kind) if kind else None
                if field is None:
                    notes.append(HeaderNote(position, "column.ambiguous", Message("column.ambiguous", label=repr(label))))
                    continue
                hit = (field, "ru")
            elif group:
                hit = vocab.field(f"{group} {label}")
        if hit is None or hit[0] not in wanted:
            continue
        field, language = hit
        if field in found:
            notes.append(HeaderNote(position, "column.duplicate", Message("column.duplicate", label=repr(label), field=field)))
            continue
        found[field] = position
        languages[language] += 1
    columns: dict[str, tuple[int, ...]] = {field: (position,) for field, position in found.items() if field not in NAME_PARTS}
    parts = tuple(found[part] for part in NAME_PARTS if part in found)
    if "full_name" not in columns and parts:
        columns["full_name"] = parts
    top = max(LANGUAGES, key=lambda lang: (languages[lang], -LANGUAGES.index(lang)))
    return AliasMatch(columns, top, tuple(notes))


def holds_iin(row: Sequence[object]) -> bool:
    """Whether a cell of ``row`` is a valid ИИН."""
    return any(isinstance(cell, str | int | float) and iin_id.is_valid(iin_text(cell)[0] or "") for cell in row)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def candidates(
    file: str, sheet: str | None, rows: Sequence[Sequence[object]], merges: Sequence[Merge] | None, first_row: int
) -> Iterator[tuple[int, HeaderRow]]:
    """Each scanned row as a candidate header; ``merges`` are relative to ``rows`` (None: unknown)."""
    texts = [[_text(cell) for cell in row] for row in rows]
    width = max((len(row) for row in texts), default=0)
    for row in texts:
        row.extend([""] * (width - len(row)))
    # Which merged range starts where, and which range covers each cell.
    owner: dict[tuple[int, int], Merge] = {}
    for merged in merges or ():
        (r0, c0), (r1, c1) = merged
        for r in range(r0, min(r1, len(texts) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                owner[(r, c)] = merged
    for index, row in enumerate(texts):
        if not any(row):
            continue
        labels: list[str] = []
        spans: list[int] = []
        groups: list[str] = []
        above = texts[index - 1] if index else [""] * width
        group_fill = ""
        for column in range(width):
            label, span = row[column], 1
            merge: Merge | None = owner.get((index, column))
            over: Merge | None = owner.get((index - 1, column)) if index else None
            if merge is not None:
                (r0, c0), (_r1, c1) = merge
                label = texts[r0][c0] if c0 == column else ""
                span = c1 - c0 + 1
            elif not label and above[column] and over is None:
                label = above[column]  # a label over an empty cell reads as one (unmerged) header cell
            if over is not None:
                group = "" if over is merge else texts[over[0][0]][over[0][1]]
            elif merges is None:
                # Merges unknown (ODS, CSV): a group label runs right until the next label above.
                group_fill = above[column] or group_fill
                group = "" if label == above[column] else group_fill
            else:
                group = above[column]
            labels.append(label)
            spans.append(span)
            groups.append(group if group != label else "")
        title = tuple(text for previous in texts[:index] for text in previous if text)
        yield index, HeaderRow(file, sheet, first_row + index, tuple(labels), tuple(groups), tuple(spans), title)


@attrs.frozen
class Found:
    """The header chosen: its row, the adapter's reading, and its index among the scanned rows."""

    header: HeaderRow
    columns: ColumnMap
    index: int

    @property
    def complete(self) -> bool:
        mapped = self.columns.columns
        return REQUIRED in mapped and any(field in mapped for field in AMOUNTS)


def find_header(
    file: str,
    sheet: str | None,
    rows: Sequence[Sequence[object]],
    merges: Sequence[Merge] | None,
    adapters: Sequence[SheetAdapter],
    *,
    first_row: int = 1,
    only_row: int | None = None,
) -> Found | None:
    """The best-scored reading of the scanned rows: complete ones first, then score, then the lower row.

    The lower row wins a tie so that a two-row header is read with its sub-labels, except when it
    repeats the same labels: that is a second export pasted below the first, whose header is kept.
    Below a complete header a row holding a valid ИИН is a person, not read as a header (matching
    the data rows was most of the search's time on a small file).
    """
    best: Found | None = None
    for index, header in candidates(file, sheet, rows, merges, first_row):
        if only_row is not None and header.row != only_row:
            continue
        if best is not None and best.complete and holds_iin(rows[index]):
            continue
        for adapter in adapters:
            columns = adapter.match(header)
            if columns is None or not columns.columns:
                continue
            found = Found(header, columns, index)
            if best is not None and header.labels == best.header.labels and columns.columns == best.columns.columns:
                continue
            if best is None or (found.complete, columns.score, index) > (best.complete, best.columns.score, best.index):
                best = found
    return best


def check_above(where: str, found: Found, rows: Sequence[Sequence[object]]) -> None:
    """Refuse a header with data above it: a row holding a valid ИИН is a person, never a title."""
    numbers = [found.header.row - found.index + index for index, row in enumerate(rows[: found.index]) if holds_iin(row)]
    if numbers:
        shown = ", ".join(map(str, numbers[:SHOWN]))
        if len(numbers) > SHOWN:
            shown = _("header.above_more", shown=shown, more=len(numbers) - SHOWN)
        raise InputError(_("header.data_above", where=where, rows=shown, header=found.header.row))


def no_header(where: str, found: Found | None) -> str:
    """Why no header could be used, and what to do about it, in the user's language."""
    fix = _("header.fix")
    if found is None:
        return _("header.none", where=where, rows=SCAN_ROWS, fix=fix)
    mapped = found.columns.columns
    missing = [_(f"header.field.{field}") for field in (REQUIRED,) if field not in mapped]
    if not any(field in mapped for field in AMOUNTS):
        missing.append(_("header.field.amount"))
    # Only recognised labels are quoted: an unrecognised "header" may be a row of personal data.
    seen = ", ".join(f"«{found.header.labels[positions[0]]}»" for positions in found.columns.columns.values())
    notes = "".join(f"; {say(note.message)}" for note in found.columns.notes)
    return _(
        "header.missing", where=where, row=found.header.row, seen=seen, missing=_("header.and").join(missing), notes=notes, fix=fix,
    )
