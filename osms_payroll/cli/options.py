"""Options shared by several commands."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from osms_payroll.cli.speech import option
from osms_payroll import i18n
from osms_payroll.i18n import _, date_text, said
from osms_payroll.law import Params, ParamsError, load_params
from osms_payroll.period import Period, PeriodError


#: ``ctx.meta`` key of the ``--lang`` given to the group (None: not given, so a profile may choose).
LANG_GIVEN = "osms_payroll.lang"


def parse_period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Period | None:
    """A ``--period`` option's month; a usage error in the user's words when it is not one."""
    if value is None:
        return None
    try:
        return Period.parse(value)
    except PeriodError:
        raise click.BadParameter(_("period.format", text=value)) from None


def payment_dates(period: Period, value_date: datetime | None, doc_date: datetime | None) -> tuple[date, date]:
    """The value date (default today) and document date (default the earlier of it and today).

    A document date in the future, or a value date before the period begins, would give a file
    the bank (and ``mt102 check``) refuses: a usage error saying so.
    """
    today = date.today()
    paid = value_date.date() if value_date else today
    dated = doc_date.date() if doc_date else min(paid, today)
    if dated > today:
        raise click.UsageError(_("cli.doc_date_future", dated=date_text(dated), today=date_text(today)))
    if paid < period.first_day:
        raise click.UsageError(_("cli.value_date_early", paid=date_text(paid), period=period, first=date_text(period.first_day)))
    return paid, dated


def load_rules(rules: tuple[Path, ...]) -> Params:
    """The shipped rule set plus the user's override files; a bad file is a usage error."""
    try:
        return load_params(rules)
    except (ParamsError, OSError) as exc:
        raise click.UsageError(_("cli.rule_files", reason=said(exc))) from None


def command_lang(lang: str | None, profile_lang: str | None = None) -> str:
    """The language of this command: its own ``--lang``, else the group's, else the profile's, else
    the one already in force (the locale's or Russian); it becomes the context's language."""
    ctx = click.get_current_context()
    chosen = lang or ctx.meta.get(LANG_GIVEN) or profile_lang or i18n.current()
    if chosen != i18n.current():
        ctx.with_resource(i18n.using(chosen))
    return chosen


period_option = option("--period", callback=parse_period, metavar="YYYY-MM", help="help.opt.period")
rules_option = option(
    "--rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="help.opt.rules",
)
reuse_option = option(
    "--reuse-last-known",
    is_flag=True,
    help="help.opt.reuse_last_known",
)
sheet_option = option(
    "--sheet", metavar="NAME", help="help.opt.sheet"
)
profile_option = option(
    "--profile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="help.opt.profile",
)
def lang_given(lang: str | None) -> bool:
    """Whether the user chose the language (this command's --lang or the group's), not the locale."""
    return bool(lang or click.get_current_context().meta.get(LANG_GIVEN))


table_format_option = option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="help.opt.format",
)
lang_option = option(
    "--lang", type=click.Choice(i18n.LANGS), default=None, metavar="ru|kk|en",
    help="help.opt.lang",
)
