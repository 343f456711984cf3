"""The built-in output writers as plugins of the entry-point group ``osms_payroll.writers``.

Each is reached only through its entry point (see :func:`osms_payroll.remit.files.load_writers`); a
new bank format is one module like this and one entry-point line in ``pyproject.toml``.
"""

from __future__ import annotations

from pathlib import Path

from osms_payroll.law import Params
from osms_payroll.remit.files import Writer, file_name
from osms_payroll.remit.mt102.writer import Mt102Writer
from osms_payroll.remit.register import RegisterWriter
from osms_payroll.remit.requisites import RemitContext
from osms_payroll.remit.xml import XmlWriter


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
