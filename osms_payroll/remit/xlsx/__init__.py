"""Workbooks from one layout model (:mod:`.layout`) through either of two writers: XlsxWriter, always
installed, and the Rust writer of the ``fast`` extra, used when it is installed.

``$OSMS_XLSX_WRITER`` picks one: ``xlsxwriter`` or ``rust`` (an error when it is not installed);
unset, the Rust writer if importable, else XlsxWriter. Both write the same sheets, cells, formats and
print settings (tests compare them cell by cell); the bytes differ between the two writers, and are
the same from run to run with either.
"""

from __future__ import annotations

import os
from pathlib import Path

from osms_payroll.i18n import _
from osms_payroll.remit.files import RemitError
from osms_payroll.remit.xlsx.layout import Backend
from osms_payroll.remit.xlsx.xlsxwriter_backend import XlsxWriterBackend

ENVIRONMENT = "OSMS_XLSX_WRITER"
CHOICES = ("xlsxwriter", "rust")


def writer_name() -> str:
    """The writer in force: ``$OSMS_XLSX_WRITER``, else ``rust`` when importable, else ``xlsxwriter``."""
    chosen = os.environ.get(ENVIRONMENT, "")
    if chosen and chosen not in CHOICES:
        raise RemitError([_("register.writer_unknown", variable=ENVIRONMENT, value=chosen, choices=", ".join(CHOICES))])
    if chosen == "xlsxwriter":
        return chosen
    try:
        import rustpy_xlsxwriter  # noqa: F401
    except ImportError:
        if chosen == "rust":
            raise RemitError([_("register.writer_missing", variable=ENVIRONMENT)]) from None
        return "xlsxwriter"
    return "rust"


def open_backend(path: Path, rows: int | None = None) -> Backend:
    """A writer of ``path`` (see :func:`writer_name`); ``rows``, when known before the first is
    written, is how many the workbook will hold (a small one is put together in memory)."""
    if writer_name() == "rust":
        from osms_payroll.remit.xlsx.rust_backend import RustBackend

        return RustBackend(path)  # it holds every sheet's rows before it writes: it counts them itself
    return XlsxWriterBackend(path, rows)
