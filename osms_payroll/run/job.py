"""One employer's month: read its workbooks, compute, write every file in one pass, publish the folder.

Results flow once through the core and out to every writer plugin (MT102 per KNP, XML, register
via :class:`~osms_payroll.remit.pipeline.Remittance`; ``results.json`` and the errors report,
finished with the tally); the manifest follows. Everything is written into a staging folder that replaces the employer's
folder only when complete, so a failure leaves the previous run's folder as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import Message, said, using
from osms_payroll.version import __version__
from osms_payroll.intake.batch import compute, payment_kinds
from osms_payroll.remit.payer import Employer, ProfileError, bank_table, check_bank, load_employer
from osms_payroll.issues import Issue, IssueLog
from osms_payroll.engine.deadlines import Deadline, due_date
from osms_payroll.engine.osms import Calculator
from osms_payroll.engine.workdays import kazakh_calendar
from osms_payroll.ids import bin as bin_id
from osms_payroll.ids import iin as iin_id
from osms_payroll.ids import mask
from osms_payroll.law import ParameterMissing, Params
from osms_payroll.money import format_amount
from osms_payroll.period import Period
from osms_payroll.engine.tally import Tally, fan_out
from osms_payroll.remit.files import RemitError, RunWriter, run_plugins
from osms_payroll.remit.mt102.screen import BankScreen
from osms_payroll.remit.parallel import WORTH, warm_up
from osms_payroll.remit.pipeline import FORMATS, Remittance, RemitOptions
from osms_payroll.run.discover import Job, find_inputs, plan_jobs
from osms_payroll.run.executor import Executor, LocalExecutor, count_row, default_jobs, sized_pool
from osms_payroll.run.lock import locked
from osms_payroll.run.manifest import MANIFEST_NAME, MANIFEST_SCHEMA, describe_files, dump
from osms_payroll.fileio import staged_folder, sweep_leftovers
from osms_payroll.gcpace import collecting_less
from osms_payroll.intake import InputError, duplicates, open_rows
from osms_payroll.intake.rows import RowSource, SourceRow
from osms_payroll.engine.group import Rejection
from osms_payroll.engine.result import Result



@attrs.frozen
class RunOptions:
    """Everything that shapes the outputs besides the inputs: recorded in the manifest for ``verify``."""

    period: Period
    value_date: date
    doc_date: date
    number: str = "1"
    lang: str = "ru"
    formats: tuple[str, ...] = FORMATS
    reuse_last_known: bool = False
    sheet: str | None = None
    profile: Path | None = None
    rules: tuple[Path, ...] = ()
    #: False when ``lang`` is only the default: an employer profile's ``lang`` then wins (the
    #: manifest records the language used, so a re-run for ``verify`` gives it).
    lang_given: bool = True

    def remit_options(self) -> RemitOptions:
        return RemitOptions(self.value_date, self.doc_date, self.number, self.lang, self.formats, self.reuse_last_known)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": str(self.period),
            "value_date": self.value_date.isoformat(),
            "doc_date": self.doc_date.isoformat(),
            "number": self.number,
            "lang": self.lang,
            "formats": list(self.formats),
            "reuse_last_known": self.reuse_last_known,
            "sheet": self.sheet,
            "profile": None if self.profile is None else str(self.profile),
            "rules": [str(path) for path in self.rules],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunOptions:
        return cls(
            period=Period.parse(data["period"]),
            value_date=date.fromisoformat(data["value_date"]),
            doc_date=date.fromisoformat(data["doc_date"]),
            number=data["number"],
            lang=data["lang"],
            formats=tuple(data["formats"]),
            reuse_last_known=data["reuse_last_known"],
            sheet=data["sheet"],
            profile=None if data["profile"] is None else Path(data["profile"]),
            rules=tuple(Path(p) for p in data["rules"]),
        )


def display_id(number: str) -> str:
    """A БИН is a company's public number; an ИП's ИИН is personal data, so it is masked."""
    return number if bin_id.is_valid(number) else mask(number)


def display_path(folder: Path) -> str:
    """A folder as printed: a part named by an ИП's ИИН (the employer folder) is masked."""
    return str(Path(*(mask(part) if iin_id.is_valid(part) and not bin_id.is_valid(part) else part for part in folder.parts)))


