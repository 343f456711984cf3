"""Which workbooks belong to which employer: files and folders in, one job per employer out.

An employer profile is ``--employer`` for all inputs, or ``employer.toml`` in the workbook's own
folder, so a bureau can keep one folder per client and run them all at once. Several workbooks
of one employer (salary and bonus sheets) are one job: the person-months span them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs

from osms_payroll.issues import Issue, Location

PROFILE_NAME = "employer.toml"
INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


@attrs.frozen
class Job:
    """One employer's inputs for the period; ``employer_file`` is the profile that names it."""

    employer_file: Path
    inputs: tuple[Path, ...]


def _is_input(path: Path) -> bool:
    # "~$book.xlsx" is Excel's lock file of an open workbook; dot files are hidden or ours.
    return path.suffix.lower() in INPUT_SUFFIXES and not path.name.startswith(("~$", "."))


def input_files(paths: Iterable[Path], skip: Path | None = None) -> list[Path]:
    """Every input file named or found (recursively, sorted) in the named folders; ``skip`` is left out."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and _is_input(p) and not (skip is not None and p.resolve().is_relative_to(skip))
            )
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def plan_jobs(files: Iterable[Path], employer: Path | None) -> tuple[list[Job], list[Issue]]:
    """Group input files by employer profile; a file without one is an issue, not a stop."""
    by_profile: dict[Path, list[Path]] = {}
    issues: list[Issue] = []
    for path in files:
        profile = employer if employer is not None else path.parent / PROFILE_NAME
        if not profile.is_file():
            issues.append(
                Issue(
                    "employer.missing",
                    f"no employer profile for this workbook: put {PROFILE_NAME} in its folder or pass "
                    "--employer FILE (see templates/sample/employer.toml)",
                    Location(str(path), None),
                )
            )
            continue
        by_profile.setdefault(profile, []).append(path)
    return [Job(profile, tuple(paths)) for profile, paths in by_profile.items()], issues
