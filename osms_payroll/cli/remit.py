"""``osms-payroll remit``: the month's remittance files — MT102 lists for KNP 121 and 122, XML, register."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click

from osms_payroll.cli.speech import command, option
from osms_payroll.i18n import _, money, ngettext, said, say
from osms_payroll.cli.options import command_lang, lang_given, lang_option, load_rules, payment_dates, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.remit.payer import ProfileError
from osms_payroll.law import ParameterMissing
from osms_payroll.period import Period
from osms_payroll.remit.pipeline import FORMATS, RemitOptions
from osms_payroll.intake import InputError
from osms_payroll.run.single import remit_month

_DATE = click.DateTime(["%Y-%m-%d"])


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@command(help="help.remit")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@option("--employer", "employer_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
        help="help.remit.employer")
@option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
        help="help.remit.out")
@option("--formats", default=",".join(FORMATS), show_default=True, metavar="LIST",
        help="help.remit.formats")
@lang_option
@option("--value-date", type=_DATE, metavar="YYYY-MM-DD", help="help.remit.value_date")
@option("--doc-date", type=_DATE, metavar="YYYY-MM-DD",
        help="help.remit.doc_date")
@option("--number", default="1", show_default=True,
        help="help.remit.number")
@option("--partial", is_flag=True, help="help.remit.partial")
@sheet_option
@profile_option
@reuse_option
@rules_option
def remit(input_file: Path, period: Period | None, employer_file: Path, out_dir: Path, formats: str, lang: str | None,
          value_date: datetime | None, doc_date: datetime | None, number: str, partial: bool,
          sheet: str | None, profile: Path | None, reuse_last_known: bool, rules: tuple[Path, ...]) -> None:
    given = lang
    lang = command_lang(lang)
    params = load_rules(rules)
    if period is None:
        raise click.UsageError(_("remit.period_required"))
    paid, dated = payment_dates(period, value_date, doc_date)
    try:
        options = RemitOptions(paid, dated, number, lang, tuple(f.strip() for f in formats.split(",") if f.strip()), reuse_last_known)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        outcome = remit_month(input_file, employer_file, out_dir, period, options, params=params, sheet=sheet,
                              profile=profile, partial=partial, profile_lang=not lang_given(given))
    except (ProfileError, InputError, ParameterMissing, ValueError) as exc:
        _fail(_("error.prefix", message=said(exc)), 2)
    except OSError as exc:
        _fail(_("error.prefix", message=_("remit.cannot_write", folder=out_dir, reason=exc.strerror)), 2)
    for issue in (*outcome.warnings, *outcome.errors):
        click.echo(f"{issue.where}: {issue.code}: {say(issue.message)}", err=True)
    for other, count in outcome.other_periods.items():
        click.echo(_("warning.prefix", message=_("remit.other_period", count=count, other=other, period=period)), err=True)
    if outcome.errors and not partial:
        _fail(_("remit.rejected_nothing_written", rows=outcome.rejected_rows), 1)
    if outcome.problems:
        for problem in outcome.problems:
            click.echo(_("error.prefix", message=say(problem)), err=True)
        _fail(_("remit.nothing_written"), 1)
    for written in outcome.files:
        totals = ", ".join(_("remit.knp_total", knp=knp, total=money(total)) for knp, total in sorted(written.totals.items()))
        persons = ngettext("persons.count", "persons.count_plural", written.persons)
        click.echo(f"{written.path}  {persons}  {totals}  sha256 {written.sha256[:16]}")
    for warning in outcome.notes:
        click.echo(_("warning.prefix", message=say(warning)), err=True)
    sys.exit(1 if outcome.errors else 0)
