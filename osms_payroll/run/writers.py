"""The run's own files as writer plugins (entry-point group ``osms_payroll.writers``): ``results.json``
and the errors report, fed the same results as the remittance writers and finished with the tally.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from osms_payroll.engine.result import Result
from osms_payroll.engine.tally import Tally
from osms_payroll.fileio import open_hashed_text
from osms_payroll.issues import IssueLog
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.report.calc import ResultsJson
from osms_payroll.run.errors_report import write_errors

if TYPE_CHECKING:  # names only: importing remit here would load this plugin while it loads
    from osms_payroll.remit.files import RunWriter
    from osms_payroll.remit.requisites import RemitContext

RESULTS_NAME = "results.json"
ERRORS_STEM = "errors"


class ResultsFile:
    """``results.json``: the ``calc`` JSON contract of every result of the month."""

    def __init__(self, path: Path, params: Params) -> None:
        self.path = path
        self._handle, self._hashed = open_hashed_text(path)
        try:
            self._json = ResultsJson(self._handle, params)
        except BaseException:
            self.abort()
            raise

    def add(self, result: Result) -> None:
        self._json.add(result)

    def finish(self, tally: Tally) -> dict[Path, tuple[str, int]]:
        with self._handle:
            self._json.finish(tally)
        described = self._hashed.described()
        return {} if described is None else {self.path: described}

    def abort(self) -> None:
        self._handle.close()
        self.path.unlink(missing_ok=True)


class ErrorsReport:
    """``errors.csv`` and ``errors.xlsx``: every rejected row, warning and remittance note, located."""

    def __init__(self, folder: Path, period: Period, lang: str) -> None:
        self.folder = folder
        self.period = period
        self.lang = lang
        self.warnings = IssueLog()

    def add(self, result: Result) -> None:
        """A result's warnings are counted: each is one row with the number of persons it touches."""
        self.warnings.person(result.warnings)

    def finish(self, tally: Tally) -> None:
        write_errors(
            self.folder, ERRORS_STEM, tally.log.errors(), (*tally.log.warnings(), *tally.notes), self.period,
            lang=self.lang, counted=self.warnings.counted(), error_count=tally.log.error_count,
        )

    def abort(self) -> None:
        for suffix in (".csv", ".xlsx"):
            (self.folder / f"{ERRORS_STEM}{suffix}").unlink(missing_ok=True)


class ResultsPlugin:
    name = "results"
    rank = 40

    def open_run(self, out_dir: Path, context: RemitContext, params: Params) -> list[RunWriter]:
        return [ResultsFile(out_dir / RESULTS_NAME, params)]


class ErrorsPlugin:
    name = "errors"
    rank = 50

    def open_run(self, out_dir: Path, context: RemitContext, params: Params) -> list[RunWriter]:
        return [ErrorsReport(out_dir, context.period, context.lang)]
