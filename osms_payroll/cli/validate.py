"""``osms-payroll validate``: every problem of an input, cell by cell, without computing output files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.cli.speech import command
from osms_payroll.i18n import _, said, say
from osms_payroll.cli.options import load_rules, period_option, profile_option, reuse_option, rules_option, sheet_option
from osms_payroll.period import Period
from osms_payroll.intake import InputError
from osms_payroll.run.single import validate_input


@command(help="help.validate")
@click.argument("input_file", metavar="SHEET", type=click.Path(dir_okay=False, path_type=Path))
@period_option
@sheet_option
@profile_option
@reuse_option
@rules_option
def validate(
    input_file: Path, period: Period | None, sheet: str | None, profile: Path | None, reuse_last_known: bool,
    rules: tuple[Path, ...],
) -> None:
    try:
        check = validate_input(input_file, period=period, params=load_rules(rules), sheet=sheet, profile=profile,
                               reuse_last_known=reuse_last_known)
    except InputError as exc:
        click.echo(_("error.prefix", message=said(exc)), err=True)
        sys.exit(2)
    for issue in check.errors:
        click.echo(f"{issue.where}: {issue.code}: {say(issue.message)}")
    for issue in check.warnings:
        click.echo(f"{issue.where}: " + _("warning.prefix", message=f"{issue.code}: {say(issue.message)}"))
    layout = check.layout
    read = ""
    if layout is not None:
        read = " " + (_("validate.layout_sheet", sheet=layout.sheet, row=layout.header_row, adapter=layout.adapter)
                      if layout.sheet else _("validate.layout", row=layout.header_row, adapter=layout.adapter))
    click.echo(f"{input_file}{read}: " + _(
        "validate.summary", computed=check.computed, rejected=check.rejected_rows, warnings=len(check.warnings)
    ))
    sys.exit(1 if check.errors else 0)
