"""The ``osms-payroll`` command line: a thin shell around the SDK, one module per command."""

from __future__ import annotations

import click

from osms_payroll.cli.speech import Option, group, option
from osms_payroll import i18n
from osms_payroll.cli.calc import calc
from osms_payroll.cli.options import LANG_GIVEN
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


@group(context_settings={"help_option_names": ["-h", "--help"]}, help="help.main")
@click.version_option(package_name="osms-payroll", message="%(prog)s %(version)s", cls=Option, help="help.version")
@option(
    "--lang", type=click.Choice(i18n.LANGS), default=None, metavar="ru|kk|en",
    help="help.main.lang",
)
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    ctx.meta[LANG_GIVEN] = lang
    ctx.with_resource(i18n.using(lang or i18n.current()))  # the command line's language (see speech.lang_from_argv)


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
