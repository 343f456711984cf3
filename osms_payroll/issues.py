"""Where an input problem sits and what it is: the one vocabulary every layer reports in.

:class:`Location` and :class:`Issue` locate a problem for a person to fix; :class:`IssueLog` is the
one log they are reported into while streaming, with memory flat.
"""

from __future__ import annotations

import io
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

import attrs

from osms_payroll.i18n import Message, _

@attrs.frozen
class Location:
    """Where an input row sits: file, sheet (workbooks only) and 1-based row number.

    ``str()`` is the stable English form results keep (``file, row 5``); :meth:`text` is for people.

    ``row`` is None for a problem with the whole file or sheet.
    """

    file: str
    row: int | None
    sheet: str | None = None

    def __str__(self) -> str:
        where = self.file if self.sheet is None else f"{self.file}, {self.sheet}!"
        if self.row is None:
            return where.rstrip("!")
        return f"{where}row {self.row}" if self.sheet else f"{where}, row {self.row}"

    def text(self) -> str:
        """The location for a person, in the user's language (``str()`` is the stable form results keep)."""
        where = self.file if self.sheet is None else f"{self.file}, {self.sheet}"
        return where if self.row is None else _("where.row", file=where, row=self.row)


@attrs.frozen(cache_hash=True)  # a key of the log's warnings, looked up for every person
class Issue:
    """A problem with an input, located well enough for a person to fix it.

    ``cell`` is the spreadsheet cell (``C14``) when the reader knows it.
    """

    code: str
    message: str
    location: Location | None = None
    column: str | None = None
    cell: str | None = None

    @property
    def where(self) -> str:
        if self.location is None:
            return _("where.input")
        if self.cell is not None:
            sheet = f"{self.location.sheet}!" if self.location.sheet else ""
            return f"{self.location.file}, {sheet}{self.cell}"
        where = self.location.text()
        return _("where.column", where=where, column=self.column) if self.column else where

    def to_dict(self) -> dict[str, str | int | None]:
        loc = self.location
        return {
            "file": loc.file if loc else None,
            "sheet": loc.sheet if loc else None,
            "row": loc.row if loc else None,
            "column": self.column,
            "cell": self.cell,
            "code": self.code,
            "message": self.message,
        }


#: Problems of one kind kept in memory; past this, errors are spilled to disk and warnings counted.
PROBLEMS_KEPT = 100
#: The code of a result's warning (results carry their warnings as text, not located).
RESULT_WARNING = "result.warning"
#: Lists of results' warnings remembered by a writer (:meth:`IssueLog.person`, results.json): memory stays bounded.
LISTS_KEPT = 1024
#: The code of a problem with a whole output file (a writer's: it is not written).
FILE_PROBLEM = "file.problem"


