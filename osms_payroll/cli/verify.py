"""``osms-payroll verify``: check a month's folder against its manifest (files on disk and a re-run)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.cli.speech import command
from osms_payroll.i18n import _, said
from osms_payroll.run.verify import ManifestError, verify as verify_folder


@command(help="help.verify")
@click.argument("manifest_file", metavar="MANIFEST", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(manifest_file: Path) -> None:
    try:
        report = verify_folder(manifest_file)
    except ManifestError as exc:
        click.echo(_("error.prefix", message=said(exc)), err=True)
        sys.exit(2)
    for line in report.lines():
        click.echo(line)
    sys.exit(report.exit_code)
