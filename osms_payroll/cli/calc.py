"""``osms-payroll calc``: compute every person-month of one input and print it."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from osms_payroll.cli.options import load_rules, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.period import Period
from osms_payroll.intake import InputError
from osms_payroll.run.single import CALC_FORMATS, calc_input


@click.command()
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@click.option("--format", "fmt", type=click.Choice(CALC_FORMATS), default="table", show_default=True)
@reuse_option
@rules_option
@click.option("--payslip", is_flag=True, help="Add the statutory payslip: ОПВ, ИПН, net; ОПВР, СО, СН and the employer's cost.")
@click.option("--from-net", is_flag=True, help="Read net (the pay asked for) instead of gross and find each gross; implies --payslip.")
@sheet_option
@profile_option
@click.option(
    "--write-back", type=click.Path(dir_okay=False, path_type=Path), metavar="OUT.xlsx",
    help="Write a copy of the .xlsx input with the results beside the data and an explanation sheet.",
)
def calc(
    input_file: Path, period: Period | None, fmt: str, reuse_last_known: bool, rules: tuple[Path, ...],
    payslip: bool, from_net: bool, sheet: str | None, profile: Path | None, write_back: Path | None,
) -> None:
    """Compute ООСМС (KNP 121) and ВОСМС (KNP 122) for every person-month in INPUT.

    INPUT is a CSV with the columns iin, full_name, period, gross, category, vosms_other_income,
    osms_excluded, osms_exclusion (schema 1), or a workbook (.xlsx, .xls, .ods) or CSV as it comes from 1C or an
    accountant: Russian, Kazakh or English headers under title rows, decimal commas, ИИН stored as
    numbers, a totals row. Its own ВОСМС/ООСМС columns are reconciled with ours. --write-back
    writes a copy of an .xlsx input with the results added. Exit code 0: every row computed; 1: some rows rejected (the others
    are still computed and printed); 2: usage error or unreadable file. --payslip adds the columns
    resident, standard_deduction, ytd_taxable_income; --from-net reads net instead of gross.
    """
    kind = "from_net" if from_net else "payslip" if payslip else "plain"
    try:
        # Spooled, then copied: a file that fails half-way leaves no half-written output on stdout.
        with tempfile.SpooledTemporaryFile(max_size=1 << 23, mode="w+", encoding="utf-8", newline="") as out:
            outcome = calc_input(input_file, out, fmt=fmt, kind=kind, period=period, params=load_rules(rules),
                                 sheet=sheet, profile=profile, reuse_last_known=reuse_last_known, write_back=write_back)
            out.seek(0)
            shutil.copyfileobj(out, sys.stdout)
    except (InputError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt != "json":
        for issue in (*outcome.warnings, *outcome.errors):
            click.echo(f"{issue.where}: {issue.code}: {issue.message}", err=True)
    sys.exit(1 if outcome.errors else 0)