@attrs.frozen
class JobResult:
    """How one employer's month went; ``status`` is ``written``, ``checked`` (dry run) or ``failed``."""

    employer_file: Path
    employer_id: str | None
    status: str
    folder: Path | None = None
    persons: int = 0
    amounts: Mapping[str, Decimal] = attrs.field(factory=dict)
    rejected_rows: int = 0
    warnings: int = 0
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status != "failed" and not self.rejected_rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "employer": None if self.employer_id is None else display_id(self.employer_id),
            "status": self.status,
            "folder": None if self.folder is None else display_path(self.folder),
            "persons": self.persons,
            **{kind: format_amount(amount) for kind, amount in self.amounts.items()},
            "rejected_rows": self.rejected_rows,
            "warnings": self.warnings,
            "problems": list(self.problems),
        }


def employer_folder(out: Path, period: Period, employer: Employer) -> Path:
    return out / str(period) / employer.bin_iin


def _open_all(job: Job, options: RunOptions) -> list[RowSource]:
    return [
        open_rows(path, sheet=options.sheet, profile=options.profile, period=options.period, name=job.names.get(path))
        for path in job.inputs
    ]


def _manifest(
    job: Job, employer: Employer, params: Params, options: RunOptions, folder: Path, tally: Tally,
    known: Mapping[Path, tuple[str, int]],
) -> dict[str, Any]:
    """The month's manifest; ``known`` holds the SHA-256 and size of the outputs hashed as they were
    written (the others are read)."""
    outputs = sorted(p for p in folder.iterdir() if p.name != MANIFEST_NAME)
    inputs = [*job.inputs, job.employer_file, *options.rules, *([options.profile] if options.profile else [])]
    return {
        "manifest": MANIFEST_SCHEMA,
        "sdk_version": __version__,
        "rule_set": {"name": params.name, "digest": params.digest, "valid_through": str(params.valid_through)},
        "employer": {"id": employer.bin_iin, "name": employer.name, "profile": str(job.employer_file)},
        "inputs": describe_files(inputs, relative_to=folder),
        "workbooks": [str(path) for path in job.inputs],
        "options": options.to_dict(),
        "outputs": describe_files(outputs, base=folder, known=known),
        "counts": {
            "persons": tally.totals.persons,
            "rejected_rows": tally.totals.rejected_rows,
            "errors": tally.log.error_count,
            "warnings": len(tally.log.warnings()) + len(tally.notes),
        },
        "totals": {kind: format_amount(amount) for kind, amount in tally.totals.amounts.items()},
    }


def _counted(rows: Iterator[SourceRow], on_row: Callable[[], None]) -> Iterator[SourceRow]:
    for row in rows:
        on_row()
        yield row


def _no_progress() -> None:
    """No progress to show (a script, a pipe)."""


def run_month(
    job: Job, params: Params, options: RunOptions, out: Path, *, dry_run: bool = False,
    on_row: Callable[[], None] = _no_progress, processes: int | None = None,
) -> JobResult:
    """Compute and publish one employer's month; every failure is caught and reported, never raised.

    ``on_row`` is called for every input row read (a progress bar over rows). The month speaks
    ``options.lang``, or the employer profile's ``lang`` when the language was not given.
    ``processes`` may write its files (default: one per core; always one for inputs under
    :data:`~osms_payroll.remit.parallel.WORTH` bytes) — the files are the same bytes however many.
    """
    processes = (processes or default_jobs()) if sum(_size(path) for path in job.inputs) >= WORTH else 1
    try:  # read once: its language is needed before anything is said, its bank is checked in _run_month
        profile: Employer | ProfileError = load_employer(job.employer_file)
    except ProfileError as exc:
        profile = exc  # reported below, in the language in force
    chosen = None if isinstance(profile, ProfileError) or options.lang_given else profile.lang
    if chosen is not None and chosen != options.lang:
        options = attrs.evolve(options, lang=chosen, lang_given=True)
    with using(options.lang), collecting_less():
        return _run_month(job, profile, params, options, out, dry_run=dry_run, on_row=on_row, processes=processes)


