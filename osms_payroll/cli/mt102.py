"""``osms-payroll mt102 check``: read an MT102 list (ours or another program's) and check it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from osms_payroll.ids import mask
from osms_payroll.law import default_params
from osms_payroll.period import Period
from osms_payroll.remit.mt102.checks import osms_beneficiaries
from osms_payroll.remit.mt102.encoding import ENCODINGS
from osms_payroll.remit.mt102.reader import check_mt102
from osms_payroll.remit.payer import bank_table


@click.group()
def mt102() -> None:
    """MT102 bank list files."""


@mt102.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--encoding", type=click.Choice(["auto", *ENCODINGS]), default="auto", show_default=True,
              help="The file's encoding; auto tells UTF-8 (with or without BOM), KZ-1048, cp1251 and cp866 apart.")
def check(file: Path, encoding: str) -> None:
    """Check FILE as a bank's validator would, and print its persons, total, KNP and period.

    Checks the blocks and their lengths and the closing -}; the payer's БИН/ИИН, IBAN (and its bank
    code against the BIC), /CHIEF/ and /MAINBK/; the social-list codes /SEND/ /VO/ /PSO/ /PRT/;
    /NUM/ first in :70:; the KNP and, for ОСМС KNPs, the State Corporation's account and BIN; the
    purpose lines; the document date (not after today); every ИИН, /DT/, /PERIOD/ and the letters
    of every name; each amount's format, the running numbers, and that the total equals the sum.
    Each problem is printed with its line number and a stable code. Exit code 0: the file passes
    (warnings aside); 1: problems; 2: unreadable file.
    """
    today = date.today()
    params = default_params()
    try:
        summary = check_mt102(
            file, encoding=None if encoding == "auto" else encoding, today=today,
            banks=bank_table(params, Period.of(today)), beneficiaries=osms_beneficiaries(params, Period.of(today)),
        )
    except OSError as exc:
        click.echo(f"error: {file}: cannot read ({exc.strerror})", err=True)
        sys.exit(2)
    for warning in summary.warnings:
        click.echo(f"{file}:{warning.line}: warning: {warning.code}: {warning.message}", err=True)
    if not summary.ok:
        for issue in summary.issues:
            click.echo(f"{file}:{issue.line}: {issue.code}: {issue.message}", err=True)
        hidden = summary.issue_count - len(summary.issues)
        if hidden:
            click.echo(f"{file}: … and {hidden} more problems", err=True)
        sys.exit(1)
    header = summary.header
    assert header is not None and summary.total is not None
    periods = ", ".join(str(p) for p in summary.periods)
    click.echo(f"{file}: OK")
    click.echo(f"encoding:       {summary.encoding}")
    click.echo(f"KNP:            {header.knp}")
    click.echo(f"period:         {periods}")
    click.echo(f"persons:        {summary.persons}")
    click.echo(f"total:          {summary.total:.2f} KZT (equals the sum of the person amounts)")
    click.echo(f"payment order:  {header.number} of {header.doc_date}, value date {summary.value_date}")
    click.echo(f"payer:          {header.payer_name} ({mask(header.payer_idn)}), {header.payer_iban}")
    click.echo(f"beneficiary:    {header.beneficiary_name} ({header.beneficiary_idn}), {header.beneficiary_iban}")
    click.echo(f"purpose:        {header.purpose}")
