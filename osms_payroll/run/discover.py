"""Which workbooks belong to which employer: files and folders in, one job per employer out.

An employer profile is ``--employer`` for all inputs, or ``employer.toml`` in the workbook's own
folder, so a bureau can keep one folder per client and run them all at once. Several workbooks
of one employer (salary and bonus sheets) are one job: the person-months span them.

Nothing is doubled or dropped quietly: a byte-identical copy of a workbook (``payroll (1).xlsx``)
is read once with a warning naming both; two profiles naming the same БИН/ИИН are one employer
only when they are identical, otherwise both are refused with the two paths; a file in a folder
that is no input format is listed as ignored.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from osms_payroll.i18n import _
from osms_payroll.fileio import sha256_file
from osms_payroll.issues import Issue, Location

PROFILE_NAME = "employer.toml"
INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv")


@attrs.frozen
class Job:
    """One employer's inputs for the period; ``employer_file`` is the profile that names it.

    ``notes`` are warnings found while planning (a copy of an input read once); ``names`` gives
    an input the name its outputs call it by (``verify`` re-runs inputs that have moved under the
    names the run recorded).
    """

    employer_file: Path
    inputs: tuple[Path, ...]
    notes: tuple[Issue, ...] = ()
    names: Mapping[Path, str] = attrs.field(factory=dict)


def _hidden(path: Path) -> bool:
    # "~$book.xlsx" is Excel's lock file of an open workbook; dot files are hidden or ours.
    return path.name.startswith(("~$", "."))


def _is_input(path: Path) -> bool:
    return path.suffix.lower() in INPUT_SUFFIXES and not _hidden(path)


@attrs.frozen
class Found:
    """The input files found, and the other files of the folders searched (not read)."""

    files: list[Path]
    ignored: list[Issue]


def find_inputs(paths: Iterable[Path], skip: Path | None = None) -> Found:
    """Every input file named or found (recursively, sorted) in the named folders; ``skip`` is left out."""
    found: list[Path] = []
    ignored: list[Issue] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for entry in sorted(path.rglob("*")):
            if not entry.is_file() or (skip is not None and entry.resolve().is_relative_to(skip)):
                continue
            if _is_input(entry):
                found.append(entry)
            elif entry.name != PROFILE_NAME and not _hidden(entry):
                ignored.append(Issue("input.ignored", _(
                    "input.ignored", suffix=entry.suffix or _("input.no_suffix"), formats=", ".join(INPUT_SUFFIXES),
                ), Location(str(entry), None)))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return Found(list(unique.values()), ignored)


def _employer_id(profile: Path) -> str | None:
    """The БИН/ИИН a profile names, read leniently (the full check comes when the job loads it)."""
    try:
        document = tomllib.loads(profile.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    employer = document.get("employer")
    number = employer.get("bin_iin") if isinstance(employer, dict) else None
    return "".join(str(number).split()) if number else None


def _profile_content(profile: Path) -> bytes:
    try:
        return profile.read_bytes()
    except OSError:
        return b""


def _without_copies(paths: list[Path]) -> tuple[list[Path], list[Issue]]:
    """The paths with byte-identical copies left out, and a warning naming each copy and its original."""
    first: dict[tuple[int, str], Path] = {}
    kept: list[Path] = []
    notes: list[Issue] = []
    for path in paths:
        try:
            key = (path.stat().st_size, sha256_file(path))
        except OSError:
            kept.append(path)  # its reader will say why it cannot be read
            continue
        original = first.setdefault(key, path)
        if original is path:
            kept.append(path)
            continue
        notes.append(Issue("input.duplicate", _("input.duplicate", original=original), Location(str(path), None)))
    return kept, notes


def plan_jobs(files: Iterable[Path], employer: Path | None) -> tuple[list[Job], list[Issue]]:
    """Group input files by employer profile; a file without one, or a clash of profiles, is an issue, not a stop."""
    by_profile: dict[Path, list[Path]] = {}
    issues: list[Issue] = []
    for path in files:
        profile = employer if employer is not None else path.parent / PROFILE_NAME
        if not profile.is_file():
            issues.append(
                Issue(
                    "employer.missing",
                    _("employer.missing", profile=PROFILE_NAME),
                    Location(str(path), None),
                )
            )
            continue
        by_profile.setdefault(profile, []).append(path)
    # One employer, one job: profiles naming the same БИН/ИИН merge when identical, else both are refused.
    by_id: dict[str, list[Path]] = {}
    for profile in by_profile:
        by_id.setdefault(_employer_id(profile) or f"?{profile}", []).append(profile)
    jobs: list[Job] = []
    for profiles in by_id.values():
        contents = {_profile_content(profile) for profile in profiles}
        if len(contents) > 1:
            paths = _("reference.and").join(str(profile) for profile in profiles)
            for profile in profiles:
                issues.append(Issue("employer.same_id", _("employer.same_id", paths=paths), Location(str(profile), None)))
            continue
        inputs, notes = _without_copies([path for profile in profiles for path in by_profile[profile]])
        jobs.append(Job(profiles[0], tuple(inputs), tuple(notes)))
    return jobs, issues
