"""What every remittance writer shares: the atomic temp file, the record of a written file, errors.

A writer streams into a temp file next to its destination; only after its totals are checked is
the temp file renamed into place, so a failed or interrupted run leaves no file (and no temp
file) behind, never a half-written one.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Protocol

import attrs

from osms_payroll.engine.result import Result
from osms_payroll.money import ZERO

#: Problems kept in full; beyond this only their number is reported (memory stays flat).
PROBLEMS_KEPT = 100

_CHUNK = 1 << 16


class RemitError(Exception):
    """Files that could not be written; ``problems`` says why, one line each (ИИН masked)."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


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
        return self.kept + ([f"{self.prefix}… and {hidden} more problems of the same kind"] if hidden else [])


class WarningLog:
    """Distinct warnings in first-seen order; the first :data:`PROBLEMS_KEPT` kept in full."""

    def __init__(self, initial: Iterable[str] = ()) -> None:
        self.kept: dict[str, None] = dict.fromkeys(initial)
        self.more = 0

    def add_all(self, warnings: Iterable[str]) -> None:
        for warning in warnings:
            if warning in self.kept:
                continue
            if len(self.kept) < PROBLEMS_KEPT:
                self.kept[warning] = None
            else:
                self.more += 1

    def lines(self) -> list[str]:
        return list(self.kept) + ([f"… and {self.more} more warnings"] if self.more else [])


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

    def add(self, result: Result) -> None: ...

    def close(self, expected: Mapping[str, Decimal]) -> WrittenFile | None:
        """Finish, check the file's totals against ``expected`` (engine totals by KNP), move into place."""

    def abort(self) -> None:
        """Remove the temp file; nothing appears at the destination."""


class AtomicFile:
    """A temp file in the destination folder, renamed over the destination by :meth:`commit`."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.temp = self.target.with_name(f".{self.target.name}.{secrets.token_hex(4)}.tmp")
        # Exclusive creation with the usual permissions (mkstemp would make the output 0600).
        self.temp.open("xb").close()

    def open(self) -> BinaryIO:
        return self.temp.open("wb")

    def commit(self) -> tuple[str, int]:
        """Rename into place; returns the file's sha256 and size."""
        digest = hashlib.sha256()
        size = 0
        with self.temp.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        os.replace(self.temp, self.target)
        return digest.hexdigest(), size

    def discard(self) -> None:
        try:
            self.temp.unlink()
        except FileNotFoundError:
            pass


def check_totals(name: str, written: Mapping[str, Decimal], expected: Mapping[str, Decimal]) -> list[str]:
    """Differences between a file's totals and the engine's, by KNP, as problems."""
    return [
        f"{name}: KNP {knp} total {written.get(knp, ZERO)} in the file differs from the engine's "
        f"{expected.get(knp, ZERO)}; the file was not written (please report this as a bug)"
        for knp in sorted(set(written) | set(expected))
        if written.get(knp, ZERO) != expected.get(knp, ZERO)
    ]
