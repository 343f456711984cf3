"""One employer's month for the web: uploads in a temporary folder, ``run``'s own job, files read back.

The folder is removed before the response is sent, so nothing of a request stays on the disk.
The employer folder is exactly what ``osms-payroll run`` writes for the same inputs, dates and
options; the zip holds it under ``PERIOD/ID/`` with fixed timestamps (same inputs, same bytes).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.remit.payer import ProfileError, bank_table, check_bank, load_employer, parse_employer
from osms_payroll.run.discover import INPUT_SUFFIXES, PROFILE_NAME, Job
from osms_payroll.run.job import JobResult, RunOptions, run_job
from osms_payroll.web.compute import reconciliation
from osms_payroll.web.problems import Problem

#: Timestamp of every zip entry (the zip format's epoch): the zip's bytes depend on the files only.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Form fields of the employer profile, as ``table.key`` (the keys profile problems name).
PROFILE_FIELDS = (
    "employer.name", "employer.bin_iin", "employer.iban", "employer.bic", "employer.kod",
    "employer.head", "employer.chief_accountant", "mt102.opv_code", "mt102.encoding",
)
_UNSAFE = re.compile(r"[^\w.\- ]+")


@contextmanager
def scratch() -> Iterator[Path]:
    """A private temporary folder, removed however the request ends."""
    folder = Path(tempfile.mkdtemp(prefix="osms-web-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def safe_name(name: str, taken: set[str]) -> str:
    """The upload's own file name without folders or odd characters, unique within the request."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .") or "upload"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem}-{number}.{suffix}" if dot else f"{base}-{number}"
    taken.add(candidate.lower())
    return candidate


def check_workbook_names(names: Sequence[str]) -> None:
    if not names:
        raise Problem(400, "request.invalid", "no workbook was uploaded: send one or more files in the field 'files'")
    for name in names:
        if Path(name).suffix.lower() not in INPUT_SUFFIXES:
            raise Problem(415, "input.unreadable", f"{name}: not a payroll workbook; send .xlsx, .xlsm, .xls, .ods or .csv")


def profile_problem(exc: ProfileError) -> Problem:
    """A 422 naming each key (``employer.iban``) with the CLI's message; no server path in it."""
    problems = [{"key": problem.key, "message": problem.message} for problem in exc.problems]
    return Problem(422, "employer.invalid", "; ".join(map(str, exc.problems)), problems=problems)


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes; non-ASCII kept as is).
    return json.dumps(value, ensure_ascii=False)


def profile_from_form(fields: Mapping[str, str], params: Params, paid: Period) -> str:
    """The employer profile (TOML text) from the form; every problem is a 422 naming its field.

    The same checks and messages as a profile file (:func:`parse_employer`, :func:`check_bank`).
    """
    document: dict[str, Any] = {"schema": 1, "employer": {}, "mt102": {}}
    for key in PROFILE_FIELDS:
        table, name = key.split(".")
        value = " ".join(fields.get(key, "").split())
        if value:
            document[table][name] = value
    try:
        employer = parse_employer(document, "employer form")
        check_bank(employer, bank_table(params, paid), "employer form")
    except ProfileError as exc:
        raise profile_problem(exc) from None
    lines = ["schema = 1"]
    for table in ("employer", "mt102"):
        lines.append(f"\n[{table}]")
        lines += [f"{name} = {_toml_string(value)}" for name, value in document[table].items()]
    return "\n".join(lines) + "\n"


def check_profile_file(path: Path, params: Params, paid: Period, name: str) -> None:
    try:
        load_employer(path, params=params, period=paid)
    except ProfileError as exc:
        raise profile_problem(ProfileError(name, list(exc.problems))) from None


@attrs.frozen
class Month:
    """What a month's run gave: the job's summary and the employer folder's files (bytes by name)."""

    job: JobResult
    period: Period
    files: dict[str, bytes]
    reconciliation: list[dict[str, Any]] | None = None

    @property
    def prefix(self) -> str:
        return f"{self.period}/{self.job.employer_id}/"

    def document(self) -> dict[str, Any]:
        """``results.json``: the calc contract of the month."""
        parsed: dict[str, Any] = json.loads(self.files["results.json"])
        return parsed

    def warnings(self) -> list[str]:
        """Every warning once: the inputs', the files' and each result's, in first-seen order."""
        seen: dict[str, None] = {}
        text = self.files.get("errors.csv", b"").decode("utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            if row["level"] == "warning":
                seen.setdefault(row["message"], None)
        for result in self.document()["results"]:
            for warning in result["warnings"]:
                seen.setdefault(warning, None)
        return list(seen)

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(self.prefix + name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.files[name])
        return buffer.getvalue()


#: The run's output folder inside the request's folder (never an upload's name: see :func:`safe_name`).
OUT = "out"


def run_uploaded(
    workbooks: Sequence[Path], employer: Path, params: Params, options: RunOptions, *, reconcile: bool = False
) -> Month:
    """Run the month with ``run``'s job into :data:`OUT` and read the employer folder back; a failed job is a 422.

    ``reconcile`` also compares the workbooks' own ООСМС/ВОСМС columns with ours (the page shows it).
    """
    result = run_job(Job(employer, tuple(workbooks)), params, options, Path(OUT))
    if result.status == "failed" or result.folder is None:
        problems = [{"message": problem} for problem in result.problems]
        raise Problem(422, "run.failed", "; ".join(result.problems) or "the month could not be computed", problems=problems)
    files = {path.name: path.read_bytes() for path in sorted(result.folder.iterdir()) if path.is_file()}
    differences = reconciliation(workbooks, params, options.period, options.reuse_last_known) if reconcile else None
    return Month(result, options.period, files, differences)


def month_in_folder(folder: str, workbooks: Sequence[str], params: Params, options: RunOptions, reconcile: bool) -> Month:
    """In a worker process, from inside the request's folder: the outputs then name each input by its
    upload name (``payroll.xlsx, Ведомость!row 5``), never by a server path, and the same uploads
    give the same bytes on every request."""
    os.chdir(folder)
    return run_uploaded([Path(name) for name in workbooks], Path(PROFILE_NAME), params, options, reconcile=reconcile)


__all__ = ["PROFILE_NAME", "Month", "month_in_folder", "scratch"]
