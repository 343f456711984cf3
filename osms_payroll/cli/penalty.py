"""``osms-payroll penalty``: the penalty (пеня) on a late payment, day by day at each day's rate."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from osms_payroll import Penalty, penalty as compute, run_penalties, run_penalty_files
from osms_payroll.cli.options import load_rules, reuse_option, rules_option
from osms_payroll.engine.deadlines import PAYERS
from osms_payroll.engine.penalty import KIND_NAMES
from osms_payroll.issues import WarningLog
from osms_payroll.law import ParameterMissing
from osms_payroll.money import AmountError, format_amount
from osms_payroll.period import Period, PeriodError
from osms_payroll.remit.files import RemitError
from osms_payroll.remit.payer import ProfileError


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _month(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Period | None:
    try:
        return None if value is None else Period.parse(value)
    except PeriodError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.argument("manifest", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(list(KIND_NAMES)), help="The late payment: oosms (KNP 121 → penalty 123) or vosms (122 → 124).")
@click.option("--amount", metavar="A", help="The late payment's amount in tenge (decimal point).")
@click.option("--period", callback=_month, metavar="YYYY-MM", help="The month the payment is for.")
@click.option("--paid", callback=_date, required=True, metavar="YYYY-MM-DD", help="The day the bank accepted the payment order.")
@click.option("--due", callback=_date, metavar="YYYY-MM-DD", help="The due date, when not the month's (e.g. income paid in a later month).")
@click.option("--payer", type=click.Choice(PAYERS), default="employer", show_default=True, help="voluntary payers owe no penalty.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="With MANIFEST: write the penalty orders (MT102 KNP 123/124, XML, register, penalty.json) into this new folder.")
@click.option("--value-date", callback=_date, metavar="YYYY-MM-DD", help="Value date of the penalty orders  [default: --paid]")
@click.option("--doc-date", callback=_date, metavar="YYYY-MM-DD", help="Date of the penalty orders  [default: the value date]")
@click.option("--number", default="1", show_default=True, help="Number of the first penalty order (the KNP 124 order takes the next).")
@reuse_option
@rules_option
def penalty(
    manifest: Path | None, kind: str | None, amount: str | None, period: Period | None, paid: date, due: date | None,
    payer: str, fmt: str, out: Path | None, value_date: date | None, doc_date: date | None, number: str,
    reuse_last_known: bool, rules: tuple[Path, ...],
) -> None:
    """The penalty on a late ООСМС or ВОСМС payment (Law № 405-V art. 31 p.1).

    Either --kind, --amount and --period, or MANIFEST (a run's OUT/PERIOD/ID/manifest.json,
    whose two totals are taken; with --out the penalty orders are written, each list naming the
    run's persons with their share). Each day from the day after the due date through the payment
    day inclusive is charged 1,25 × the National Bank's base rate in force that day / 365; the
    sum is rounded to whole tenge. Exit code 0: computed; 2: usage error or a day without data.
    """
    try:
        if manifest is not None:
            if kind or amount or period or rules or payer != "employer":
                raise click.UsageError("with MANIFEST, the run gives the kinds, amounts, period, rules and payer: drop --kind/--amount/--period/--rules/--payer")
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
                raise click.UsageError("--out writes the penalty orders of a run: give its MANIFEST")
            if kind is None or amount is None or period is None:
                raise click.UsageError("give MANIFEST, or all of --kind, --amount and --period")
            found = [compute(kind, amount, period, paid, due=due, payer=payer, params=load_rules(rules), reuse_last_known=reuse_last_known)]
    except RemitError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(2)
    except (ParameterMissing, AmountError, ProfileError, ValueError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except OverflowError:
        click.echo("error: a date past the end of the calendar (year 9999)", err=True)
        sys.exit(2)
    warnings = WarningLog()
    for item in found:
        warnings.add_all(item.warnings)
    if fmt == "json":
        body = {"schema": 1, "penalties": [item.to_dict() for item in found], "warnings": warnings.lines()}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(_table(item) for item in found))
        for line in warnings.lines():
            click.echo(f"warning: {line}", err=True)


def _table(item: Penalty) -> str:
    knp = f", KNP {item.knp.text}" if item.knp is not None else ""
    moved = f" ({item.deadline.reason})" if item.deadline is not None and item.deadline.moved_past else ""
    lines = [
        f"Penalty (пеня) on {KIND_NAMES[item.kind]} of {item.period}: {format_amount(item.amount)} tenge{knp}",
        f"Due {item.due:%d.%m.%Y}{moved}, paid {item.paid:%d.%m.%Y}",
    ]
    if not item.segments:
        return "\n".join([*lines, f"Penalty: 0 tenge — {item.reason}"])
    lines += ["", f"{'from':10}  {'to':10}  {'days':>5}  {'rate %':>6}  {'×':>5}  {'/ days':>6}  {'amount':>10}"]
    for s in item.segments:
        shown = s.to_dict()
        lines.append(
            f"{s.first:%d.%m.%Y}  {s.last:%d.%m.%Y}  {s.days:>5}  {shown['rate']:>6}  {shown['multiplier']:>5}  {shown['day_count']:>6}  {shown['amount']:>10}"
        )
    total = item.to_dict()["unrounded"]
    lines += [
        f"{'total':22}  {item.days:>5}  {'':>6}  {'':>5}  {'':>6}  {total:>10}",
        f"Penalty: {format_amount(item.penalty)} tenge — {item.reason}",
        "",
        "Law: Закон № 405-V «Об ОСМС», ст. 31 п.1:",
    ]
    wordings = dict.fromkeys(s.multiplier for s in item.segments)
    lines += [f"  from {w.since}: {w.source}" for w in wordings]
    lines.append("Rates:")
    rates = dict.fromkeys(r for s in item.segments for r in s.rates)
    lines += [f"  {r.decimal} % from {r.since} [{r.confidence}]: {r.source}" for r in rates]
    return "\n".join(lines)
