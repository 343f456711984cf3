"""Checking a month's folder against its manifest: the files on disk, the inputs, and a re-run.

Every output the manifest lists is hashed where it lies (missing, changed and unlisted files are
each reported); the inputs are hashed (found relative to the manifest when the recorded absolute
paths have moved); and when inputs and rules are unchanged the month is re-run into a temporary
folder and each file compared with both the recorded hash and the file on disk.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import Message, _
from osms_payroll.fileio import sha256_file
from osms_payroll.law import ParameterMissing, ParamsError, load_params
from osms_payroll.run.discover import Job
from osms_payroll.run.job import RunOptions, run_month
from osms_payroll.run.lock import LOCK_NAME
from osms_payroll.run.manifest import MANIFEST_NAME, ManifestError, load

__all__ = ["Check", "ManifestError", "VerifyReport", "verify"]


@attrs.frozen
class Check:
    """One finding: ``ok`` or not, what it is about, and what was found."""

    ok: bool
    subject: str
    detail: str = ""

    def __str__(self) -> str:
        verdict = _("verify.identical") if self.ok else _("verify.different")
        return f"{verdict}  {self.subject}{': ' + self.detail if self.detail else ''}"


@attrs.frozen
class VerifyReport:
    """Every check of a manifest's folder; exit code 0 when all are ok, else 1."""

    manifest: Path
    checks: tuple[Check, ...]
    rerun: bool

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def lines(self) -> list[str]:
        """The findings, identical files first, each problem on its own line."""
        return [str(c) for c in self.checks if c.ok] + [str(c) for c in self.checks if not c.ok]


def _safe_name(folder: Path, name: str, manifest: Path) -> Path:
    path = folder / name
    if Path(name).is_absolute() or not path.resolve().is_relative_to(folder.resolve()):
        raise ManifestError(Message("manifest.outside", path=manifest, name=name))
    return path


def _on_disk(folder: Path, outputs: list[dict[str, Any]], manifest: Path) -> tuple[list[Check], dict[str, str]]:
    checks: list[Check] = []
    disk: dict[str, str] = {}
    for recorded in outputs:
        name = recorded["name"]
        path = _safe_name(folder, name, manifest)
        if not path.is_file():
            checks.append(Check(False, name, _("verify.missing")))
            continue
        disk[name] = sha256_file(path)
        if disk[name] != recorded["sha256"]:
            checks.append(Check(False, name, _("verify.edited")))
    listed = {recorded["name"] for recorded in outputs} | {MANIFEST_NAME, LOCK_NAME}
    for extra in sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in listed and not p.name.startswith(".")):
        checks.append(Check(False, extra, _("verify.unlisted")))
    return checks, disk


def _locate(recorded: Mapping[str, Any], folder: Path) -> Path | None:
    """The input at its recorded path, or where the manifest's relative path puts it."""
    path = Path(recorded["name"])
    if path.is_file():
        return path
    relative = recorded.get("relative")
    if isinstance(relative, str) and (folder / relative).is_file():
        return (folder / relative).resolve()
    return None


def _inputs(manifest: dict[str, Any], folder: Path) -> tuple[list[Check], dict[str, Path]]:
    checks: list[Check] = []
    moved: dict[str, Path] = {}
    for recorded in manifest["inputs"]:
        found = _locate(recorded, folder)
        if found is None:
            checks.append(Check(False, _("verify.input", name=recorded["name"]), _("verify.input_missing")))
            continue
        moved[recorded["name"]] = found
        if sha256_file(found) != recorded["sha256"]:
            checks.append(Check(False, _("verify.input", name=found), _("verify.input_changed")))
    return checks, moved


def _options(manifest: dict[str, Any], moved: Mapping[str, Path], path: Path) -> RunOptions:
    try:
        options = RunOptions.from_dict(manifest["options"])
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ManifestError(Message("manifest.options", path=path, reason=f"{type(exc).__name__}: {exc}")) from None

    def where(p: Path) -> Path:
        return moved.get(str(p), p)

    return attrs.evolve(
        options,
        profile=None if options.profile is None else where(options.profile),
        rules=tuple(where(rule) for rule in options.rules),
    )


def _rerun(
    manifest: dict[str, Any], options: RunOptions, moved: Mapping[str, Path], disk: Mapping[str, str]
) -> list[Check]:
    profile = moved.get(manifest["employer"]["profile"], Path(manifest["employer"]["profile"]))
    inputs = tuple(moved.get(w, Path(w)) for w in manifest["workbooks"])
    names = {path: recorded for recorded, path in zip(manifest["workbooks"], inputs, strict=True) if str(path) != recorded}
    job = Job(profile, inputs, names=names)
    try:
        params = load_params(options.rules)
    except (ParamsError, OSError) as exc:
        return [Check(False, _("verify.rule_files"), _("verify.rules_unloadable", reason=exc))]
    if params.digest != manifest["rule_set"]["digest"]:
        return [Check(False, _("verify.rule_set"), _("verify.rules_differ"))]
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="osms-verify-") as scratch:
        try:
            result = run_month(job, params, options, Path(scratch))
        except ParameterMissing as exc:
            return [Check(False, _("verify.rerun"), str(exc))]
        if result.folder is None:
            return [Check(False, _("verify.rerun"), problem) for problem in result.problems or (_("verify.rerun_nothing"),)]
        again = {p.name: sha256_file(p) for p in sorted(result.folder.iterdir()) if p.name != MANIFEST_NAME}
        for recorded in manifest["outputs"]:
            name = recorded["name"]
            if name not in again:
                checks.append(Check(False, name, _("verify.not_reproduced")))
            elif again[name] != recorded["sha256"]:
                checks.append(Check(False, name, _("verify.rerun_differs")))
            elif name in disk and disk[name] != again[name]:
                checks.append(Check(False, name, _("verify.changed_after")))
            elif name in disk:
                checks.append(Check(True, name))
        recorded_names = {d["name"] for d in manifest["outputs"]}
        checks.extend(Check(False, name, _("verify.unrecorded")) for name in sorted(set(again) - recorded_names))
    return checks


def verify(manifest_path: Path, *, rerun: bool = True) -> VerifyReport:
    """Check the folder of ``manifest_path`` against it; raises :class:`ManifestError` (exit 2) for a bad manifest.

    ``rerun=False`` only hashes outputs and inputs (no computation).
    """
    manifest_path = Path(manifest_path)
    manifest = load(manifest_path)
    folder = manifest_path.parent
    checks, disk = _on_disk(folder, manifest["outputs"], manifest_path)
    input_checks, moved = _inputs(manifest, folder)
    checks += input_checks
    options = _options(manifest, moved, manifest_path)
    ran = rerun and not input_checks
    if ran:
        checks += _rerun(manifest, options, moved, disk)
    else:
        recorded = {d["name"]: d["sha256"] for d in manifest["outputs"]}
        checks += [Check(True, name) for name, digest in disk.items() if digest == recorded[name]]
    return VerifyReport(manifest_path, tuple(checks), ran)
