"""Atomic files and folders, and file hashes: nothing half-written ever appears at a destination.

A file is streamed into a temp file beside its destination and renamed over it when complete
(:class:`AtomicFile`). A folder is staged as ``.staging-…`` beside its final place and swapped in
whole (:func:`staged_folder`): a crash leaves the previous complete folder or the new one, never
a mix.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


class HashedFile(io.RawIOBase):
    """A file being written that keeps the SHA-256 and size of its bytes as they go out: a large
    file (results.json, the XML: hundreds of MB) is then described without being read again. A
    write anywhere but at the end (a zip patching a header it wrote) drops the digest: the file is
    then read to be described."""

    def __init__(self, file: Path | io.FileIO) -> None:
        self._file = file if isinstance(file, io.FileIO) else io.FileIO(file, "w")
        self._digest: Any = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET, /) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def write(self, data: ReadableBuffer, /) -> int:
        if self._digest is not None and self._file.tell() != self.size:
            self._digest = None
        written = self._file.write(data)
        if self._digest is not None:
            self._digest.update(memoryview(data)[:written])
            self.size += written
        return written

    def close(self) -> None:
        self._file.close()
        super().close()

    def described(self) -> tuple[str, int] | None:
        """The SHA-256 and size of everything written, None when bytes were written over."""
        return None if self._digest is None else (self._digest.hexdigest(), self.size)


def open_hashed_text(path: Path) -> tuple[TextIO, HashedFile]:
    """``path`` opened for UTF-8 text (``\n`` line ends) through a 1 MB buffer (a large file is written
    in a few hundred calls, not tens of thousands), and the :class:`HashedFile` under it."""
    raw = HashedFile(path)
    return io.TextIOWrapper(io.BufferedWriter(raw, _CHUNK), encoding="utf-8", newline="\n"), raw


class AtomicFile:
    """A temp file in the destination folder, renamed over the destination by :meth:`commit`.

    The file is created (exclusively, with the usual permissions: mkstemp would make the output
    0600) and kept open for :meth:`open`: creating a file is most of what a small one costs, so it
    is opened once. A library that writes it by name takes :attr:`temp`, which closes it here first.
    """

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self._temp = self.target.with_name(f".{self.target.name}.{secrets.token_hex(4)}.tmp")
        self._created: io.FileIO | None = io.FileIO(self._temp, "x")
        self._hashed: HashedFile | None = None

    @property
    def temp(self) -> Path:
        """The temp file's path, for writing or reading it by name."""
        self._release()
        return self._temp

    def _release(self) -> None:
        if self._created is not None:
            self._created.close()
            self._created = None

    def open(self) -> BinaryIO:
        """The temp file for writing, hashed as it is written (through a 1 MB buffer)."""
        created, self._created = self._created, None
        self._hashed = HashedFile(created or self._temp)
        return io.BufferedWriter(self._hashed, _CHUNK)

    def commit(self) -> tuple[str, int]:
        """Rename into place; returns the file's sha256 and size (read only when not kept as written)."""
        self._release()
        hashed = self._hashed
        known = hashed.described() if hashed is not None and hashed.closed else None
        digest, size = known or (sha256_file(self._temp), self._temp.stat().st_size)
        os.replace(self._temp, self.target)
        return digest, size

    def discard(self) -> None:
        self._release()
        try:
            self._temp.unlink()
        except FileNotFoundError:
            pass


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
