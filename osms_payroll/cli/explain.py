"""``osms-payroll explain``: one person's full explanation, from the same input ``calc`` reads."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.cli.speech import command, option
from osms_payroll.i18n import _, say
from osms_payroll.cli.options import load_rules, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.report.explain import explain_text
from osms_payroll.ids import IdError
from osms_payroll.ids import iin as iin_id
from osms_payroll.period import Period
from osms_payroll.intake import InputError
from osms_payroll.run.single import person_results


@command(help="help.explain")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@option("--iin", "wanted", required=True, help="help.explain.iin")
@period_option
@sheet_option
@profile_option
@reuse_option
@rules_option
def explain(
    input_file: Path, wanted: str, period: Period | None, sheet: str | None, profile: Path | None,
    reuse_last_known: bool, rules: tuple[Path, ...],
) -> None:
    try:
        wanted = iin_id.validate(wanted)
    except IdError as exc:
        raise click.BadParameter(str(exc), param_hint="--iin") from None
    try:
        found = person_results(input_file, wanted, period=period, params=load_rules(rules), sheet=sheet, profile=profile,
                               reuse_last_known=reuse_last_known)
    except InputError as exc:
        click.echo(_("error.prefix", message=exc), err=True)
        sys.exit(2)
    for result in found.results:
        click.echo(explain_text(result))
    if not found.results:
        click.echo(_("explain.not_found"), err=True)
        for issue in found.errors:
            click.echo(f"{issue.where}: {issue.code}: {say(issue.message)}", err=True)
        sys.exit(1)
