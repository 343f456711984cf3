"""``osms-payroll calc``: compute every person-month of one input and print it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.batch import Batch
from osms_payroll.cli.options import load_rules, period_option, reuse_option, rules_option
from osms_payroll.engine.osms import Calculator
from osms_payroll.period import Period
from osms_payroll.report import write_csv, write_json, write_table
from osms_payroll.sheets import InputError, open_rows


@click.command()
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@click.option("--format", "fmt", type=click.Choice(["json", "table", "csv"]), default="table", show_default=True)
@reuse_option
@rules_option
def calc(input_file: Path, period: Period | None, fmt: str, reuse_last_known: bool, rules: tuple[Path, ...]) -> None:
    """Compute ООСМС (KNP 121) and ВОСМС (KNP 122) for every person-month in INPUT.

    INPUT is a CSV with the columns iin, full_name, period, gross, category, vosms_other_income,
    osms_excluded (schema 1). Exit code 0: every row computed; 1: some rows rejected (the others
    are still computed and printed); 2: usage error or unreadable file.
    """
    batch = Batch(Calculator(load_rules(rules), reuse_last_known=reuse_last_known), period)
    try:
        source = open_rows(input_file)
        results = batch.results(source.rows)
        out = sys.stdout
        if fmt == "json":
            write_json(results, batch, source.warnings, out)
        elif fmt == "csv":
            write_csv(results, out)
        else:
            write_table(results, batch, out)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt != "json":
        for issue in (*source.warnings, *batch.errors):
            click.echo(f"{issue.where}: {issue.code}: {issue.message}", err=True)
    sys.exit(1 if batch.errors else 0)


