"""The ``osms-payroll`` command line: a thin shell around the SDK."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from osms_payroll.batch import Batch
from osms_payroll.engine.osms import Calculator
from osms_payroll.law import ParameterMissing, ParamsError, load_params
from osms_payroll.law.params import Params
from osms_payroll.period import Period, PeriodError
from osms_payroll.report import write_csv, write_json, write_table
from osms_payroll.sheets import InputError, open_rows


def _period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except PeriodError as exc:
        raise click.BadParameter(str(exc)) from None


def _params(rules: tuple[Path, ...]) -> Params:
    try:
        return load_params(rules)
    except (ParamsError, OSError) as exc:
        raise click.UsageError(f"rule files: {exc}") from None


period_option = click.option("--period", callback=_period, metavar="YYYY-MM", help="Pay period (fills rows without one).")
rules_option = click.option(
    "--rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Extra parameter file(s) whose parameters replace the shipped ones (e.g. a user's category rule).",
)
reuse_option = click.option(
    "--reuse-last-known",
    is_flag=True,
    help="For periods past the parameter data, reuse the last known values (every result says so).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osms-payroll")
def main() -> None:
    """ОСМС (МӘМС) contributions for Kazakhstan payrolls, computed from dated law with citations."""


@main.command()
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
    batch = Batch(Calculator(_params(rules), reuse_last_known=reuse_last_known), period)
    try:
        source = open_rows(input_file)
        results = batch.results(source.rows)
        out = click.get_text_stream("stdout")
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


@main.command()
@period_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@rules_option
def rates(period: Period | None, fmt: str, rules: tuple[Path, ...]) -> None:
    """Show every parameter in force for a period (default: this month), with citation and confidence."""
    params = _params(rules)
    period = period or Period.of(date.today())
    if not params.valid_from <= period <= params.valid_through:
        click.echo(str(ParameterMissing("the rule set", period, (params.valid_from, params.valid_through))), err=True)
        sys.exit(2)
    values = list(params.in_force(period))
    if fmt == "json":
        import json

        click.echo(json.dumps({"period": str(period), "rule_set": params.name, "parameters": [v.to_dict() for v in values]}, ensure_ascii=False, indent=2))
        return
    click.echo(f"Parameters in force for {period} (rule set {params.name}, data {params.valid_from}..{params.valid_through})\n")
    for value in values:
        shown = value.to_dict()["value"]
        click.echo(f"{value.param_id:28} {str(shown):40.40} [{value.confidence}] from {value.start}")
        click.echo(f"{'':28} {value.source}")
        if value.note:
            click.echo(f"{'':28} note: {value.note}")
        for question in value.open_questions:
            click.echo(f"{'':28} open question {question}: {params.open_questions[question]}")
