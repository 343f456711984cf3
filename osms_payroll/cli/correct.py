"""``osms-payroll correct``: a past month recomputed from corrected workbooks, and what is due now."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import click

from osms_payroll.cli.speech import command, option
from osms_payroll import CorrectionError, correct as correct_month
from osms_payroll.cli.options import reuse_option
from osms_payroll.engine.penalty import KIND_NAMES
from osms_payroll.i18n import _, money, ngettext, said, say
from osms_payroll.ids import mask
from osms_payroll.intake import InputError
from osms_payroll.law import ParameterMissing
from osms_payroll.remit.files import RemitError
from osms_payroll.remit.payer import ProfileError

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _signed(amount: Decimal) -> str:
    return ("+" if amount > 0 else "-" if amount < 0 else "") + money(abs(amount))


@command(help="help.correct")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("corrected", metavar="CORRECTED_INPUT...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="help.correct.out")
@option("--paid", type=_DATE, help="help.correct.paid")
@option("--value-date", type=_DATE, help="help.correct.value_date")
@option("--doc-date", type=_DATE, help="help.correct.doc_date")
@option("--number", default="1", show_default=True, help="help.correct.number")
@option("--json", "as_json", is_flag=True, help="help.correct.json")
@reuse_option
def correct(
    manifest: Path, corrected: tuple[Path, ...], out: Path, paid: datetime | None, value_date: datetime | None,
    doc_date: datetime | None, number: str, as_json: bool, reuse_last_known: bool,
) -> None:
    today = date.today()
    pay_day = value_date.date() if value_date else today
    dated = doc_date.date() if doc_date else min(pay_day, today)
    try:
        done = correct_month(
            manifest, corrected, out, value_date=pay_day, doc_date=dated, number=number,
            paid=None if paid is None else paid.date(), reuse_last_known=reuse_last_known,
        )
    except RemitError as exc:
        for problem in exc.problems:
            click.echo(_("error.prefix", message=say(problem)), err=True)
        sys.exit(2)
    except (CorrectionError, InputError, ParameterMissing, ProfileError, ValueError, OSError) as exc:
        click.echo(_("error.prefix", message=said(exc)), err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(done.to_dict(), ensure_ascii=False, indent=2))
    else:
        changes = [c for c in done.correction.changes if c.status != "unchanged"]
        click.echo(ngettext("correct.title", "correct.title_plural", len(changes), period=done.correction.period, folder=done.folder))
        statuses = {status: _(f"correct.status.{status}") for status in ("added", "removed", "changed", "rejected")}
        width = max(len(text) for text in statuses.values())
        for change in changes:
            differences = " / ".join(_signed(change.difference(kind)) for kind in done.correction.kinds)
            why = "; ".join(str(say(reason)) for reason in change.why)
            click.echo(f"  {_('correct.iin', iin=mask(change.iin))}  {statuses[change.status]:{width}} {differences:>22}   {why}")
        additional, overpaid = _("correct.additional"), _("correct.overpaid")
        for kind in done.correction.kinds:
            click.echo(
                f"  {KIND_NAMES.get(kind, kind):20} {additional} {money(done.additional[kind]):>12}   {overpaid} {money(done.overpaid[kind]):>12}"
            )
        for item in done.penalties:
            click.echo("  " + _("correct.penalty", kind=KIND_NAMES.get(item.kind, item.kind), amount=money(item.penalty), reason=say(item.reason)))
        for issue in done.errors:
            click.echo(f"{issue.where}: {issue.code}: {say(issue.message)}", err=True)
        for warning in done.warnings:
            click.echo(_("warning.prefix", message=say(warning)), err=True)
    sys.exit(1 if done.errors else 0)
