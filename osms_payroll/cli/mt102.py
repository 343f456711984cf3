"""``osms-payroll mt102 check``: read an MT102 list (ours or another program's) and check it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from osms_payroll.cli.speech import group, option
from osms_payroll.i18n import _, date_text, money, ngettext, say
from osms_payroll.ids import mask
from osms_payroll.law import default_params
from osms_payroll.period import Period
from osms_payroll.remit.mt102.checks import osms_beneficiaries
from osms_payroll.remit.mt102.encoding import ENCODINGS
from osms_payroll.remit.mt102.reader import check_mt102
from osms_payroll.remit.payer import bank_table


def _day(day: date | None) -> str:
    return "-" if day is None else date_text(day)


@group(help="help.mt102")
def mt102() -> None:
    pass


@mt102.command(help="help.mt102.check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@option("--encoding", type=click.Choice(["auto", *ENCODINGS]), default="auto", show_default=True,
        help="help.mt102.encoding")
def check(file: Path, encoding: str) -> None:
    today = date.today()
    params = default_params()
    try:
        summary = check_mt102(
            file, encoding=None if encoding == "auto" else encoding, today=today,
            banks=bank_table(params, Period.of(today)), beneficiaries=osms_beneficiaries(params, Period.of(today)),
        )
    except OSError as exc:
        click.echo(_("error.prefix", message=_("mt102.check.unreadable", file=file, reason=exc.strerror)), err=True)
        sys.exit(2)
    for warning in summary.warnings:
        click.echo(f"{file}:{warning.line}: " + _("warning.prefix", message=f"{warning.code}: {say(warning.message)}"), err=True)
    if not summary.ok:
        for issue in summary.issues:
            click.echo(f"{file}:{issue.line}: {issue.code}: {say(issue.message)}", err=True)
        hidden = summary.issue_count - len(summary.issues)
        if hidden:
            click.echo(f"{file}: " + ngettext("mt102.check.more", "mt102.check.more_plural", hidden), err=True)
        sys.exit(1)
    header = summary.header
    assert header is not None and summary.total is not None
    rows = [
        (_("mt102.check.encoding"), summary.encoding),
        (_("mt102.check.knp"), header.knp),
        (_("mt102.check.period"), ", ".join(str(p) for p in summary.periods)),
        (_("mt102.check.persons"), str(summary.persons)),
        (_("mt102.check.total"), _("mt102.check.total_value", amount=money(summary.total))),
        (_("mt102.check.order"), _("mt102.check.order_value", number=header.number, date=_day(header.doc_date), value_date=_day(summary.value_date))),
        (_("mt102.check.payer"), f"{header.payer_name} ({mask(header.payer_idn)}), {header.payer_iban}"),
        (_("mt102.check.beneficiary"), f"{header.beneficiary_name} ({header.beneficiary_idn}), {header.beneficiary_iban}"),
        (_("mt102.check.purpose"), header.purpose),
    ]
    width = max(len(label) for label, _value in rows) + 3
    click.echo(_("mt102.check.ok", file=file))
    for label, value in rows:
        click.echo(f"{label + ':':{width}}{value}")
