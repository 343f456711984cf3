"""The one entry point for inputs: :func:`open_rows` picks the reader by extension and the adapter by header."""

from __future__ import annotations

from pathlib import Path

from osms_payroll.period import Period
from osms_payroll.intake.adapter import SheetAdapter, load_adapters
from osms_payroll.intake.csvfile import open_csv
from osms_payroll.intake.jsonfile import SUFFIXES as JSON_SUFFIXES, open_json
from osms_payroll.intake.rows import InputError, RowSource
from osms_payroll.intake.workbook import SUFFIXES, open_workbook


def open_rows(
    path: Path,
    *,
    sheet: str | None = None,
    profile: Path | None = None,
    period: Period | None = None,
    adapters: list[SheetAdapter] | None = None,
) -> RowSource:
    """Open a CSV, workbook or JSON document of lines and stream its rows as contract :class:`SourceRow` items.

    ``sheet`` names the sheet of a workbook (default: the one whose header is recognised);
    ``profile`` is a mapping-profile TOML file naming the workbook's own columns (it replaces the
    installed adapters); ``period`` is the ``--period`` the caller will apply (a period found in a
    report's title is then not used); ``adapters`` replaces the installed ones.
    Raises :class:`InputError` for a file that cannot be read at all.
    """
    path = Path(path)
    if path.suffix.lower() in JSON_SUFFIXES:
        if profile is not None or sheet is not None:
            raise InputError(f"{path}: --sheet and --profile apply to workbooks and CSV; JSON lines use the contract's column names")
        return open_json(path, period=period)
    header_row = None
    if profile is not None:
        from osms_payroll.intake.profile import load_profile

        mapping = load_profile(profile)
        adapters = [mapping]
        sheet = sheet or mapping.sheet
        header_row = mapping.header_row
    if adapters is None:
        adapters = load_adapters()
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return open_workbook(path, adapters, sheet=sheet, period=period, header_row=header_row)
    if sheet is not None:
        raise InputError(f"{path}: --sheet applies to workbooks (.xlsx, .xls, .ods), not to delimited text")
    return open_csv(path, adapters, period=period, header_row=header_row)