class IssueLog:
    """The one log every layer reports problems into while streaming, with memory flat.

    **Errors** (a rejected row, a file that cannot be written) are all kept: the first ``keep`` in
    memory, the rest spilled to a temporary file that :meth:`errors` streams back, so the errors
    report lists every one even at a million rows. **Warnings** are collapsed once per cause (equal
    issues are one), each with the number of persons it touches; past ``keep`` of one code they are
    only counted, and :meth:`warnings` ends with a line per code saying how many more there were.
    """

    def __init__(self, initial: Iterable[str] = (), *, keep: int = PROBLEMS_KEPT, file: str | None = None) -> None:
        """``initial`` are warnings about the run itself (text, as results give theirs): 0 persons.
        ``file`` is where a problem sits that names no row (a writer's own file, see :meth:`fail`)."""
        self.keep = keep
        self.file = file
        self.error_count = 0
        self._errors: list[Issue] = []
        self._spill: IO[bytes] | None = None
        self._warnings: dict[Issue, int] = {}
        self._seen: dict[str, int] = {}
        #: The kept warning of each text a result gave: most persons share a few, found by identity.
        self._texts: dict[str, Issue] = {}
        #: The kept warnings of each list of texts a result gave (persons share a handful of lists),
        #: and how many results gave it again: a list is counted once per result, its warnings when read.
        self._lists: dict[tuple[str, ...], tuple[Issue, ...]] = {}
        self._repeats: dict[tuple[str, ...], int] = {}
        for text in initial:
            self.warn(Issue(RESULT_WARNING, text))

    def error(self, issue: Issue) -> None:
        self.error_count += 1
        if len(self._errors) < self.keep:
            self._errors.append(issue)
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile(prefix="osms-issues-")
        self._spill.seek(0, io.SEEK_END)
        pickle.dump(issue, self._spill)  # pickled, not JSON: a catalog Message keeps its code for the report

    def fail(self, message: str, code: str = FILE_PROBLEM) -> None:
        """An error with the log's ``file`` as a whole (a file that cannot be written as asked)."""
        self.error(Issue(code, message, None if self.file is None else Location(self.file, None)))

    def errors(self) -> Iterator[Issue]:
        """Every error, in the order reported (the spilled ones read back one by one)."""
        yield from self._errors
        spill = self._spill
        if spill is None:
            return
        position, end = 0, spill.seek(0, io.SEEK_END)
        while position < end:
            spill.seek(position)
            issue = pickle.load(spill)
            position = spill.tell()
            yield issue

    def warn(self, issue: Issue, persons: int = 0) -> None:
        """A warning; ``persons`` it touches are added to an equal one already kept."""
        if issue in self._warnings:
            self._warnings[issue] += persons
            return
        seen = self._seen[issue.code] = self._seen.get(issue.code, 0) + 1
        if seen <= self.keep:
            self._warnings[issue] = persons

    def person(self, warnings: Iterable[str]) -> None:
        """The warnings of one result (a warning said twice for one person counts the person once)."""
        if type(warnings) is tuple and warnings in self._lists:
            self._repeats[warnings] = self._repeats.get(warnings, 0) + 1
            return
        issues: list[Issue] = []
        complete = True
        for text in dict.fromkeys(warnings):
            issue = self._texts.get(text)
            if issue is not None:
                self._warnings[issue] += 1
                issues.append(issue)
                continue
            issue = Issue(RESULT_WARNING, text)
            self.warn(issue, 1)
            if issue in self._warnings:  # only kept warnings are remembered: memory stays bounded
                self._texts[text] = issue
                issues.append(issue)
            else:
                complete = False
        # A list whose every warning is kept is counted as a list next time; a warning not kept
        # must be counted among the "more" each time it is said.
        if complete and type(warnings) is tuple and len(self._lists) < LISTS_KEPT:
            self._lists[warnings] = tuple(issues)

    def __bool__(self) -> bool:
        """True once an error is reported (warnings never make a log fail)."""
        return self.error_count > 0

    def close(self) -> None:
        """Remove the spilled errors (they are removed with the process too)."""
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def __enter__(self) -> IssueLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def more(self) -> int:
        """Warnings counted but not kept."""
        return sum(max(0, seen - self.keep) for seen in self._seen.values())

    def counted(self) -> list[tuple[Issue, int]]:
        """The kept warnings with the persons each touches (0 for a warning about the run), first-seen order."""
        counts = dict(self._warnings)
        for warnings, repeats in self._repeats.items():
            for kept in self._lists[warnings]:
                counts[kept] += repeats
        return list(counts.items())

    def warnings(self) -> list[Issue]:
        """The kept warnings, then one per code that had more than were kept."""
        more = [
            Issue(code, _("issues.more", count=seen - self.keep, total=seen))
            for code, seen in self._seen.items()
            if seen > self.keep
        ]
        return [*self._warnings, *more]

    def problem_lines(self) -> list[str]:
        """The errors for a terminal, one line each (``where: what``), the first ``keep`` in full."""
        hidden = self.error_count - len(self._errors)
        lines: list[str] = [Message("problem.line", where=issue.where, message=issue.message) for issue in self._errors]
        return lines + ([_("problems.more", count=hidden)] if hidden else [])

    def warning_lines(self) -> list[str]:
        """The kept warnings' texts, and how many more there were."""
        more = self.more
        return [issue.message for issue in self._warnings] + ([_("warnings.more", count=more)] if more else [])
