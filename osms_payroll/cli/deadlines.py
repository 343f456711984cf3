"""``osms-payroll deadlines``: each month's ООСМС/ВОСМС due date of a year, and why it moved."""

from __future__ import annotations

import json
import sys

import click

from osms_payroll.cli.speech import command, option
from babel.dates import format_date

from osms_payroll import deadlines as year_deadlines
from osms_payroll.cli.options import reuse_option, table_format_option
from osms_payroll.i18n import _, current, date_text, say
from osms_payroll.issues import IssueLog
from osms_payroll.law import ParameterMissing


@command(help="help.deadlines")
@click.argument("year", type=click.IntRange(1991, 9998))
@option("--payer", type=click.Choice(["employer", "self"]), default="employer", show_default=True,
        help="help.deadlines.payer")
@table_format_option
@reuse_option
def deadlines(year: int, payer: str, fmt: str, reuse_last_known: bool) -> None:
    try:
        found = year_deadlines(year, payer, reuse_last_known=reuse_last_known)
    except ParameterMissing as exc:
        click.echo(_("error.prefix", message=exc), err=True)
        sys.exit(2)
    warnings = IssueLog()
    for deadline in found:
        warnings.person(deadline.warnings)
    if fmt == "json":
        body = {"schema": 1, "year": year, "payer": payer, "deadlines": [d.to_dict() for d in found], "warnings": warnings.warning_lines()}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    rule = _(f"deadlines.rule.{payer}", day=found[0].nominal.day)
    click.echo(_("deadlines.title", year=year, rule=rule) + "\n")
    days = [format_date(deadline.due, "EEEE", locale=current()) for deadline in found]
    width = max(len(day) for day in days)
    click.echo(f"{_('deadlines.period'):8}  {_('deadlines.due'):10}  {_('deadlines.weekday'):{width}}  {_('deadlines.moved')}")
    for deadline, weekday in zip(found, days, strict=True):
        click.echo(f"{deadline.period!s:8}  {date_text(deadline.due)}  {weekday:{width}}  {deadline.reason or '-'}")
    sources = dict.fromkeys(value.source for deadline in found for value in deadline.used)
    law = _("deadlines.law")
    click.echo(f"\n{law} " + ("\n" + " " * (len(law) + 1)).join(sources))
    for line in warnings.warning_lines():
        click.echo(_("warning.prefix", message=say(line)), err=True)
