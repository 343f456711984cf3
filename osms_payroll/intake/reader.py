"""The one entry point for inputs: :func:`open_rows` picks the reader by extension and the adapter by header.

``-`` is standard input; it and any other stream that cannot seek (a pipe, ``/dev/stdin``) are
read once, whole, and their format told by their first bytes (a zip is a workbook, an OLE2 file
an .xls, a ``{`` JSON lines, anything else delimited text).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from osms_payroll.i18n import _
from osms_payroll.period import Period
from osms_payroll.intake.adapter import SheetAdapter, load_adapters
from osms_payroll.intake.csvfile import open_csv
from osms_payroll.intake.jsonfile import SUFFIXES as JSON_SUFFIXES, open_json
from osms_payroll.intake.limits import Limits, LimitsError, default_limits
from osms_payroll.intake.rows import InputError, RowSource
from osms_payroll.intake.workbook import SUFFIXES, open_workbook

STDIN = "-"
_ZIP = b"PK\x03\x04"
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")


def _stream_bytes(path: Path) -> bytes | None:
    """The whole content of standard input or of a non-seekable file; None for a regular file."""
    if str(path) == STDIN:
        return sys.stdin.buffer.read()
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # the reader says why it cannot open it
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    try:
        with path.open("rb") as stream:
            return stream.read()
    except OSError as exc:
        raise InputError(_("input.cannot_read", file=path, reason=exc.strerror)) from None


def _suffix(path: Path, content: bytes | None) -> str:
    if content is None or path.suffix.lower() in SUFFIXES:
        return path.suffix.lower()
    if content.startswith(_ZIP):
        return ".ods" if b"opendocument.spreadsheet" in content[:200] else ".xlsx"
    if content.startswith(_OLE2):
        return ".xls"
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return ".json"
    return ".csv"


def open_rows(
    path: Path,
    *,
    sheet: str | None = None,
    profile: Path | None = None,
    period: Period | None = None,
    adapters: list[SheetAdapter] | None = None,
    limits: Limits | None = None,
    name: str | None = None,
) -> RowSource:
    """Open a CSV, workbook or JSON document of lines and stream its rows as contract :class:`SourceRow` items.

    ``path`` ``-`` reads standard input. ``sheet`` names the sheet of a workbook (default: the one
    whose header is recognised); ``profile`` is a mapping-profile TOML file naming the workbook's
    own columns (it replaces the installed adapters); ``period`` is the ``--period`` the caller
    will apply (a period found in a report's title is then not used); ``adapters`` replaces the
    installed ones; ``limits`` replaces :func:`~osms_payroll.intake.limits.default_limits`;
    ``name`` is what messages and locations call the file (default: ``path``; it is then read whole).
    Raises :class:`InputError` for a file that cannot be read at all.
    """
    path = Path(path)
    header_row = None
    if profile is not None:
        from osms_payroll.intake.profile import load_profile

        mapping = load_profile(profile)
        adapters = [mapping]
        sheet = sheet or mapping.sheet
        header_row = mapping.header_row
    if adapters is None:
        adapters = load_adapters()
    try:
        limits = limits or default_limits()
    except LimitsError as exc:
        raise InputError(str(exc)) from None
    content = _stream_bytes(path)
    if name is not None and content is None:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise InputError(_("input.cannot_open", file=name, reason=exc.strerror)) from None
    shown = Path(name) if name is not None else Path("<stdin>") if str(path) == STDIN else path
    suffix = _suffix(shown, content)
    if suffix in JSON_SUFFIXES:
        if profile is not None or sheet is not None:
            raise InputError(_("input.json_options", file=shown))
        return open_json(path, period=period, name=str(shown), content=content)
    if suffix in SUFFIXES:
        return open_workbook(
            shown, adapters, sheet=sheet, period=period, header_row=header_row, limits=limits, content=content, suffix=suffix
        )
    if sheet is not None:
        raise InputError(_("input.sheet_option", file=shown))
    return open_csv(shown, adapters, period=period, header_row=header_row, limits=limits, content=content)
