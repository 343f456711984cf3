"""``osms-payroll validate``: every problem of an input, cell by cell, without computing output files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.cli.speech import command
from osms_payroll.cli.options import load_rules, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.period import Period
from osms_payroll.intake import InputError
from osms_payroll.run.single import validate_input


@command(help="help.validate")
@click.argument("input_file", metavar="SHEET", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@sheet_option
@profile_option
@reuse_option
@rules_option
def validate(
    input_file: Path, period: Period | None, sheet: str | None, profile: Path | None, reuse_last_known: bool,
    rules: tuple[Path, ...],
) -> None:
    try:
        check = validate_input(input_file, period=period, params=load_rules(rules), sheet=sheet, profile=profile,
                               reuse_last_known=reuse_last_known)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for issue in check.errors:
        click.echo(f"{issue.where}: {issue.code}: {issue.message}")
    for issue in check.warnings:
        click.echo(f"{issue.where}: warning: {issue.code}: {issue.message}")
    layout = check.layout
    read = ""
    if layout is not None:
        where = f"sheet {layout.sheet!r}, " if layout.sheet else ""
        read = f" ({where}header in row {layout.header_row}, layout {layout.adapter!r})"
    click.echo(
        f"{input_file}{read}: {check.computed} person-months can be computed, {check.rejected_rows} rows rejected, "
        f"{len(check.warnings)} warnings"
    )
    sys.exit(1 if check.errors else 0)
