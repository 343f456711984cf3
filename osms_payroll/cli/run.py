"""``osms-payroll run``: the month from sheets to files for one or many employers."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import click

from osms_payroll.cli.speech import command, option
from osms_payroll.cli.options import command_lang, lang_given, lang_option, load_rules, payment_dates, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.engine.deadlines import Deadline
from osms_payroll.engine.osms import ENGINE
from osms_payroll.issues import Issue
from osms_payroll.law.payments import kinds as payment_kinds
from osms_payroll.cli.progress import Bars, interactive
from osms_payroll.money import format_amount
from osms_payroll.i18n import _, date_text, money, number, said, say
from osms_payroll.law.words import known
from osms_payroll.run.writers import ERRORS_STEM
from osms_payroll.period import Period
from osms_payroll.remit.pipeline import FORMATS
from osms_payroll.run.executor import EXECUTORS, ExecutorError, choose_executor
from osms_payroll.run.job import JobResult, RunOptions, display_id, display_path, run_months
from osms_payroll.run.lock import Busy

_DATE = click.DateTime(["%Y-%m-%d"])


def _sums(results: list[JobResult]) -> dict[str, Decimal]:
    """Amounts by kind over all employers, in the kinds' order (an employer that failed has none)."""
    sums: dict[str, Decimal] = {}
    for result in results:
        for kind, amount in result.amounts.items():
            sums[kind] = sums.get(kind, Decimal(0)) + amount
    return sums


def _due(deadline: Deadline | None) -> str:
    if deadline is None:
        return ""
    moved = _("run.due_moved", nominal=date_text(deadline.nominal)) if deadline.moved_past else ""
    return _("run.due", due=date_text(deadline.due)) + moved


def _summary_table(
    results: list[JobResult], skipped: list[Issue], period: Period, kinds: tuple[str, ...], deadline: Deadline | None
) -> str:
    """The run for a person: one line per employer (counts and money with digit groups, the status
    in words), totals, and where each employer's errors report is when it has something to say."""
    titles = "".join(f" {known(f'run.kind.{kind}', kind):>16}" for kind in kinds)
    rejected_w, warned_w = max(11, len(_("run.rejected"))), max(8, len(_("run.warnings")))
    head = f"{_('run.employer'):14} {_('run.persons'):>6}{titles} {_('run.rejected'):>{rejected_w}} {_('run.warnings'):>{warned_w}}  {_('run.status')}"
    lines = [_("run.period", period=period) + _due(deadline), head]
    reports = []
    for result in results:
        who = display_id(result.employer_id) if result.employer_id else "—"
        where = display_path(result.folder) if result.folder else (str(say(result.problems[0])).splitlines()[0] if result.problems else "")
        amounts = "".join(f" {money(result.amounts.get(kind, Decimal(0))):>16}" for kind in kinds)
        lines.append(
            f"{who:14} {number(result.persons):>6}{amounts} "
            f"{number(result.rejected_rows):>{rejected_w}} {number(result.warnings):>{warned_w}}  {_(f'run.status.{result.status}')}: {where}"
        )
        if result.folder is not None and (result.rejected_rows or result.warnings):
            reports.append(_("run.errors_report", employer=who, path=display_path(result.folder / f"{ERRORS_STEM}.xlsx")))
    sums = _sums(results)
    persons = sum(r.persons for r in results)
    rejected = sum(r.rejected_rows for r in results)
    amounts = "".join(f" {money(sums.get(kind, Decimal(0))):>16}" for kind in kinds)
    lines.append(f"{_('run.total'):14} {number(persons):>6}{amounts} {number(rejected):>{rejected_w}}")
    lines += reports
    lines += [_("run.skipped", where=issue.where, message=say(issue.message)) for issue in skipped]
    return "\n".join(lines)


