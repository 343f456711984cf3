"""One run at a time per output folder: a lock file holding the writer's pid.

A second run into the same ``--out`` would sweep the first one's staging folders away; it is
refused instead (:class:`Busy`, exit 2). A lock left by a run that died (its pid is gone) is taken
over with a warning.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from osms_payroll.i18n import Message, _

LOCK_NAME = ".osms-payroll.lock"


class Busy(Exception):
    """Another live run holds the folder's lock."""


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True


def _holder(lock: Path) -> int | None:
    try:
        text = lock.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _create(lock: Path) -> bool:
    try:
        descriptor = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(f"{os.getpid()}\n")
    return True


@contextmanager
def locked(folder: Path, warnings: list[str]) -> Iterator[Path]:
    """Hold ``folder``'s lock for the block; a stale lock taken over adds a line to ``warnings``."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    if not _create(lock):
        pid = _holder(lock)
        if pid is not None and _alive(pid):
            raise Busy(_("lock.busy", folder=folder, pid=pid))
        lock.unlink(missing_ok=True)
        if not _create(lock):
            raise Busy(_("lock.just_started", folder=folder))
        warnings.append(Message("lock.taken_over", pid=pid if pid is not None else "?"))
    try:
        yield lock
    finally:
        if _holder(lock) == os.getpid():
            lock.unlink(missing_ok=True)
