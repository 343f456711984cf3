"""``osms-payroll template``: an input workbook to fill in, in Russian, Kazakh or English."""

from __future__ import annotations

from pathlib import Path

import click

from osms_payroll.cli.speech import command
from osms_payroll.cli.options import command_lang, lang_option, load_rules, rules_option
from osms_payroll.i18n import _
from osms_payroll.intake.template import write_template


@command(help="help.template")
@click.argument("out", metavar="OUT.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
@rules_option
def template(out: Path, lang: str | None, rules: tuple[Path, ...]) -> None:
    if not out.parent.is_dir():
        raise click.UsageError(_("rules.no_folder", folder=out.parent))
    write_template(out, command_lang(lang), load_rules(rules))
    click.echo(str(out))
