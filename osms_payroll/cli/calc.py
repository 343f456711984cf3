"""``osms-payroll calc``: compute every person-month of one input and print it."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from osms_payroll.cli.speech import command, option
from osms_payroll.cli.options import load_rules, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.period import Period
from osms_payroll.intake import InputError
from osms_payroll.i18n import _, say
from osms_payroll.run.single import CALC_FORMATS, calc_input


@command(help="help.calc")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@option("--format", "fmt", type=click.Choice(CALC_FORMATS), default="table", show_default=True, help="help.calc.format")
@reuse_option
@rules_option
@option("--payslip", is_flag=True, help="help.calc.payslip")
@option("--from-net", is_flag=True, help="help.calc.from_net")
@sheet_option
@profile_option
@option(
    "--write-back", type=click.Path(dir_okay=False, path_type=Path), metavar="OUT.xlsx",
    help="help.calc.write_back",
)
@option("--delimiter", type=click.Choice([";", ",", "tab"]), help="help.calc.delimiter")
def calc(
    input_file: Path, period: Period | None, fmt: str, reuse_last_known: bool, rules: tuple[Path, ...],
    payslip: bool, from_net: bool, sheet: str | None, profile: Path | None, write_back: Path | None, delimiter: str | None,
) -> None:
    kind = "from_net" if from_net else "payslip" if payslip else "plain"
    try:
        # Spooled, then copied: a file that fails half-way leaves no half-written output on stdout.
        with tempfile.SpooledTemporaryFile(max_size=1 << 23, mode="w+", encoding="utf-8", newline="") as out:
            outcome = calc_input(input_file, out, fmt=fmt, kind=kind, period=period, params=load_rules(rules),
                                 sheet=sheet, profile=profile, reuse_last_known=reuse_last_known, write_back=write_back,
                                 delimiter="\t" if delimiter == "tab" else delimiter)
            out.seek(0)
            shutil.copyfileobj(out, sys.stdout)
    except (InputError, OSError) as exc:
        click.echo(_("error.prefix", message=exc), err=True)
        sys.exit(2)
    if fmt != "json":
        for issue in (*outcome.warnings, *outcome.errors):
            click.echo(f"{issue.where}: {issue.code}: {say(issue.message)}", err=True)
    sys.exit(1 if outcome.errors else 0)
