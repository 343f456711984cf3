"""Progress bars for a person at a terminal: employers, and rows with a count and time left.

Nothing when the output is piped or in CI. The bars show counts only: folder and file names of
clients may be people's names.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from types import TracebackType
from typing import NoReturn

from tqdm import tqdm

from osms_payroll.i18n import _
from osms_payroll.run.discover import Job
from osms_payroll.run.progress import estimate_rows


#: Seconds between redraws of the rows bar.
REFRESH = 0.2  # float-ok, legal-number-ok: screen refresh


def interactive() -> bool:
    """A progress bar only for a person at a terminal: not when piped, not in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class Bars:
    """Two bars on stderr: employers done of all, rows read of about how many (by :func:`estimate_rows`)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.employers: tqdm[Job] | None = None
        self.rows: tqdm[NoReturn] | None = None

    def jobs(self, jobs: list[Job]) -> Iterator[Job]:
        total = estimate_rows(path for job in jobs for path in job.inputs)
        self.rows = tqdm(total=total, desc=_("progress.rows"), unit="", file=sys.stderr, position=1, leave=True,
                         dynamic_ncols=True, mininterval=REFRESH)
        self.employers = tqdm(jobs, desc=f"{self.label} {_('progress.employers')}", unit="", file=sys.stderr, position=0,
                              leave=True, dynamic_ncols=True)
        yield from self.employers

    def row(self) -> None:
        if self.rows is not None:
            self.rows.update()

    def __enter__(self) -> Bars:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self.rows is not None and kind is None:
            if self.rows.n:
                self.rows.total = self.rows.n  # the estimate counted header and title rows too: end at 100 %
                self.rows.refresh()
            else:
                self.rows.leave = False  # a Dask cluster's workers count no rows: the employers bar said it all
        for bar in (self.employers, self.rows):
            if bar is not None:
                bar.close()
