"""Atomic folders: an employer's folder is staged beside its final place and swapped in whole.

A crash leaves either the previous complete folder or the new complete one, never a mix: the new
folder is built as ``.staging-…`` next to the target, and only a finished folder is renamed into
place; the old one is moved aside first and deleted after.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"


def _sibling(target: Path, prefix: str) -> Path:
    # mkdir (not mkdtemp) so the folder gets the user's usual permissions, not 0700.
    path = target.with_name(f"{prefix}{target.name}-{secrets.token_hex(4)}")
    path.mkdir()
    return path


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``target``, on error it vanishes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _sibling(target, STAGING_PREFIX)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = None
    if target.exists():
        retired = _sibling(target, RETIRED_PREFIX)
        os.rename(target, retired / target.name)
    os.rename(staging, target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def sweep_leftovers(folder: Path) -> None:
    """Remove staging/retired folders a killed earlier run left behind."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)):
            shutil.rmtree(entry, ignore_errors=True)
