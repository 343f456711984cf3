"""The run manifest: what went in, with which rules and options, and what came out (hashes).

``osms-payroll verify`` re-runs from a manifest and compares output hashes, so a manifest holds
no timestamps and lists everything a re-run needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from osms_payroll.fileio import sha256_file

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = 1


def describe_files(paths: Iterable[Path], base: Path | None = None) -> list[dict[str, Any]]:
    """Name, size and SHA-256 of each file; names relative to ``base`` when given."""
    described = []
    for path in paths:
        name = path.relative_to(base).as_posix() if base is not None else str(path)
        described.append({"name": name, "bytes": path.stat().st_size, "sha256": sha256_file(path)})
    return described


def dump(manifest: Mapping[str, Any]) -> bytes:
    """Canonical bytes: sorted keys, two-space indent, UTF-8, final newline."""
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable manifest ({exc})") from None
    if not isinstance(data, dict) or data.get("manifest") != MANIFEST_SCHEMA:
        raise ValueError(f"{path}: not an osms-payroll manifest of schema {MANIFEST_SCHEMA}")
    return data