def _run_month(
    job: Job, profile: Employer | ProfileError, params: Params, options: RunOptions, out: Path, *, dry_run: bool,
    on_row: Callable[[], None], processes: int,
) -> JobResult:
    try:
        if isinstance(profile, ProfileError):
            raise profile
        employer = profile
        check_bank(employer, bank_table(params, Period.of(options.value_date)), str(job.employer_file))
    except ProfileError as exc:
        return JobResult(job.employer_file, None, "failed", problems=(exc.message,))
    folder = employer_folder(out, options.period, employer)
    calculator = Calculator(params, reuse_last_known=options.reuse_last_known)
    log = IssueLog()
    for note in job.notes:
        log.warn(note)
    screen = BankScreen(employer.mt102, log) if "mt102" in options.formats else None
    if not dry_run:
        warm_up(options.formats, processes)
    try:
        sources = _open_all(job, options)
        rows = _counted(duplicates.stream(sources, log), on_row)
        stream = compute(rows, calculator, default_period=options.period, only_period=options.period, screen=screen)
        if dry_run:
            tally = Tally(fan_out(stream, [], log, payment_kinds(calculator)), log)
        else:
            with staged_folder(folder) as staging:
                tally = _write(job, employer, params, options, staging, stream, log, payment_kinds(calculator), processes)
    except (InputError, ParameterMissing, RemitError, ProfileError, OSError) as exc:
        problems = exc.problems if isinstance(exc, RemitError) else (said(exc),)
        return JobResult(job.employer_file, employer.bin_iin, "failed", problems=tuple(problems))
    except Exception as exc:  # one employer's failure must not stop the others
        return JobResult(job.employer_file, employer.bin_iin, "failed", problems=(_internal(exc),))
    finally:
        log.close()
    totals = tally.totals
    return JobResult(
        job.employer_file,
        employer.bin_iin,
        "checked" if dry_run else "written",
        None if dry_run else folder,
        totals.persons,
        dict(totals.amounts),
        totals.rejected_rows,
        len(tally.log.warnings()) + len(tally.notes),
    )


def _write(
    job: Job,
    employer: Employer,
    params: Params,
    options: RunOptions,
    staging: Path,
    stream: Iterable[Result | Rejection],
    log: IssueLog,
    kinds: Sequence[str],
    processes: int,
) -> Tally:
    """Every file of the month into ``staging``, in one pass over ``stream``; the month's tally."""
    remittance = Remittance(
        employer, options.period, staging, options.remit_options(), params=params, processes=processes, staged=True,
    )
    own: list[RunWriter] = []
    try:
        for plugin in run_plugins().values():
            own.extend(plugin.open_run(staging, remittance.context, params))
        totals = fan_out(stream, [remittance, *own], log, kinds)
    except BaseException:
        remittance.abort()
        for writer in own:
            writer.abort()
        raise
    try:
        written = remittance.close()
    except BaseException:
        for writer in own:
            writer.abort()
        raise
    notes = dict.fromkeys((*remittance.warnings, *(w for f in written for w in f.warnings), *remittance.notes))
    tally = Tally(totals, log, tuple(Issue("remit.warning", note) for note in notes))
    known = {file.path: (file.sha256, file.size) for file in written}
    for writer in own:
        known.update(writer.finish(tally) or {})
    (staging / MANIFEST_NAME).write_bytes(dump(_manifest(job, employer, params, options, staging, tally, known)))
    return tally


