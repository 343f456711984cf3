"""MT102 text → fields: the blocks ``{1:…}{2:…}{4:``, then ``:tag:`` fields with their ``/KEY/`` sub-fields.

Streams ``(line number, text)`` pairs from a file of any length; structural problems (missing or
malformed blocks, stray lines, a file cut off before ``-}``) go to the ``issue`` callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import attrs

from osms_payroll.remit.mt102.encoding import BOM, detect_encoding
from osms_payroll.remit.mt102.spec import BLOCK1_RE, BLOCK2_RE

_BLOCK_RE = re.compile(r"\{(\d):([^{}]*)\}")
_TAG_RE = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_SUB_RE = re.compile(r"^/([A-Z]+)/(.*)$")
_SAMPLE = 1 << 16

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


def file_lines(path: Path, encoding: str | None, issue: IssueSink) -> tuple[str, Iterator[tuple[int, str]]]:
    """The encoding used (given, or detected from the first 64 KiB) and the file's numbered lines.

    A UTF-8 BOM is skipped; LF and CRLF endings are both read.
    """
    with Path(path).open("rb") as handle:
        sample = handle.read(_SAMPLE)
    chosen = encoding or detect_encoding(sample, complete=len(sample) < _SAMPLE)

    def lines() -> Iterator[tuple[int, str]]:
        with Path(path).open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if number == 1 and raw.startswith(BOM) and chosen == "utf-8":
                    raw = raw[len(BOM):]
                try:
                    yield number, raw.decode(chosen).rstrip("\r\n")
                except UnicodeDecodeError:
                    issue(number, "mt102.encoding", f"the line is not {chosen} text; give the file's encoding")
                    yield number, raw.decode(chosen, errors="replace").rstrip("\r\n")

    return chosen, lines()


class Tokenizer:
    """One pass over the lines; :attr:`terminal` and :attr:`end_line` are known once it is exhausted."""

    def __init__(self, issue: IssueSink) -> None:
        self.issue = issue
        self.terminal: str | None = None
        self.end_line = 0

    def _block(self, number: int, block: str, content: str) -> None:
        if block == "1":
            self.terminal = content[len("F01"):][:12] or None
            if not BLOCK1_RE.match(content):
                self.issue(number, "mt102.block1", (
                    f"block {{1:{content}}} must be F01, the 12-character terminal address, a 4-digit session "
                    "and a 6-digit sequence number (29 characters with the braces)"
                ))
        elif block == "2" and not BLOCK2_RE.match(content):
            self.issue(number, "mt102.block2", f"block {{2:{content}}} must be I102SGROSS000000U3003 (or SCLEAR), 21 characters")

    def fields(self, lines: Iterable[tuple[int, str]]) -> Iterator[Field]:
        state = "blocks"
        seen_blocks: set[str] = set()
        current: Field | None = None
        last = 0
        for number, line in lines:
            last = number
            if state == "done":
                continue
            if state == "blocks":
                rest = line.strip()
                while (match := _BLOCK_RE.match(rest)) is not None:
                    seen_blocks.add(match.group(1))
                    self._block(number, match.group(1), match.group(2))
                    rest = rest[match.end():]
                if rest.startswith("{4:"):
                    for block in ("1", "2"):
                        if block not in seen_blocks:
                            self.issue(number, "mt102.block", f"block {{{block}:…}} is missing before {{4:")
                    state = "body"
                    line = rest[len("{4:"):]
                    if not line.strip():
                        continue
                elif rest:
                    self.issue(number, "mt102.block", "expected the blocks {1:…}{2:…}{4: before the fields")
                    continue
                else:
                    continue
            if line.startswith("-}"):
                if current is not None:
                    yield current
                    current = None
                state = "done"
                self.end_line = number
                continue
            tag = _TAG_RE.match(line) if line.startswith(":") else None
            if tag is not None:
                if current is not None:
                    yield current
                current = Field(number, tag.group(1), tag.group(2))
                sub = _SUB_RE.match(current.value)
                if sub is not None:
                    current.subs.append((number, sub.group(1), [sub.group(2)]))
                continue
            sub = _SUB_RE.match(line) if line.startswith("/") else None
            if current is not None and sub is not None:
                current.subs.append((number, sub.group(1), [sub.group(2)]))
            elif current is not None and current.subs and line.strip():
                current.subs[-1][2].append(line)
            elif line.strip():
                self.issue(number, "mt102.line", "a line outside any field; every line must start with :tag:, /key/ or continue a text")
        if current is not None:
            yield current
        if state != "done":
            self.end_line = last + 1
        if state == "blocks":
            self.issue(last + 1, "mt102.block", "end of file without the {4: block; this is not an MT102 file")
        elif state == "body":
            self.issue(last + 1, "mt102.unterminated", f"end of file after line {last} without '-}}': the file is cut off; write it again")
