"""``osms-payroll run``: the month from sheets to files for one or many employers."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import click

from osms_payroll.cli.options import load_rules, payment_dates, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.issues import Issue
from osms_payroll.money import format_amount
from osms_payroll.period import Period
from osms_payroll.remit.labels import DEFAULT_LANG, LANGS
from osms_payroll.remit.pipeline import FORMATS
from osms_payroll.run.discover import input_files, plan_jobs
from osms_payroll.run.job import JobResult, RunOptions, display_id, run_job
from osms_payroll.fileio import sweep_leftovers

_DATE = click.DateTime(["%Y-%m-%d"])


def _interactive() -> bool:
    """A progress bar only for a person at a terminal: not when piped, not in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _summary_table(results: list[JobResult], skipped: list[Issue], period: Period) -> str:
    head = f"{'Работодатель':14} {'Лиц':>6} {'ООСМС (121)':>14} {'ВОСМС (122)':>14} {'Откл. строк':>11} {'Предупр.':>8}  Статус / папка"
    lines = [f"Период {period}", head]
    for result in results:
        who = display_id(result.employer_id) if result.employer_id else "—"
        where = str(result.folder) if result.folder else (result.problems[0].splitlines()[0] if result.problems else "")
        lines.append(
            f"{who:14} {result.persons:>6} {format_amount(result.oosms):>14} {format_amount(result.vosms):>14} "
            f"{result.rejected_rows:>11} {result.warnings:>8}  {result.status}: {where}"
        )
    oosms = sum((r.oosms for r in results), Decimal(0))
    vosms = sum((r.vosms for r in results), Decimal(0))
    persons = sum(r.persons for r in results)
    rejected = sum(r.rejected_rows for r in results)
    lines.append(f"{'Итого':14} {persons:>6} {format_amount(oosms):>14} {format_amount(vosms):>14} {rejected:>11}")
    lines += [f"пропущено: {issue.where}: {issue.message}" for issue in skipped]
    return "\n".join(lines)


def _summary_json(results: list[JobResult], skipped: list[Issue], period: Period, code: int) -> str:
    return json.dumps(
        {
            "schema": 1,
            "period": str(period),
            "exit_code": code,
            "employers": [r.to_dict() for r in results],
            "skipped": [issue.to_dict() for issue in skipped],
            "totals": {
                "persons": sum(r.persons for r in results),
                "oosms": format_amount(sum((r.oosms for r in results), Decimal(0))),
                "vosms": format_amount(sum((r.vosms for r in results), Decimal(0))),
                "rejected_rows": sum(r.rejected_rows for r in results),
            },
        },
        ensure_ascii=False,
        indent=2,
    )


def _guard_inputs(files: Iterable[Path], out: Path) -> None:
    """Never write over or next to an input: no input may sit inside the output tree."""
    root = out.resolve()
    for path in files:
        if path.resolve().is_relative_to(root):
            raise click.UsageError(f"--out {out} contains the input {path}; choose an output folder outside the inputs")


@click.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@period_option
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: each employer gets OUT/PERIOD/<БИН or ИИН>/.")
@click.option("--employer", "employer_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Employer profile for every input  [default: employer.toml next to each workbook]")
@profile_option
@sheet_option
@click.option("--formats", default=",".join(FORMATS), show_default=True, metavar="LIST", help="Comma-separated subset of mt102, xml, xlsx.")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True, help="Language of headers and purpose texts.")
@click.option("--value-date", type=_DATE, help="Value date of the payments, YYYY-MM-DD  [default: today]")
@click.option("--doc-date", type=_DATE, help="Date of the payment orders, YYYY-MM-DD  [default: the value date or today, whichever is earlier]")
@click.option("--number", default="1", show_default=True, help="Number of the KNP 121 payment order; KNP 122 takes the next.")
@click.option("--dry-run", is_flag=True, help="Compute and report; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (for scripts).")
@reuse_option
@rules_option
def run(inputs: tuple[Path, ...], period: Period | None, out: Path, employer_file: Path | None, profile: Path | None,
        sheet: str | None, formats: str, lang: str, value_date: datetime | None, doc_date: datetime | None,
        number: str, dry_run: bool, as_json: bool, reuse_last_known: bool, rules: tuple[Path, ...]) -> None:
    """Compute a month for every employer in INPUT... and write each one's files.

    INPUT is any number of workbooks (xlsx, xls, ods, csv) or folders (searched recursively). Each
    workbook's employer profile is --employer, or employer.toml in the workbook's folder; all
    workbooks of one profile are one employer. Each employer gets OUT/PERIOD/<БИН>/ with both MT102
    files, the XML remittance, the Excel register, results.json, errors.csv/xlsx and manifest.json,
    published whole or not at all (a re-run replaces it). Exit code 0: all written; 1: some rows,
    workbooks or employers rejected, everything else written; 2: usage error.
    """
    if period is None:
        raise click.UsageError("--period YYYY-MM is required: a run covers one month")
    params = load_rules(rules)
    paid, dated = payment_dates(period, value_date, doc_date)
    files = input_files(inputs, skip=out.resolve())
    if not files:
        raise click.UsageError("no workbooks found in INPUT (looked for .xlsx, .xls, .ods, .csv)")
    _guard_inputs(files, out)
    try:
        options = RunOptions(
            period, paid, dated, number, lang, tuple(f.strip() for f in formats.split(",") if f.strip()),
            reuse_last_known, sheet, None if profile is None else profile.resolve(), tuple(p.resolve() for p in rules),
        )
        options.remit_options()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    jobs, skipped = plan_jobs([f.resolve() for f in files], None if employer_file is None else employer_file.resolve())
    if not dry_run:
        sweep_leftovers(out / str(period))
    results: list[JobResult] = []
    if _interactive() and not as_json:
        # The bar shows counts only: folder names of clients may be people's names.
        with click.progressbar(jobs, label=f"ОСМС {period}", file=sys.stderr) as bar:
            for job in bar:
                results.append(run_job(job, params, options, out.resolve(), dry_run=dry_run))
    else:
        results = [run_job(job, params, options, out.resolve(), dry_run=dry_run) for job in jobs]
    code = 0 if not skipped and all(r.ok for r in results) else 1
    click.echo(_summary_json(results, skipped, period, code) if as_json else _summary_table(results, skipped, period))
    if not as_json:
        for result in results:
            for problem in result.problems:
                click.echo(f"error: {problem}", err=True)
    sys.exit(code)
