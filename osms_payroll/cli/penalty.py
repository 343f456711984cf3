"""``osms-payroll penalty``: the penalty (пеня) on a late payment, day by day at each day's rate."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import click

from osms_payroll.cli.speech import command, option
from osms_payroll import Penalty, penalty as compute, run_penalties, run_penalty_files
from osms_payroll.cli.options import load_rules, parse_period, reuse_option, rules_option, table_format_option
from osms_payroll.engine.deadlines import PAYERS
from osms_payroll.engine.penalty import KIND_NAMES
from osms_payroll.i18n import _, date_text, decimal_text, money, percent, said, say
from osms_payroll.issues import IssueLog
from osms_payroll.law import ParameterMissing
from osms_payroll.money import AmountError
from osms_payroll.period import Period
from osms_payroll.remit.files import RemitError
from osms_payroll.remit.payer import ProfileError


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("penalty.bad_date", value=repr(value))) from None


@command(help="help.penalty")
@click.argument("manifest", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--kind", type=click.Choice(list(KIND_NAMES)), help="help.penalty.kind")
@option("--amount", metavar="A", help="help.penalty.amount")
@option("--period", callback=parse_period, metavar="YYYY-MM", help="help.penalty.period")
@option("--paid", callback=_date, required=True, metavar="YYYY-MM-DD", help="help.penalty.paid")
@option("--due", callback=_date, metavar="YYYY-MM-DD", help="help.penalty.due")
@option("--payer", type=click.Choice(PAYERS), default="employer", show_default=True, help="help.penalty.payer")
@table_format_option
@option("--out", type=click.Path(file_okay=False, path_type=Path),
        help="help.penalty.out")
@option("--value-date", callback=_date, metavar="YYYY-MM-DD", help="help.penalty.value_date")
@option("--doc-date", callback=_date, metavar="YYYY-MM-DD", help="help.penalty.doc_date")
@option("--number", default="1", show_default=True, help="help.penalty.number")
@reuse_option
@rules_option
def penalty(
    manifest: Path | None, kind: str | None, amount: str | None, period: Period | None, paid: date, due: date | None,
    payer: str, fmt: str, out: Path | None, value_date: date | None, doc_date: date | None, number: str,
    reuse_last_known: bool, rules: tuple[Path, ...],
) -> None:
    try:
        if manifest is not None:
            if kind or amount or period or rules or payer != "employer":
                raise click.UsageError(_("penalty.manifest_only"))
            if out is None:
                found = run_penalties(manifest, paid, due=due, reuse_last_known=reuse_last_known)
            else:
                files = run_penalty_files(
                    manifest, paid, out, value_date=value_date or paid, doc_date=doc_date, number=number, due=due,
                    reuse_last_known=reuse_last_known,
                )
                found = list(files.penalties)
        else:
            if out is not None:
                raise click.UsageError(_("penalty.out_needs_manifest"))
            if kind is None or amount is None or period is None:
                raise click.UsageError(_("penalty.give_inputs"))
            found = [compute(kind, amount, period, paid, due=due, payer=payer, params=load_rules(rules), reuse_last_known=reuse_last_known)]
    except RemitError as exc:
        for problem in exc.problems:
            click.echo(_("error.prefix", message=say(problem)), err=True)
        sys.exit(2)
    except (ParameterMissing, AmountError, ProfileError, ValueError, OSError) as exc:
        click.echo(_("error.prefix", message=said(exc)), err=True)
        sys.exit(2)
    except OverflowError:
        click.echo(_("error.prefix", message=_("penalty.overflow")), err=True)
        sys.exit(2)
    warnings = IssueLog()
    for item in found:
        warnings.person(item.warnings)
    if fmt == "json":
        body = {"schema": 1, "penalties": [item.to_dict() for item in found], "warnings": warnings.warning_lines()}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(_table(item) for item in found))
        for line in warnings.warning_lines():
            click.echo(_("warning.prefix", message=say(line)), err=True)


def _table(item: Penalty) -> str:
    knp = _("penalty.knp", knp=item.knp.text) if item.knp is not None else ""
    moved = f" ({item.deadline.reason})" if item.deadline is not None and item.deadline.moved_past else ""
    lines = [
        _("penalty.title", kind=KIND_NAMES[item.kind], period=item.period, amount=money(item.amount), knp=knp),
        _("penalty.dates", due=date_text(item.due), moved=moved, paid=date_text(item.paid)),
    ]
    result = _("penalty.result", amount=money(item.penalty), reason=say(item.reason))
    if not item.segments:
        return "\n".join([*lines, result])
    head = [_(f"penalty.col.{name}") for name in ("from", "to", "days", "rate", "day_count", "amount")]
    lines += ["", f"{head[0]:10}  {head[1]:10}  {head[2]:>5}  {head[3]:>8}  {'×':>5}  {head[4]:>6}  {head[5]:>12}"]
    for s in item.segments:
        shown = s.to_dict()
        rate, multiplier = (decimal_text(Decimal(shown[key])) for key in ("rate", "multiplier"))
        lines.append(
            f"{date_text(s.first)}  {date_text(s.last)}  {s.days:>5}  {rate:>8}  {multiplier:>5}  {shown['day_count']:>6}  {money(Decimal(shown['amount'])):>12}"
        )
    total = money(Decimal(item.to_dict()["unrounded"]))
    lines += [f"{_('penalty.total'):22}  {item.days:>5}  {'':>8}  {'':>5}  {'':>6}  {total:>12}", result, "", _("penalty.law")]
    wordings = dict.fromkeys(s.multiplier for s in item.segments)
    lines += [_("penalty.wording", start=w.since, source=w.source) for w in wordings]
    lines.append(_("penalty.rates"))
    rates = dict.fromkeys(r for s in item.segments for r in s.rates)
    lines += [_("penalty.rate", rate=percent(r.decimal.scaleb(-2)), start=r.since, confidence=r.confidence, source=r.source) for r in rates]
    return "\n".join(lines)
