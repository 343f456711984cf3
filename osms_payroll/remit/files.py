"""What every remittance writer shares: the record of a written file, the writer protocol, errors.

A writer streams into an :class:`~osms_payroll.fileio.AtomicFile`; only after its totals are
checked is it renamed into place, so a failed or interrupted run leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import attrs

from osms_payroll.engine.result import Result
from osms_payroll.issues import ProblemLog
from osms_payroll.money import ZERO


class RemitError(Exception):
    """Files that could not be written; ``problems`` says why, one line each (ИИН masked)."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@attrs.frozen
class WrittenFile:
    """A file moved into place after its totals were checked. ``totals`` are by KNP."""

    path: Path
    format: str
    persons: int
    totals: Mapping[str, Decimal]
    sha256: str
    size: int
    knp: str | None = None
    warnings: tuple[str, ...] = ()


class Writer(Protocol):
    """One output of a remittance, fed one result at a time (issue 6 fans results out to many).

    ``problems`` holds what ``add`` found wrong so far (a file with problems is never written).
    """

    problems: ProblemLog
    #: Where the file goes once its totals are checked.
    path: Path

    def add(self, result: Result) -> None: ...

    def close(self, expected: Mapping[str, Decimal]) -> WrittenFile | None:
        """Finish, check the file's totals against ``expected`` (engine totals by KNP), move into place;
        None when there is nothing to write (a list nobody is on)."""

    def abort(self) -> None:
        """Remove the temp file; nothing appears at the destination."""


def check_totals(name: str, written: Mapping[str, Decimal], expected: Mapping[str, Decimal]) -> list[str]:
    """Differences between a file's totals and the engine's, by KNP, as problems."""
    return [
        f"{name}: KNP {knp} total {written.get(knp, ZERO)} in the file differs from the engine's "
        f"{expected.get(knp, ZERO)}; the file was not written (please report this as a bug)"
        for knp in sorted(set(written) | set(expected))
        if written.get(knp, ZERO) != expected.get(knp, ZERO)
    ]
