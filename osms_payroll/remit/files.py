"""What every remittance writer shares: the record of a written file, the writer protocol, errors,
and the registry of writer plugins (entry-point group ``osms_payroll.writers``, registered like the
input adapters). A plugin has a ``name`` (the ``--formats`` choice), a ``rank`` (built-ins first, in
the order their files are written and listed) and ``open``, which returns the writers of one
remittance (MT102 opens one per payment order).

A writer streams into an :class:`~osms_payroll.fileio.AtomicFile`; only after its totals are
checked is it renamed into place, so a failed or interrupted run leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs

from osms_payroll.engine.result import Result
from osms_payroll.engine.tally import Tally
from osms_payroll.i18n import Amount, Message
from osms_payroll.issues import IssueLog
from osms_payroll.law import Params
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.remit.requisites import RemitContext

GROUP = "osms_payroll.writers"


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

    problems: IssueLog
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
        Message("remit.totals_differ", file=name, knp=knp, written=Amount(written.get(knp, ZERO)), expected=Amount(expected.get(knp, ZERO)))
        for knp in sorted(set(written) | set(expected))
        if written.get(knp, ZERO) != expected.get(knp, ZERO)
    ]


@runtime_checkable
class WriterPlugin(Protocol):
    """A remittance writer plugin (MT102, XML, register…): a ``--formats`` choice."""

    @property
    def name(self) -> str: ...

    @property
    def rank(self) -> int: ...

    def open(self, out_dir: Path, context: RemitContext, params: Params) -> list[Writer]:
        """The writers of one remittance into ``out_dir`` (their temp files opened)."""
        ...


class RunWriter(Protocol):
    """A writer of the run's own files (``results.json``, the errors report): fed the same results,
    told the :class:`~osms_payroll.engine.tally.Tally` at the end; always written by a run."""

    def add(self, result: Result) -> None: ...

    def finish(self, tally: Tally) -> Mapping[Path, tuple[str, int]] | None:
        """Write the rest and close the file (into a staging folder that is published whole); the
        SHA-256 and size of each file written, when kept as it was written (None: they are read)."""

    def abort(self) -> None:
        """Close and remove what was written."""


@runtime_checkable
class RunWriterPlugin(Protocol):
    """A plugin of the run's own files; ``open_run`` is called once per employer's month."""

    @property
    def name(self) -> str: ...

    @property
    def rank(self) -> int: ...

    def open_run(self, out_dir: Path, context: RemitContext, params: Params) -> list[RunWriter]: ...


def file_name(period: Period, fmt: str, knp: str | None = None) -> str:
    """Deterministic output names: ``osms-2026-10-knp121.mt102``, ``osms-2026-10.xml``, ``osms-2026-10-register.xlsx``."""
    if fmt == "mt102":
        return f"osms-{period}-knp{knp}.mt102"
    if fmt == "xml":
        return f"osms-{period}.xml"
    return f"osms-{period}-register.xlsx"


@lru_cache(maxsize=1)
def load_writers() -> Mapping[str, WriterPlugin | RunWriterPlugin]:
    """The installed writer plugins by name, in rank order (then name)."""
    plugins: list[WriterPlugin | RunWriterPlugin] = [entry.load()() for entry in entry_points(group=GROUP)]
    if not plugins:
        raise RuntimeError(Message("remit.no_writers", group=repr(GROUP)))
    return {plugin.name: plugin for plugin in sorted(plugins, key=lambda p: (p.rank, p.name))}


def remittance_plugins() -> dict[str, WriterPlugin]:
    """The remittance writers (the ``--formats`` choices), in rank order."""
    return {name: plugin for name, plugin in load_writers().items() if isinstance(plugin, WriterPlugin)}


def run_plugins() -> dict[str, RunWriterPlugin]:
    """The writers of a run's own files, in rank order."""
    return {name: plugin for name, plugin in load_writers().items() if isinstance(plugin, RunWriterPlugin)}


def formats() -> tuple[str, ...]:
    """The ``--formats`` choices: every installed remittance writer plugin."""
    return tuple(remittance_plugins())
