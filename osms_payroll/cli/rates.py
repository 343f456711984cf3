"""``osms-payroll rates``: the parameters in force for a month, with citations."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from osms_payroll.cli.options import load_rules, period_option, rules_option
from osms_payroll.law import ParameterMissing
from osms_payroll.law.model import reference_message
from osms_payroll.period import Period


@click.command()
@period_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@rules_option
def rates(period: Period | None, fmt: str, rules: tuple[Path, ...]) -> None:
    """Show every parameter in force for a period (default: this month), with citation and confidence."""
    params = load_rules(rules)
    period = period or Period.of(date.today())
    missing = params.references_missing(period)
    if missing:
        click.echo(reference_message(period, missing, params.parameters[missing[0]].reviewed_through), err=True)
        sys.exit(2)
    values = list(params.in_force(period))
    if period < params.valid_from or not values:
        click.echo(str(ParameterMissing("the rule set", period, (params.valid_from, params.valid_through))), err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps({"period": str(period), "rule_set": params.name, "parameters": [v.to_dict() for v in values]}, ensure_ascii=False, indent=2))
        return
    click.echo(f"Parameters in force for {period} (rule set {params.name}, data {params.valid_from}..{params.valid_through})\n")
    for value in values:
        shown = value.to_dict()["value"]
        click.echo(f"{value.param_id:28} {str(shown):40.40} [{value.confidence}] from {value.since}")
        click.echo(f"{'':28} {value.source}")
        if value.note:
            click.echo(f"{'':28} note: {value.note}")
        for question in value.open_questions:
            click.echo(f"{'':28} open question {question}: {params.open_questions[question]}")
