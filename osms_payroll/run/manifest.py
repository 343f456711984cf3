"""The run manifest: what went in, with which rules and options, and what came out (hashes).

``osms-payroll verify`` hashes the outputs on disk and re-runs from a manifest, so a manifest holds
no timestamps and lists everything a re-run needs; each input also records its path relative to
the output folder, so a tree moved whole can still be verified.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from osms_payroll.fileio import sha256_file
from osms_payroll.i18n import Message

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = 1


class ManifestError(ValueError):
    """Not a readable manifest, or one missing what a check needs (exit code 2)."""


def describe_files(
    paths: Iterable[Path], base: Path | None = None, *, relative_to: Path | None = None,
    known: Mapping[Path, tuple[str, int]] | None = None,
) -> list[dict[str, Any]]:
    """Name, size and SHA-256 of each file; names relative to ``base`` when given.

    ``relative_to`` adds each file's path relative to that folder (``relative``). ``known`` gives the
    SHA-256 and size of files already hashed when they were moved into place (not read again).
    """
    described = []
    hashed = known or {}
    for path in paths:
        name = path.relative_to(base).as_posix() if base is not None else str(path)
        digest, size = hashed.get(path) or (sha256_file(path), path.stat().st_size)
        entry: dict[str, Any] = {"name": name, "bytes": size, "sha256": digest}
        if relative_to is not None:
            entry["relative"] = Path(os.path.relpath(path, relative_to)).as_posix()
        described.append(entry)
    return described


def dump(manifest: Mapping[str, Any]) -> bytes:
    """Canonical bytes: sorted keys, two-space indent, UTF-8, final newline."""
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _files(data: Mapping[str, Any], key: str, path: Path) -> None:
    entries = data.get(key)
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("sha256"), str) for e in entries
    ):
        raise ManifestError(Message("manifest.bad_list", path=path, key=key))


def load(path: Path) -> dict[str, Any]:
    """A manifest read and checked for every key :mod:`osms_payroll.run.verify` uses."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(Message("manifest.unreadable", path=path, reason=exc)) from None
    if not isinstance(data, dict) or data.get("manifest") != MANIFEST_SCHEMA:
        raise ManifestError(Message("manifest.not_ours", path=path, schema=MANIFEST_SCHEMA))
    for key in ("inputs", "outputs"):
        _files(data, key, path)
    checks = {
        "workbooks": isinstance(data.get("workbooks"), list) and all(isinstance(w, str) for w in data["workbooks"]),
        "employer.profile": isinstance(data.get("employer"), dict) and isinstance(data["employer"].get("profile"), str),
        "rule_set.digest": isinstance(data.get("rule_set"), dict) and isinstance(data["rule_set"].get("digest"), str),
        "options": isinstance(data.get("options"), dict),
    }
    missing = [key for key, ok in checks.items() if not ok]
    if missing:
        raise ManifestError(Message("manifest.missing", path=path, keys=", ".join(missing)))
    return data
