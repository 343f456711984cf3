"""``osms-payroll template``: an input workbook to fill in, in Russian, Kazakh or English."""

from __future__ import annotations

from pathlib import Path

import click

from osms_payroll.cli.options import command_lang, lang_option, load_rules, rules_option
from osms_payroll.intake.template import write_template


@click.command()
@click.argument("out", metavar="OUT.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
@rules_option
def template(out: Path, lang: str | None, rules: tuple[Path, ...]) -> None:
    """Write an input template: the contract's columns with notes, ИИН as text, a category list.

    A filled template is read by calc, validate and remit as it is.
    """
    if not out.parent.is_dir():
        raise click.UsageError(f"the folder {out.parent} does not exist")
    write_template(out, command_lang(lang), load_rules(rules))
    click.echo(str(out))
