"""One employer's month for the web: uploads in a temporary folder, ``run``'s own job, the files zipped.

The folder is removed once the response is sent (any left over on shutdown), so nothing of a
request stays on the disk. The employer folder is what ``osms-payroll run`` writes for the same
inputs, dates and options; the zip holds it under ``PERIOD/ID/`` with fixed timestamps (same
inputs, same bytes).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.run.errors_report import read_errors
from osms_payroll import run_month
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.remit.payer import ProfileError, bank_table, check_bank, load_employer, parse_employer
from osms_payroll.run.discover import INPUT_SUFFIXES, PROFILE_NAME, Job
from osms_payroll.run.job import JobResult, RunOptions
from osms_payroll.run.writers import RESULTS_NAME
from osms_payroll.web.compute import reconciliation
from osms_payroll.web.problems import Problem
from osms_payroll.i18n import _

#: Timestamp of every zip entry (the zip format's epoch): the zip's bytes depend on the files only.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Form fields of the employer profile, as ``table.key`` (the keys profile problems name).
PROFILE_FIELDS = (
    "employer.name", "employer.bin_iin", "employer.iban", "employer.bic", "employer.kod",
    "employer.head", "employer.chief_accountant", "mt102.opv_code", "mt102.encoding",
)
_UNSAFE = re.compile(r"[^\w.\- ]+")


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
        raise Problem(400, "request.invalid", _("problem.no_workbook"))
    for name in names:
        if Path(name).suffix.lower() not in INPUT_SUFFIXES:
            raise Problem(415, "input.unreadable", _("problem.not_a_workbook", name=name))


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
    """A month's run: the job's summary, the employer folder (inside the request's folder), its
    files (name, bytes) and its zip; ``summary`` is what the page shows, when it was asked for."""

    job: JobResult
    period: Period
    folder: Path
    files: tuple[tuple[str, int], ...]
    zip_path: Path
    summary: dict[str, Any] | None = None

    @property
    def zip_name(self) -> str:
        return self.zip_path.name


def write_zip(folder: Path, prefix: str, target: Path) -> None:
    """``folder``'s files under ``prefix`` with fixed timestamps, streamed from the disk."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            info = zipfile.ZipInfo(prefix + path.name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as sink:
                shutil.copyfileobj(source, sink, 1 << 20)


def warnings_once(folder: Path, lang: str) -> list[str]:
    """Every warning once, in the files' language: the errors report holds the inputs', the files'
    and each result's (``results.json`` keeps the results' in English)."""
    seen: dict[str, None] = {}
    for row in read_errors(folder / "errors.csv", lang):
        if row["level"] == "warning":
            seen.setdefault(row["message"], None)
    return list(seen)


def summarise(folder: Path, workbooks: Sequence[Path], params: Params, options: RunOptions, persons: int) -> dict[str, Any]:
    """What the page shows, from ``results.json``: totals, errors, warnings once, the first ``persons``
    results, the parameters they cite, and the reconciliation with the workbooks' own amounts."""
    document: dict[str, Any] = json.loads((folder / RESULTS_NAME).read_text(encoding="utf-8"))
    return {
        "totals": document["totals"],
        "errors": document["errors"],
        "warnings": warnings_once(folder, options.lang),
        "results": document["results"][:persons],
        "total_results": len(document["results"]),
        "parameters": document["parameters"],
        "reconciliation": reconciliation(workbooks, params, options.period, options.reuse_last_known),
    }


#: The run's output folder inside the request's folder (never an upload's name: see :func:`safe_name`).
OUT = "out"


def month_in_folder(folder: str, names: Sequence[str], params: Params, options: RunOptions, persons: int | None) -> Month:
    """Run the month with ``run``'s own job, in a worker process, from inside the request's folder.

    The outputs then name each input by its upload name (``payroll.xlsx, Ведомость!row 5``), never
    by a server path, and the same uploads give the same bytes on every request. The zip is written
    beside them; ``persons`` (the page) also summarises the month. A failed job is a 422.
    """
    os.chdir(folder)
    workbooks = [Path(name) for name in names]
    result = run_month(Job(Path(PROFILE_NAME), tuple(workbooks)), params, options, Path(OUT))
    if result.status == "failed" or result.folder is None:
        problems = [{"message": problem} for problem in result.problems]
        raise Problem(422, "run.failed", "; ".join(result.problems) or _("problem.run_failed"), problems=problems)
    employer_folder = Path(folder) / result.folder
    files = tuple((path.name, path.stat().st_size) for path in sorted(employer_folder.iterdir()))
    zip_path = Path(folder) / f"osms-{options.period}-{result.employer_id}.zip"
    write_zip(employer_folder, f"{options.period}/{result.employer_id}/", zip_path)
    summary = None if persons is None else summarise(employer_folder, workbooks, params, options, persons)
    return Month(result, options.period, employer_folder, files, zip_path, summary)


class Scratch:
    """The request folders alive now: each is removed after its response, any left on shutdown."""

    def __init__(self) -> None:
        self.live: set[Path] = set()

    def new(self) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="osms-web-"))
        self.live.add(folder)
        return folder

    def remove(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        self.live.discard(folder)

    def remove_all(self) -> None:
        for folder in list(self.live):
            self.remove(folder)


__all__ = ["PROFILE_NAME", "Month", "Scratch", "month_in_folder"]
