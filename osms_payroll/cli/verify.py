"""``osms-payroll verify``: re-run a month from its manifest and check every output is byte-identical."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from osms_payroll.cli.options import load_rules
from osms_payroll.run.discover import Job
from osms_payroll.run.job import RunOptions, run_month
from osms_payroll.run.manifest import describe_files, load


@click.command()
@click.argument("manifest_file", metavar="MANIFEST", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(manifest_file: Path) -> None:
    """Re-run the month recorded in MANIFEST (an employer folder's manifest.json) into a temporary
    folder and compare every output with the recorded hashes.

    Exit code 0: every output is byte-identical; 1: an input changed, the rules changed or an
    output differs (each is named); 2: not a readable manifest.
    """
    try:
        manifest = load(manifest_file)
        options = RunOptions.from_dict(manifest["options"])
    except (ValueError, KeyError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    problems: list[str] = []
    for recorded in manifest["inputs"]:
        path = Path(recorded["name"])
        if not path.is_file():
            problems.append(f"input {path} is missing")
        elif describe_files([path])[0]["sha256"] != recorded["sha256"]:
            problems.append(f"input {path} changed since the run")
    params = load_rules(options.rules)
    if params.digest != manifest["rule_set"]["digest"]:
        problems.append("the parameter data differs from the run's (rule set digest); update or roll back osms-payroll")
    if not problems:
        job = Job(Path(manifest["employer"]["profile"]), tuple(Path(p) for p in manifest["workbooks"]))
        with tempfile.TemporaryDirectory(prefix="osms-verify-") as scratch:
            result = run_month(job, params, options, Path(scratch))
            if result.folder is None:
                problems.extend(result.problems or ("the re-run wrote nothing",))
            else:
                again = {d["name"]: d["sha256"] for d in describe_files(sorted(result.folder.iterdir()), base=result.folder)}
                for recorded in manifest["outputs"]:
                    name = recorded["name"]
                    if name not in again:
                        problems.append(f"{name}: not produced by the re-run")
                    elif again[name] != recorded["sha256"]:
                        problems.append(f"{name}: differs from the recorded output")
                    else:
                        click.echo(f"identical  {name}")
                extra = set(again) - {d["name"] for d in manifest["outputs"]} - {"manifest.json"}
                problems.extend(f"{name}: produced by the re-run but not recorded" for name in sorted(extra))
    for problem in problems:
        click.echo(f"DIFFERENT  {problem}")
    sys.exit(1 if problems else 0)
