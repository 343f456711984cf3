"""Where an input problem sits and what it is: the one vocabulary every layer reports in.

:class:`Location` and :class:`Issue` locate a problem for a person to fix; :class:`ProblemLog`
and :class:`WarningLog` collect problems while streaming and keep memory flat.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from osms_payroll.i18n import _

@attrs.frozen
class Location:
    """Where an input row sits: file, sheet (workbooks only) and 1-based row number.

    ``str()`` is the stable English form results keep (``file, row 5``); :meth:`text` is for people.

    ``row`` is None for a problem with the whole file or sheet.
    """

    file: str
    row: int | None
    sheet: str | None = None

    def __str__(self) -> str:
        where = self.file if self.sheet is None else f"{self.file}, {self.sheet}!"
        if self.row is None:
            return where.rstrip("!")
        return f"{where}row {self.row}" if self.sheet else f"{where}, row {self.row}"

    def text(self) -> str:
        """The location for a person, in the user's language (``str()`` is the stable form results keep)."""
        where = self.file if self.sheet is None else f"{self.file}, {self.sheet}"
        return where if self.row is None else _("where.row", file=where, row=self.row)


@attrs.frozen
class Issue:
    """A problem with an input, located well enough for a person to fix it.

    ``cell`` is the spreadsheet cell (``C14``) when the reader knows it.
    """

    code: str
    message: str
    location: Location | None = None
    column: str | None = None
    cell: str | None = None

    @property
    def where(self) -> str:
        if self.location is None:
            return _("where.input")
        if self.cell is not None:
            sheet = f"{self.location.sheet}!" if self.location.sheet else ""
            return f"{self.location.file}, {sheet}{self.cell}"
        where = self.location.text()
        return _("where.column", where=where, column=self.column) if self.column else where

    def to_dict(self) -> dict[str, str | int | None]:
        loc = self.location
        return {
            "file": loc.file if loc else None,
            "sheet": loc.sheet if loc else None,
            "row": loc.row if loc else None,
            "column": self.column,
            "cell": self.cell,
            "code": self.code,
            "message": self.message,
        }


#: Problems kept in full; beyond this only their number is reported (memory stays flat).
PROBLEMS_KEPT = 100


class ProblemLog:
    """Collects problems found while streaming; keeps the first :data:`PROBLEMS_KEPT` in full."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.kept: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.kept) < PROBLEMS_KEPT:
            self.kept.append(self.prefix + message)

    def __bool__(self) -> bool:
        return self.count > 0

    def lines(self) -> list[str]:
        hidden = self.count - len(self.kept)
        return self.kept + ([self.prefix + _("problems.more", count=hidden)] if hidden else [])


class WarningLog:
    """Distinct warnings in first-seen order, each with the number of persons it touches; the
    first :data:`PROBLEMS_KEPT` kept in full. ``initial`` warnings concern the run, not persons."""

    def __init__(self, initial: Iterable[str] = ()) -> None:
        self.kept: dict[str, int] = dict.fromkeys(initial, 0)
        self.more = 0

    def add_all(self, warnings: Iterable[str]) -> None:
        """The warnings of one person (a warning said twice for one person counts once)."""
        for warning in dict.fromkeys(warnings):
            if warning in self.kept:
                self.kept[warning] += 1
            elif len(self.kept) < PROBLEMS_KEPT:
                self.kept[warning] = 1
            else:
                self.more += 1

    def counted(self) -> list[tuple[str, int]]:
        """``(warning, persons)`` in first-seen order; persons is 0 for a warning about the run."""
        return list(self.kept.items())

    def lines(self) -> list[str]:
        return list(self.kept) + ([_("warnings.more", count=self.more)] if self.more else [])