def _summary_json(
    results: list[JobResult], skipped: list[Issue], period: Period, code: int, kinds: tuple[str, ...], ignored: list[Issue],
    deadline: Deadline | None,
) -> str:
    sums = _sums(results)
    return json.dumps(
        {
            "schema": 1,
            "period": str(period),
            "due_date": None if deadline is None else deadline.to_dict(),
            "exit_code": code,
            "employers": [r.to_dict() for r in results],
            "skipped": [issue.to_dict() for issue in skipped],
            "ignored": [issue.to_dict() for issue in ignored],
            "totals": {
                "persons": sum(r.persons for r in results),
                **{kind: format_amount(sums.get(kind, Decimal(0))) for kind in kinds},
                "rejected_rows": sum(r.rejected_rows for r in results),
            },
        },
        ensure_ascii=False,
        indent=2,
    )


@command(help="help.run")
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@period_option
@option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
        help="help.run.out")
@option("--employer", "employer_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="help.run.employer")
@profile_option
@sheet_option
@option("--formats", default=",".join(FORMATS), show_default=True, metavar="LIST", help="help.run.formats")
@lang_option
@option("--value-date", type=_DATE, help="help.run.value_date")
@option("--doc-date", type=_DATE, help="help.run.doc_date")
@option("--number", default="1", show_default=True, help="help.run.number")
@option("--dry-run", is_flag=True, help="help.run.dry_run")
@option("--json", "as_json", is_flag=True, help="help.run.json")
@option("--jobs", type=click.IntRange(min=1), help="help.run.jobs")
@option("--executor", "executor_name", type=click.Choice(EXECUTORS), default="local", show_default=True,
        help="help.run.executor")
@option("--scheduler", metavar="ADDRESS", help="help.run.scheduler")
@reuse_option
@rules_option
def run(inputs: tuple[Path, ...], period: Period | None, out: Path, employer_file: Path | None, profile: Path | None,
        sheet: str | None, formats: str, lang: str | None, value_date: datetime | None, doc_date: datetime | None,
        number: str, dry_run: bool, as_json: bool, jobs: int | None, executor_name: str, scheduler: str | None,
        reuse_last_known: bool, rules: tuple[Path, ...]) -> None:
    given = lang
    lang = command_lang(lang)
    if period is None:
        raise click.UsageError(_("run.period_required"))
    params = load_rules(rules)
    paid, dated = payment_dates(period, value_date, doc_date)
    try:
        options = RunOptions(
            period, paid, dated, number, lang, tuple(f.strip() for f in formats.split(",") if f.strip()),
            reuse_last_known, sheet, None if profile is None else profile.resolve(), tuple(p.resolve() for p in rules),
            lang_given=lang_given(given),
        )
        options.remit_options()
        executor = choose_executor(executor_name, jobs, scheduler)
    except ValueError as exc:
        raise click.UsageError(said(exc)) from None

    try:
        if interactive() and not as_json:
            with Bars(_("progress.label", period=period)) as bars:
                report = run_months(inputs, out, options, params=params, employer_file=employer_file, dry_run=dry_run,
                                    progress=bars.jobs, on_row=bars.row, executor=executor)
        else:
            report = run_months(inputs, out, options, params=params, employer_file=employer_file, dry_run=dry_run,
                                executor=executor)
    except ValueError as exc:
        raise click.UsageError(said(exc)) from None
    except (Busy, ExecutorError) as exc:
        click.echo(_("error.prefix", message=said(exc)), err=True)
        sys.exit(2)
    for note in report.notes:
        click.echo(_("warning.prefix", message=say(note)), err=True)
    results, skipped, code = list(report.results), list(report.skipped), report.exit_code
    kinds = payment_kinds(params, engine=ENGINE)
    ignored, due = list(report.ignored), report.deadline
    click.echo(
        _summary_json(results, skipped, period, code, kinds, ignored, due) if as_json else _summary_table(results, skipped, period, kinds, due)
    )
    if not as_json:
        for issue in ignored:
            click.echo(_("run.ignored", where=issue.where, message=say(issue.message)))
        for result in results:
            for problem in result.problems:
                click.echo(_("error.prefix", message=say(problem)), err=True)
    sys.exit(code)
