"""``osms-payroll remit``: the month's remittance files — MT102 lists for KNP 121 and 122, XML, register."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click

from osms_payroll.cli.options import load_rules, payment_dates, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.remit.payer import ProfileError
from osms_payroll.law import ParameterMissing
from osms_payroll.money import format_amount
from osms_payroll.period import Period
from osms_payroll.remit.labels import DEFAULT_LANG, LANGS
from osms_payroll.remit.pipeline import FORMATS, RemitOptions
from osms_payroll.intake import InputError
from osms_payroll.run.single import remit_month

_DATE = click.DateTime(["%Y-%m-%d"])


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@click.command()
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@click.option("--employer", "employer_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Employer profile (TOML): payer requisites and MT102 options; see templates/sample/employer.toml.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the files (created if missing).")
@click.option("--formats", default=",".join(FORMATS), show_default=True, metavar="LIST",
              help=f"Comma-separated subset of {', '.join(FORMATS)} (installed writer plugins).")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of headers and purpose texts.")
@click.option("--value-date", type=_DATE, metavar="YYYY-MM-DD", help="Value date of the payments.  [default: today]")
@click.option("--doc-date", type=_DATE, metavar="YYYY-MM-DD",
              help="Date of the payment orders, not in the future.  [default: the value date, or today if the value date is later]")
@click.option("--number", default="1", show_default=True,
              help="Number of the KNP 121 payment order; the KNP 122 order takes the next number.")
@click.option("--partial", is_flag=True, help="Write the files even if some rows were rejected (they are left out of every file).")
@sheet_option
@profile_option
@reuse_option
@rules_option
def remit(input_file: Path, period: Period | None, employer_file: Path, out_dir: Path, formats: str, lang: str,
          value_date: datetime | None, doc_date: datetime | None, number: str, partial: bool,
          sheet: str | None, profile: Path | None, reuse_last_known: bool, rules: tuple[Path, ...]) -> None:
    """Write the remittance files of one period from INPUT (same columns as calc).

    One MT102 file per KNP (osms-YYYY-MM-knp121.mt102, …-knp122.mt102) with every person who owes
    that payment, an XML remittance (osms-YYYY-MM.xml, schema templates/xml/osms-remittance-2.xsd)
    and an Excel register (osms-YYYY-MM-register.xlsx). Every file is checked against the engine's
    totals (MT102 files are read back) before it is moved into place; either all files are
    written or none. Rows of another period are reported and left out. Exit code 0: files
    written; 1: rows rejected or a file could not be written (nothing written unless --partial);
    2: usage error, bad employer profile or unreadable input.
    """
    params = load_rules(rules)
    if period is None:
        raise click.UsageError("--period YYYY-MM is required: remittance files cover one month")
    paid, dated = payment_dates(period, value_date, doc_date)
    try:
        options = RemitOptions(paid, dated, number, lang, tuple(f.strip() for f in formats.split(",") if f.strip()), reuse_last_known)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        outcome = remit_month(input_file, employer_file, out_dir, period, options, params=params, sheet=sheet,
                              profile=profile, partial=partial)
    except (ProfileError, InputError, ParameterMissing, ValueError) as exc:
        _fail(f"error: {exc}", 2)
    except OSError as exc:
        _fail(f"error: {out_dir}: cannot write there ({exc.strerror})", 2)
    for issue in (*outcome.warnings, *outcome.errors):
        click.echo(f"{issue.where}: {issue.code}: {issue.message}", err=True)
    for other, count in outcome.other_periods.items():
        click.echo(f"warning: {count} person-month(s) of {other} are not of --period {period} and were left out", err=True)
    if outcome.errors and not partial:
        _fail(f"no files written: {outcome.rejected_rows} row(s) rejected (above); fix them and run again, "
              "or pass --partial to write the files without them", 1)
    if outcome.problems:
        for problem in outcome.problems:
            click.echo(f"error: {problem}", err=True)
        _fail("no files written", 1)
    for written in outcome.files:
        totals = ", ".join(f"KNP {knp} {format_amount(total)}" for knp, total in sorted(written.totals.items()))
        click.echo(f"{written.path}  {written.persons} persons  {totals}  sha256 {written.sha256[:16]}")
    for warning in outcome.notes:
        click.echo(f"warning: {warning}", err=True)
    sys.exit(1 if outcome.errors else 0)
