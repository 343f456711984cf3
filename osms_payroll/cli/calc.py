"""``osms-payroll calc``: compute every person-month of one input and print it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.intake.batch import Batch
from osms_payroll.cli.options import load_rules, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.engine.osms import Calculator, PersonCalculator
from osms_payroll.engine.payslip import GrossUpCalculator, PayslipCalculator
from osms_payroll.period import Period
from osms_payroll.intake.reconcile import Reconciler
from osms_payroll.report.calc import FROM_NET_COLUMNS, PAYSLIP_COLUMNS, write_csv, write_json, write_table
from osms_payroll.intake import InputError, open_rows
from osms_payroll.report.writeback import WriteBack


@click.command()
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@click.option("--format", "fmt", type=click.Choice(["json", "table", "csv"]), default="table", show_default=True)
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
    osms_excluded (schema 1), or a workbook (.xlsx, .xls, .ods) or CSV as it comes from 1C or an
    accountant: Russian, Kazakh or English headers under title rows, decimal commas, ИИН stored as
    numbers, a totals row. Its own ВОСМС/ООСМС columns are reconciled with ours. --write-back
    writes a copy of an .xlsx input with the results added. Exit code 0: every row computed; 1: some rows rejected (the others
    are still computed and printed); 2: usage error or unreadable file. --payslip adds the columns
    resident, standard_deduction, ytd_taxable_income; --from-net reads net instead of gross.
    """
    payslip = payslip or from_net
    params = load_rules(rules)
    calculator: PersonCalculator = (
        GrossUpCalculator(params, reuse_last_known=reuse_last_known) if from_net
        else PayslipCalculator(params, reuse_last_known=reuse_last_known) if payslip
        else Calculator(params, reuse_last_known=reuse_last_known)
    )
    batch = Batch(calculator, period, from_net=from_net)
    extra = (*PAYSLIP_COLUMNS, *FROM_NET_COLUMNS) if from_net else PAYSLIP_COLUMNS if payslip else ()
    try:
        source = open_rows(input_file, sheet=sheet, profile=profile, period=period)
        saver = WriteBack.start(input_file, write_back, source) if write_back is not None else None
        reconciler = Reconciler.of(source, batch.calculator.params)
        results = batch.results(reconciler.rows(source.rows) if reconciler else source.rows)
        if reconciler is not None:
            results = reconciler.results(results)
        if saver is not None:
            results = saver.collect(results)
        differences = reconciler.differences if reconciler is not None else None
        out = sys.stdout
        if fmt == "json":
            write_json(results, batch, source.warnings, out, payslip=payslip, reconciliation=differences)
        elif fmt == "csv":
            write_csv(results, out, extra=extra)
        else:
            write_table(results, batch, out, payslip=payslip, reconciliation=differences)
        if saver is not None:
            saver.save(batch, source.warnings, differences)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt != "json":
        for issue in (*source.warnings, *batch.errors):
            click.echo(f"{issue.where}: {issue.code}: {issue.message}", err=True)
    sys.exit(1 if batch.errors else 0)


