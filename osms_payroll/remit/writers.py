"""Output writers are plugins: entry-point group ``osms_payroll.writers``, registered like the input adapters.

A plugin is an object with a ``name`` (the ``--formats`` choice), a ``rank`` (built-ins first, in
the order their files are written and listed) and :meth:`WriterPlugin.open`, which returns the
:class:`~osms_payroll.remit.files.Writer` objects of one remittance (MT102 opens one per payment
order). A new bank format is one module and one entry-point line in ``pyproject.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from osms_payroll.law.params import Params
from osms_payroll.period import Period
from osms_payroll.remit.files import Writer
from osms_payroll.remit.mt102 import Mt102Writer
from osms_payroll.remit.register import RegisterWriter
from osms_payroll.remit.requisites import RemitContext
from osms_payroll.remit.xml import XmlWriter

GROUP = "osms_payroll.writers"


class WriterPlugin(Protocol):
    """What a writer plugin implements."""

    @property
    def name(self) -> str: ...

    @property
    def rank(self) -> int: ...

    def open(self, out_dir: Path, context: RemitContext, params: Params) -> list[Writer]:
        """The writers of one remittance into ``out_dir`` (their temp files opened)."""
        ...


def file_name(period: Period, fmt: str, knp: str | None = None) -> str:
    """Deterministic output names: ``osms-2026-10-knp121.mt102``, ``osms-2026-10.xml``, ``osms-2026-10-register.xlsx``."""
    if fmt == "mt102":
        return f"osms-{period}-knp{knp}.mt102"
    if fmt == "xml":
        return f"osms-{period}.xml"
    return f"osms-{period}-register.xlsx"


class Mt102Plugin:
    """One MT102 bank list per payment order (per KNP) of the month."""

    name = "mt102"
    rank = 10

    def open(self, out_dir: Path, context: RemitContext, params: Params) -> list[Writer]:
        writers: list[Writer] = []
        for order in context.orders:
            writers.append(Mt102Writer(out_dir / file_name(context.period, self.name, order.knp), context, order.kind))
        return writers


class XmlPlugin:
    """The XML remittance (schema 2) with every person and the parameters cited."""

    name = "xml"
    rank = 20

    def open(self, out_dir: Path, context: RemitContext, params: Params) -> list[Writer]:
        return [XmlWriter(out_dir / file_name(context.period, self.name), context, params.open_questions)]


class RegisterPlugin:
    """The Excel register: one list sheet per payment order, the not-due sheet, notes."""

    name = "xlsx"
    rank = 30

    def open(self, out_dir: Path, context: RemitContext, params: Params) -> list[Writer]:
        return [RegisterWriter(out_dir / file_name(context.period, self.name), context)]


@lru_cache(maxsize=1)
def load_writers() -> Mapping[str, WriterPlugin]:
    """The installed writer plugins by format name, in rank order (then name)."""
    plugins: list[WriterPlugin] = [entry.load()() for entry in entry_points(group=GROUP)]
    if not plugins:
        raise RuntimeError(f"no output writer is installed (entry-point group {GROUP!r}); reinstall the package: pip install -e .")
    return {plugin.name: plugin for plugin in sorted(plugins, key=lambda p: (p.rank, p.name))}


def formats() -> tuple[str, ...]:
    """The ``--formats`` choices: every installed writer plugin."""
    return tuple(load_writers())
