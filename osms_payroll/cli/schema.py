"""``osms-payroll schema``: print a published JSON Schema of the contract."""

from __future__ import annotations

import click

from osms_payroll.report.contract_schema import NAMES, schema_text


@click.command()
@click.argument("name", type=click.Choice(NAMES))
def schema(name: str) -> None:
    """Print the JSON Schema of NAME: calc (the lines calc reads, also as JSON) or results
    (what calc --format json prints and run writes as results.json)."""
    click.echo(schema_text(name), nl=False)
