"""The ``osms-payroll`` command line: a thin shell around the SDK, one module per command."""

from __future__ import annotations

import click

from osms_payroll.cli.calc import calc
from osms_payroll.cli.explain import explain
from osms_payroll.cli.rates import rates


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osms-payroll")
def main() -> None:
    """ОСМС (МӘМС) contributions for Kazakhstan payrolls, computed from dated law with citations."""


main.add_command(calc)
main.add_command(explain)
main.add_command(rates)