def _crashed(job: Job, exc: BaseException) -> JobResult:
    """An employer whose task never came back (its worker died): failed alone, its folder untouched."""
    return JobResult(job.employer_file, None, "failed", problems=(_internal(exc),))


def _size(path: Path) -> int:
    """An input's size to size the pool by; one that vanished fails in its own employer's task, not here."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _internal(exc: BaseException) -> Message:
    return Message("run.internal_error", reason=f"{type(exc).__name__}: {exc}")


@attrs.frozen
class RunReport:
    """How a run of many employers went: each employer's month, the workbooks skipped (no profile…),
    the other files of the folders (not read), and notes on the run itself (a stale lock taken over)."""

    results: tuple[JobResult, ...]
    skipped: tuple[Issue, ...]
    ignored: tuple[Issue, ...] = ()
    notes: tuple[str, ...] = ()
    #: The month's due date (None past the deadline data).
    deadline: Deadline | None = None

    @property
    def exit_code(self) -> int:
        """0: everything written; 1: some rows, workbooks or employers rejected, the rest written."""
        return 0 if not self.skipped and all(r.ok for r in self.results) else 1


def run_months(
    inputs: Iterable[Path], out: Path, options: RunOptions, *, params: Params, employer_file: Path | None = None,
    dry_run: bool = False, progress: Callable[[list[Job]], Iterable[Job]] = iter, executor: Executor | None = None,
    on_row: Callable[[], None] = _no_progress,
) -> RunReport:
    """:func:`run_month` for every employer found in ``inputs`` (workbooks or folders), into ``out``.

    Each workbook's employer is ``employer_file`` or the ``employer.toml`` beside it. ``progress``
    wraps the list of jobs (a progress bar); ``on_row`` is called for every input row read when the
    employers run in this process, or in a pool of local worker processes. ``executor`` runs the employers (default: a pool of
    worker processes, one per core, unless the inputs are too small to pay for it); the outcomes
    and every file are the same whichever runs them. Raises ``ValueError`` when no workbook is
    found or an input sits inside ``out`` (outputs are never written over or next to an input), and
    :class:`~osms_payroll.run.lock.Busy` when another run is writing into ``out``.
    """
    root = out.resolve()
    found = find_inputs(tuple(inputs), skip=root)
    files = found.files
    if not files:
        raise ValueError(Message("run.no_inputs"))
    for path in files:
        if path.resolve().is_relative_to(root):
            raise ValueError(Message("run.out_holds_input", out=out, path=path))
    jobs, skipped = plan_jobs([f.resolve() for f in files], None if employer_file is None else employer_file.resolve())
    notes: list[str] = []

    def run_all() -> tuple[JobResult, ...]:
        weight = sum(_size(path) for job in jobs for path in job.inputs)
        chosen = executor or sized_pool(weight)
        here = isinstance(chosen, LocalExecutor) and (chosen.jobs == 1 or len(jobs) <= 1)
        # A row callback cannot travel to a worker process: a worker counts its rows for the executor to pass on.
        # A pool's worker writes its employer's files alone: the pool already uses every core.
        task = partial(
            run_month, params=params, options=options, out=root, dry_run=dry_run, on_row=on_row if here else count_row,
            processes=chosen.jobs if here and isinstance(chosen, LocalExecutor) else 1,
        )
        outcomes = chosen.map(task, jobs, _crashed, on_row=None if here or on_row is _no_progress else on_row)
        # The progress first: its bars exist before the first employer's rows are read.
        return tuple(result for _job, result in zip(progress(jobs), outcomes))

    if dry_run:
        results = run_all()
    else:
        with locked(root, notes):  # sweeping another live run's staging folders would break it
            sweep_leftovers(out / str(options.period))
            results = run_all()
    try:
        deadline = due_date(options.period, "employer", kazakh_calendar(), params, reuse_last_known=options.reuse_last_known)
    except ParameterMissing:
        deadline = None
    return RunReport(results, tuple(skipped), tuple(found.ignored), tuple(notes), deadline)
