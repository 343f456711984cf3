"""Options of the commands that read a spreadsheet: which sheet, and a mapping profile."""

from __future__ import annotations

from pathlib import Path

import click

sheet_option = click.option(
    "--sheet", metavar="NAME", help="Workbook sheet to read (default: the one whose header is recognised; a warning says which)."
)
profile_option = click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Mapping profile (TOML) naming the workbook's own columns, e.g. iin = \"ИИН сотр.\".",
)
