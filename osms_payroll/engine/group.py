"""Group pay lines into person-months; salary and bonus on two lines are one person-month.

The lines of a month can lie anywhere in the input, so every line waits until the last is read:
in memory for a small input or a list, on disk past :data:`HELD_LINES` of a stream (memory flat
in the size of a file read row by row).
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

import attrs

from osms_payroll.i18n import Message
from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.ids import mask
from osms_payroll.issues import Issue
from osms_payroll.period import Period


@attrs.frozen
class Rejection:
    """A person-month (or an input row) that was not computed, and why; its lines are kept so nothing is lost.

    A row that could not be read travels in the same stream as the lines, as a rejection with no
    lines: ``iin`` and ``period`` are set when the row still tells whose month it is (that
    person-month is then rejected whole), None when it does not.
    """

    iin: str | None
    period: Period | None
    issues: tuple[Issue, ...]
    lines: tuple[PayLine, ...] = ()

    @property
    def rows(self) -> int:
        """Input rows this rejection stands for: its lines, or the one unreadable row."""
        return len(self.lines) or 1


def _conflicts(lines: tuple[PayLine, ...]) -> list[Issue]:
    issues: list[Issue] = []
    first = lines[0]
    who = f"ИИН {mask(first.iin)}, {first.period}"
    for line in lines[1:]:
        if line.category != first.category:
            issues.append(
                Issue(
                    "category.conflict",
                    Message("group.category_conflict", who=who, category=repr(line.category), first=repr(first.category), where=str(first.source)),
                    line.source,
                    "category",
                )
            )
    others = {line.vosms_other_income for line in lines if line.vosms_other_income}
    if len(others) > 1:
        issues.append(
            Issue(
                "vosms_other_income.conflict",
                Message("group.other_income_conflict", who=who),
                lines[-1].source,
                "vosms_other_income",
            )
        )
    return issues


def _incomplete(iin: str, period: Period, group: tuple[PayLine, ...]) -> Rejection:
    message = Message("group.incomplete", who=f"ИИН {mask(iin)}, {period}")
    return Rejection(iin, period, tuple(Issue("person_month.incomplete", message, line.source) for line in group), group)


Key = tuple[str, Period]
#: Lines held in memory before they all move to disk (about 70 MB of lines read from a file).
HELD_LINES = 100_000
#: Lines pickled before they are inserted at once (one statement per batch, not per line).
_BATCH = 4096


def _text(iin: str, period: Period) -> str:
    return f"{iin} {period}"


class _Held:
    """The lines of a pass held in memory until every one is in (a small input: nothing to spill)."""

    def __init__(self) -> None:
        # One PayLine per key until a second line arrives: most person-months have a single line.
        self.groups: dict[Key, PayLine | list[PayLine]] = {}
        self.blocked: set[Key] = set()
        self.count = 0

    def add(self, line: PayLine) -> None:
        key = (line.iin, line.period)
        group = self.groups.get(key)
        if group is None:
            self.groups[key] = line
        elif isinstance(group, list):
            group.append(line)
        else:
            self.groups[key] = [group, line]
        self.count += 1

    def block(self, key: Key) -> None:
        self.blocked.add(key)

    def months(self) -> Iterator[tuple[bool, tuple[PayLine, ...]]]:
        """Each person-month in first-seen order: whether a rejected row blocks it, and its lines."""
        blocked = self.blocked
        for key, entry in self.groups.items():
            yield bool(blocked) and key in blocked, tuple(entry) if isinstance(entry, list) else (entry,)

    def spill(self) -> _Spill:
        """The same lines on disk, each month's in a row, so first-seen order holds for what follows."""
        spill = _Spill()
        for key in self.blocked:
            spill.block(key)
        for _blocked, lines in self.months():
            for line in lines:
                spill.add(line)
        self.groups.clear()
        return spill

    def close(self) -> None:
        self.groups.clear()


class _Spill:
    """The lines of a pass kept outside the heap until every one is in: a private temporary SQLite
    database, which stays in its page cache while small and spills to a temp file when large, so
    memory is flat in the number of lines. Each line is pickled (our own objects, read back by this
    process only) with its key (ИИН and period) and input order; the person-months come back in
    first-seen order, their lines in input order."""

    def __init__(self) -> None:
        # "": a private temp database, deleted when closed. Only this generator uses it, one step at
        # a time, but a web server may resume the generator on another thread of its pool.
        self.db = sqlite3.connect("", check_same_thread=False)
        self.db.executescript(
            "CREATE TABLE lines (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, line BLOB NOT NULL);"
            "CREATE TABLE blocked (key TEXT PRIMARY KEY) WITHOUT ROWID;"
        )
        self.pending: list[tuple[int, str, bytes]] = []
        self.count = 0

    def add(self, line: PayLine) -> None:
        self.pending.append((self.count, _text(line.iin, line.period), pickle.dumps(line, pickle.HIGHEST_PROTOCOL)))
        self.count += 1
        if len(self.pending) >= _BATCH:
            self._flush()

    def block(self, key: Key) -> None:
        self.db.execute("INSERT OR IGNORE INTO blocked VALUES (?)", (_text(*key),))

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO lines VALUES (?, ?, ?)", self.pending)
        self.pending.clear()

    def months(self) -> Iterator[tuple[bool, tuple[PayLine, ...]]]:
        """Each person-month in first-seen order: whether a rejected row blocks it, and its lines."""
        self._flush()
        self.db.execute("CREATE INDEX lines_key ON lines (key, seq)")
        order = self.db.execute(
            "SELECT seq, first, key IN blocked FROM "
            "(SELECT seq, key, min(seq) OVER (PARTITION BY key) AS first FROM lines) ORDER BY first, seq"
        )
        fetch = self.db.cursor()
        group: list[PayLine] = []
        current, blocked = -1, False
        for seq, first, is_blocked in order:
            if first != current and group:
                yield blocked, tuple(group)
                group.clear()
            current, blocked = first, bool(is_blocked)
            (blob,) = fetch.execute("SELECT line FROM lines WHERE seq = ?", (seq,)).fetchone()
            group.append(pickle.loads(blob))
        if group:
            yield blocked, tuple(group)

    def close(self) -> None:
        self.db.close()


def group_lines(lines: Iterable[PayLine | Rejection], *, held: int = HELD_LINES) -> Iterator[PersonMonth | Rejection]:
    """Yield one item per (ИИН, period) in first-seen order, after each row rejection in the input.

    A rejected row of a known person-month blocks it: computing it from the remaining lines would
    understate the amount, so it is rejected whole. Row rejections pass through as they arrive;
    the person-months follow once every line is in (a later line may still join a month, anywhere
    in the input). Past ``held`` lines of a stream they wait on disk, not in memory, so memory
    stays flat; the lines of a sequence (a list) are in memory already, so they are never copied out.
    """
    spill_after = None if isinstance(lines, Sequence) else held
    store: _Held | _Spill = _Held()
    try:
        for line in lines:
            if isinstance(line, Rejection):
                if line.iin is not None and line.period is not None:
                    store.block((line.iin, line.period))
                yield line
                continue
            if store.count == spill_after and isinstance(store, _Held):
                store = store.spill()
            store.add(line)
        for blocked, lines_of in store.months():
            first = lines_of[0]
            if blocked:
                yield _incomplete(first.iin, first.period, lines_of)
                continue
            issues = _conflicts(lines_of) if len(lines_of) > 1 else None
            if issues:
                yield Rejection(first.iin, first.period, tuple(issues), lines_of)
            else:
                yield PersonMonth.from_lines(lines_of)
    finally:
        store.close()
