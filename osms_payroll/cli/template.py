"""``osms-payroll template``: an input workbook to fill in, in Russian, Kazakh or English."""

from __future__ import annotations

from pathlib import Path

import click

from osms_payroll.cli.options import load_rules, rules_option
from osms_payroll.intake.template import write_template
from osms_payroll.intake.vocabulary import LANGUAGES


@click.command()
@click.argument("out", metavar="OUT.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="ru", show_default=True)
@rules_option
def template(out: Path, language: str, rules: tuple[Path, ...]) -> None:
    """Write an input template: the contract's columns with notes, ИИН as text, a category list.

    A filled template is read by calc, validate and remit as it is.
    """
    if not out.parent.is_dir():
        raise click.UsageError(f"the folder {out.parent} does not exist")
    write_template(out, language, load_rules(rules))
    click.echo(str(out))
