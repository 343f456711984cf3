"""``osms-payroll schema``: print a published JSON Schema of the contract."""

from __future__ import annotations

import click

from osms_payroll.cli.speech import command
from osms_payroll.report.contract_schema import NAMES, schema_text


@command(help="help.schema")
@click.argument("name", type=click.Choice(NAMES))
def schema(name: str) -> None:
    click.echo(schema_text(name), nl=False)
