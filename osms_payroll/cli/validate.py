"""``osms-payroll validate``: every problem of an input, cell by cell, without computing output files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.intake.batch import Batch
from osms_payroll.cli.options import load_rules, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.engine.osms import Calculator
from osms_payroll.period import Period
from osms_payroll.intake import InputError, open_rows


@click.command()
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
    """Check SHEET (a workbook or CSV) the way calc reads it, and print every problem.

    Each line reads `file, sheet!cell: code: what to do` (warnings: `…: warning: code: …`); a
    summary follows. Exit code 0: every row can be computed; 1: some rows are rejected; 2: the
    file cannot be read at all.
    """
    batch = Batch(Calculator(load_rules(rules), reuse_last_known=reuse_last_known), period)
    try:
        source = open_rows(input_file, sheet=sheet, profile=profile, period=period)
        computed = sum(1 for _ in batch.results(source.rows))
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for issue in batch.errors:
        click.echo(f"{issue.where}: {issue.code}: {issue.message}")
    for issue in source.warnings:
        click.echo(f"{issue.where}: warning: {issue.code}: {issue.message}")
    layout = source.layout
    read = ""
    if layout is not None:
        where = f"sheet {layout.sheet!r}, " if layout.sheet else ""
        read = f" ({where}header in row {layout.header_row}, layout {layout.adapter!r})"
    click.echo(
        f"{input_file}{read}: {computed} person-months can be computed, {batch.totals.rejected_rows} rows rejected, "
        f"{len(source.warnings)} warnings"
    )
    sys.exit(1 if batch.errors else 0)
