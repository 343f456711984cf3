"""``osms-payroll rates``: the parameters in force for a month, with citations, in the user's language."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from datetime import date
from pathlib import Path

import click

from osms_payroll.cli.speech import command
from osms_payroll.cli.options import load_rules, period_option, rules_option, table_format_option
from osms_payroll.i18n import _, say
from osms_payroll.law import Params, ParamValue
from osms_payroll.law.model import reference_message
from osms_payroll.period import Period
from osms_payroll.law.words import law_note, param_value

#: Text width when stdout is not a terminal (a file, a pipe): wide enough for a printed page.
PIPED_WIDTH = 100


def _block(value: ParamValue, params: Params, width: int) -> list[str]:
    """One parameter: id, value in full, confidence, start; citation, note and questions wrapped under it."""
    head = f"{value.param_id} = {param_value(value)}  [{value.confidence}]  {_('rates.from', start=value.since)}"
    lines = textwrap.wrap(head, width, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)
    details = [_("rates.source", source=value.source)]
    note = law_note(value)
    if note:
        details.append(_("explain.note", note=note))
    details += [_("warning.open_question", number=q, text=say(params.open_questions[q])) for q in value.open_questions]
    for detail in details:
        lines += textwrap.wrap(detail, width, initial_indent="    ", subsequent_indent="      ", break_long_words=False, break_on_hyphens=False)
    return lines


@command(help="help.rates")
@period_option
@table_format_option
@rules_option
def rates(period: Period | None, fmt: str, rules: tuple[Path, ...]) -> None:
    params = load_rules(rules)
    period = period or Period.of(date.today())
    missing = params.references_missing(period)
    if missing:
        click.echo(reference_message(period, missing, params.parameters[missing[0]].reviewed_through), err=True)
        sys.exit(2)
    values = list(params.in_force(period))
    if period < params.valid_from or not values:
        click.echo(_("error.prefix", message=_("rates.outside", name=params.name, period=period, start=params.valid_from, end=params.valid_through)), err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps({"period": str(period), "rule_set": params.name, "parameters": [v.to_dict() for v in values]}, ensure_ascii=False, indent=2))
        return
    width = shutil.get_terminal_size((PIPED_WIDTH, 24)).columns if sys.stdout.isatty() else PIPED_WIDTH
    click.echo(_("rates.title", period=period, name=params.name, start=params.valid_from, end=params.valid_through) + "\n")
    for value in values:
        click.echo("\n".join(_block(value, params, width)))
