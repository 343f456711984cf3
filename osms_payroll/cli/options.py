"""Options shared by several commands."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from osms_payroll.law import Params, ParamsError, load_params
from osms_payroll.period import Period, PeriodError


def _period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except PeriodError as exc:
        raise click.BadParameter(str(exc)) from None


def payment_dates(period: Period, value_date: datetime | None, doc_date: datetime | None) -> tuple[date, date]:
    """The value date (default today) and document date (default the earlier of it and today).

    A document date in the future, or a value date before the period begins, would give a file
    the bank (and ``mt102 check``) refuses: a usage error saying so.
    """
    today = date.today()
    paid = value_date.date() if value_date else today
    dated = doc_date.date() if doc_date else min(paid, today)
    if dated > today:
        raise click.UsageError(f"--doc-date {dated} is in the future; banks reject payment orders dated after today ({today})")
    if paid < period.first_day:
        raise click.UsageError(
            f"--value-date {paid} is before the period {period} begins ({period.first_day}); contributions for a "
            "month are paid in or after it — give the day the payment leaves the account"
        )
    return paid, dated


def load_rules(rules: tuple[Path, ...]) -> Params:
    """The shipped rule set plus the user's override files; a bad file is a usage error."""
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
sheet_option = click.option(
    "--sheet", metavar="NAME", help="Workbook sheet to read (default: the one whose header is recognised; a warning says which)."
)
profile_option = click.option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Mapping profile (TOML) naming the workbook's own columns, e.g. iin = \"ИИН сотр.\".",
)
