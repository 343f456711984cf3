"""``osms-payroll verify``: check a month's folder against its manifest (files on disk and a re-run)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from osms_payroll.run.verify import ManifestError, verify as verify_folder


@click.command()
@click.argument("manifest_file", metavar="MANIFEST", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(manifest_file: Path) -> None:
    """Check the folder of MANIFEST (an employer folder's manifest.json): hash every output on disk,
    check the inputs, re-run the month into a temporary folder and compare every file.

    Exit code 0: every output is byte-identical on disk and in the re-run; 1: an output is
    missing, changed or unlisted, an input changed, the rules changed or the re-run differs (each
    is named); 2: not a readable manifest.
    """
    try:
        report = verify_folder(manifest_file)
    except ManifestError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for line in report.lines():
        click.echo(line)
    sys.exit(report.exit_code)
