"""``osms-payroll rules``: write the new year's МЗП and МРП into a rules file, and check a rules file."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from osms_payroll.cli.speech import group, option
from osms_payroll.fileio import AtomicFile
from osms_payroll.i18n import _, money, ngettext, said, say
from osms_payroll.law import ParamsError
from osms_payroll.law.overlay import new_year_overlay, overlay_changes


def _amount(_ctx: click.Context, _param: click.Parameter, value: str) -> Decimal:
    try:
        return Decimal(value.replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise click.BadParameter(_("rules.bad_amount", value=repr(value))) from None


@group(help="help.rules")
def rules() -> None:
    pass


@rules.command("new-year", help="help.rules.new_year")
@click.argument("year", type=click.IntRange(2017, 2100))
@option("--mzp", required=True, callback=_amount, help="help.rules.mzp")
@option("--mrp", required=True, callback=_amount, help="help.rules.mrp")
@option("--source", required=True, help="help.rules.source")
@option("--confidence", type=click.Choice(["H", "M", "L"]), default="M", show_default=True, help="help.rules.confidence")
@option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="help.rules.out",
)
def new_year(year: int, mzp: Decimal, mrp: Decimal, source: str, confidence: str, out: Path | None) -> None:
    out = out or Path(f"rules-{year}.toml")
    if out.exists():
        raise click.UsageError(_("rules.exists", file=out))
    if not out.parent.is_dir():
        raise click.UsageError(_("rules.no_folder", folder=out.parent))
    try:
        text = new_year_overlay(year, {"mzp": mzp, "mrp": mrp}, source, confidence)
    except ParamsError as exc:
        raise click.UsageError(said(exc)) from None
    target = AtomicFile(out)
    try:
        target.temp.write_text(text, encoding="utf-8")
        target.commit()
    except BaseException:
        target.discard()
        raise
    click.echo(_("rules.written", file=out, mzp=money(mzp), mrp=money(mrp), start=f"{year}-01", confidence=confidence))


@rules.command("check", help="help.rules.check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path) -> None:
    try:
        _params, changes = overlay_changes(file)
    except (ParamsError, OSError, ValueError) as exc:  # ValueError: undecodable text
        click.echo(_("error.prefix", message=_("rules.unusable", file=file, reason=said(exc))), err=True)
        sys.exit(2)
    click.echo(ngettext("rules.valid", "rules.valid_plural", len(changes), file=file))
    for change in changes:
        click.echo(f"  {change.param_id}: {say(change.what)}")
        for line in change.values:
            click.echo(f"      {line}")
