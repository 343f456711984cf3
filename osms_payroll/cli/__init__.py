"""The ``osms-payroll`` command line: a thin shell around the SDK, one module per command."""

from __future__ import annotations

import click

from osms_payroll.cli.calc import calc
from osms_payroll.cli.correct import correct
from osms_payroll.cli.deadlines import deadlines
from osms_payroll.cli.explain import explain
from osms_payroll.cli.mt102 import mt102
from osms_payroll.cli.penalty import penalty
from osms_payroll.cli.rates import rates
from osms_payroll.cli.remit import remit
from osms_payroll.cli.rules import rules
from osms_payroll.cli.run import run
from osms_payroll.cli.schema import schema
from osms_payroll.cli.serve import serve
from osms_payroll.cli.template import template
from osms_payroll.cli.validate import validate
from osms_payroll.cli.verify import verify


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="osms-payroll")
def main() -> None:
    """ОСМС (МӘМС) contributions for Kazakhstan payrolls, computed from dated law with citations."""


main.add_command(calc)
main.add_command(correct)
main.add_command(deadlines)
main.add_command(explain)
main.add_command(mt102)
main.add_command(penalty)
main.add_command(rates)
main.add_command(remit)
main.add_command(rules)
main.add_command(run)
main.add_command(schema)
main.add_command(serve)
main.add_command(template)
main.add_command(validate)
main.add_command(verify)
