"""MT102 text → blocks ``{1:…}{2:…}{4:`` and ``:tag:`` fields with their ``/KEY/`` sub-fields.

A file of any length is read in chunks of whole lines (:func:`file_chunks`); lines are decoded
(:func:`chunk_lines`) and fed to :class:`Tokenizer` one at a time, told apart by their first
characters with str methods. Structural problems (missing or malformed blocks, stray lines, a
file cut off before ``-}``) go to the ``issue`` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from osms_payroll.i18n import Message
from osms_payroll.remit.mt102.encoding import BOM, detect_encoding
from osms_payroll.remit.mt102.spec import BLOCK1_RE, BLOCK2_RE

_SAMPLE = 1 << 16
#: Bytes read at a time; a chunk ends at its last line break.
CHUNK = 1 << 20
_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

IssueSink = Callable[[int, str, str], None]


@attrs.define
class Field:
    """``:tag:value`` and the sub-fields after it: ``(line, KEY, [value, continuation lines…])``."""

    line: int
    tag: str
    value: str
    subs: list[tuple[int, str, list[str]]] = attrs.Factory(list)

    def sub(self, key: str) -> tuple[int, str] | None:
        for line, name, values in self.subs:
            if name == key:
                return line, values[0]
        return None


def file_chunks(path: Path, encoding: str | None) -> tuple[str, Iterator[tuple[int, bytes]]]:
    """The encoding used (given, or detected from the first 64 KiB) and the file's bytes in chunks of
    whole lines, each with the number of its first line. A UTF-8 BOM is dropped; the last line may
    lack its line break."""
    with Path(path).open("rb") as handle:
        sample = handle.read(_SAMPLE)
    chosen = encoding or detect_encoding(sample, complete=len(sample) < _SAMPLE)

    def chunks() -> Iterator[tuple[int, bytes]]:
        number, carry = 1, b""
        with Path(path).open("rb") as handle:
            while block := handle.read(CHUNK):
                data = carry + block
                if number == 1 and not carry and chosen == "utf-8" and data.startswith(BOM):
                    data = data[len(BOM):]
                cut = data.rfind(b"\n") + 1
                data, carry = data[:cut], data[cut:]
                if data:
                    yield number, data
                    number += data.count(b"\n")
        if carry:
            yield number, carry

    return chosen, chunks()


def chunk_lines(first: int, data: bytes, encoding: str, issue: IssueSink) -> Iterator[tuple[int, str]]:
    """The numbered lines of ``data`` one by one; a line not in ``encoding`` is an issue (and read with
    replacement characters)."""
    lines = data.split(b"\n")
    if not lines[-1]:
        lines.pop()  # the empty tail after the last line break
    for number, raw in enumerate(lines, start=first):
        try:
            yield number, raw.decode(encoding).rstrip("\r\n")
        except UnicodeDecodeError:
            issue(number, "mt102.encoding", Message("mt102.encoding", encoding=encoding))
            yield number, raw.decode(encoding, errors="replace").rstrip("\r\n")


def _block(text: str) -> tuple[str, str, str] | None:
    """``{N:content}`` at the start of ``text``: (N, content, the rest), or None."""
    if len(text) >= 3 and text[0] == "{" and text[1] in _DIGITS and text[2] == ":":
        close = text.find("}", 3)
        if close >= 0 and "{" not in text[3:close]:
            return text[1], text[3:close], text[close + 1:]
    return None


def _tag(line: str) -> tuple[str, str] | None:
    """``:NN:`` or ``:NNA:`` at the start of ``line``: (tag, value), or None."""
    if line[:1] != ":" or line[1:2] not in _DIGITS or line[2:3] not in _DIGITS or len(line) < 4:
        return None
    if line[3] == ":":
        return line[1:3], line[4:]
    if line[3] in _UPPER and line[4:5] == ":":
        return line[1:4], line[5:]
    return None


def sub_field(text: str) -> tuple[str, str] | None:
    """``/KEY/value`` (KEY of capital Latin letters): (KEY, value), or None."""
    if text[:1] != "/":
        return None
    end = text.find("/", 1)
    key = text[1:end]
    if end > 1 and key.isascii() and key.isalpha() and key.isupper():
        return key, text[end + 1:]
    return None


class Tokenizer:
    """Lines in, fields out; :attr:`terminal` and :attr:`end_line` are known after :meth:`finish`."""

    def __init__(self, issue: IssueSink) -> None:
        self.issue = issue
        self.terminal: str | None = None
        self.end_line = 0
        self.state = "blocks"
        self._seen_blocks: set[str] = set()
        self._current: Field | None = None

    @property
    def in_body(self) -> bool:
        """Between ``{4:`` and ``-}``: where person records are."""
        return self.state == "body"

    def _block(self, number: int, block: str, content: str) -> None:
        if block == "1":
            self.terminal = content[len("F01"):][:12] or None
            if not BLOCK1_RE.match(content):
                self.issue(number, "mt102.block1", Message("mt102.block1", content=content))
        elif block == "2" and not BLOCK2_RE.match(content):
            self.issue(number, "mt102.block2", Message("mt102.block2", content=content))

    def _blocks(self, number: int, line: str) -> str | None:
        """The blocks on a line before ``{4:``; what follows ``{4:`` on it, or None."""
        rest = line.strip()
        while (found := _block(rest)) is not None:
            self._seen_blocks.add(found[0])
            self._block(number, found[0], found[1])
            rest = found[2]
        if rest.startswith("{4:"):
            for block in ("1", "2"):
                if block not in self._seen_blocks:
                    self.issue(number, "mt102.block", Message("mt102.block.missing", block=block))
            self.state = "body"
            return rest[len("{4:"):]
        if rest:
            self.issue(number, "mt102.block", Message("mt102.block.expected"))
        return None

    def flush(self) -> Field | None:
        """The field being read, ended here (the next line starts a new one)."""
        current, self._current = self._current, None
        return current

    def feed(self, number: int, line: str) -> Field | None:
        """Take one line; returns the field it ends, if any."""
        if self.state == "done":
            return None
        if self.state == "blocks":
            after = self._blocks(number, line)
            if after is None or not after.strip():
                return None
            line = after
        if line.startswith("-}"):
            self.state = "done"
            self.end_line = number
            return self.flush()
        current = self._current
        tag = _tag(line)
        if tag is not None:
            field = self._current = Field(number, *tag)
            sub = sub_field(field.value)
            if sub is not None:
                field.subs.append((number, sub[0], [sub[1]]))
            return current
        sub = sub_field(line)
        if current is not None and sub is not None:
            current.subs.append((number, sub[0], [sub[1]]))
        elif current is not None and current.subs and line.strip():
            current.subs[-1][2].append(line)
        elif line.strip():
            self.issue(number, "mt102.line", Message("mt102.line"))
        return None

    def finish(self, last: int) -> None:
        """End of file after line ``last`` (the open field :meth:`flush` ed first): a file cut short."""
        if self.state != "done":
            self.end_line = last + 1
        if self.state == "blocks":
            self.issue(last + 1, "mt102.block", Message("mt102.block.none"))
        elif self.state == "body":
            self.issue(last + 1, "mt102.unterminated", Message("mt102.unterminated", line=last))
