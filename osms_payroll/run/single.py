"""One input file through the SDK: its remittance files, its check, one person's results.

What the ``calc``, ``remit``, ``validate`` and ``explain`` commands do, as functions a payroll vendor can
call: each opens the input, runs the one stream (rows → lines → results → writers) and returns
what happened; none prints or exits. File-level failures raise (``InputError``, ``ProfileError``,
``ParameterMissing``, ``ValueError`` for bad options, ``OSError``); row-level problems are in the
outcome, located.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

import attrs

from osms_payroll.engine.osms import Calculator, PersonCalculator
from osms_payroll.engine.payslip import GrossUpCalculator, PayslipCalculator
from osms_payroll.engine.result import Result
from osms_payroll.intake import open_rows
from osms_payroll.engine.tally import Tally, fan_out
from osms_payroll.intake.batch import compute, payment_kinds
from osms_payroll.intake.layout import SheetLayout
from osms_payroll.intake.reconcile import Difference, Reconciler
from osms_payroll.intake.rows import RowSource
from osms_payroll.issues import Issue, IssueLog
from osms_payroll.law import Params, default_params
from osms_payroll.period import Period
from osms_payroll.remit.files import RemitError, WrittenFile
from osms_payroll.remit.payer import load_employer
from osms_payroll.remit.mt102.screen import BankScreen
from osms_payroll.remit.pipeline import Remittance, RemitOptions
from osms_payroll.report.calc import FROM_NET_COLUMNS, PAYSLIP_COLUMNS, ResultsCsv, ResultsJson, ResultsTable
from osms_payroll.report.writeback import WriteBack

#: Calculators by the name ``calc`` knows them by: the ОСМС core, the statutory payslip over it,
#: or the payslip found from the net pay asked for.
CALCULATORS: dict[str, Callable[..., PersonCalculator]] = {
    "plain": Calculator, "payslip": PayslipCalculator, "from_net": GrossUpCalculator,
}

#: The output formats of :func:`calc_input`.
CALC_FORMATS = ("json", "table", "csv")


def calculator(kind: str = "plain", *, params: Params | None = None, reuse_last_known: bool = False) -> PersonCalculator:
    """A calculator of one of :data:`CALCULATORS` (``plain``, ``payslip``, ``from_net``) over ``params``."""
    try:
        chosen = CALCULATORS[kind]
    except KeyError:
        raise ValueError(f"calculator {kind!r}: choose from {', '.join(CALCULATORS)}") from None
    return chosen(params or default_params(), reuse_last_known=reuse_last_known)


@attrs.frozen
class RemitOutcome:
    """What :func:`remit_month` did. ``files`` is empty when nothing was written: then ``problems``
    says why (a file the bank would not take), or ``errors`` holds the rejected rows (without
    ``partial``). ``notes`` are the remittance's warnings and notes, each once."""

    files: tuple[WrittenFile, ...]
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    notes: tuple[str, ...]
    other_periods: Mapping[Period, int]
    rejected_rows: int
    problems: tuple[str, ...] = ()

    @property
    def written(self) -> bool:
        return bool(self.files)


def remit_month(
    input_file: Path, employer_file: Path, out_dir: Path, period: Period, options: RemitOptions, *,
    params: Params | None = None, sheet: str | None = None, profile: Path | None = None, partial: bool = False,
    profile_lang: bool = False,
) -> RemitOutcome:
    """Write the remittance files of ``period`` from one input into ``out_dir`` (all files or none).

    Rows of another period are left out and counted in ``other_periods``. With rejected rows
    nothing is written unless ``partial``. With ``profile_lang`` the employer profile's ``lang``
    (when it has one) replaces ``options.lang`` for the files.
    """
    params = params or default_params()
    employer = load_employer(employer_file, params=params, period=Period.of(options.value_date))
    if profile_lang and employer.lang is not None:
        options = attrs.evolve(options, lang=employer.lang)
    source = open_rows(input_file, sheet=sheet, profile=profile, period=period)
    remittance = Remittance(employer, period, out_dir, options, params=params)
    core = Calculator(params, reuse_last_known=options.reuse_last_known)
    with IssueLog() as log:
        screen = BankScreen(employer.mt102, log) if "mt102" in options.formats else None
        try:
            totals = fan_out(compute(source.rows(log), core, default_period=period, screen=screen), [remittance], log, payment_kinds(core))
        except BaseException:
            remittance.abort()
            raise
        outcome = RemitOutcome(
            (), tuple(log.errors()), tuple(log.warnings()), (), dict(sorted(remittance.other_periods.items())), totals.rejected_rows,
        )
    if outcome.errors and not partial:
        remittance.abort()
        return outcome
    try:
        files = remittance.close()
    except RemitError as exc:
        return attrs.evolve(outcome, problems=exc.problems)
    notes = dict.fromkeys((*remittance.warnings, *(w for f in files for w in f.warnings), *remittance.notes))
    return attrs.evolve(outcome, files=tuple(files), notes=tuple(notes))


@attrs.frozen
class InputCheck:
    """What :func:`validate_input` found: how many person-months can be computed, and every problem."""

    computed: int
    rejected_rows: int
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    layout: SheetLayout | None


def validate_input(
    input_file: Path, *, period: Period | None = None, params: Params | None = None, sheet: str | None = None,
    profile: Path | None = None, reuse_last_known: bool = False,
) -> InputCheck:
    """Read ``input_file`` the way ``calc`` does and report every problem, cell by cell; nothing is written."""
    core = Calculator(params or default_params(), reuse_last_known=reuse_last_known)
    source = open_rows(input_file, sheet=sheet, profile=profile, period=period)
    with IssueLog() as log:
        totals = fan_out(compute(source.rows(log), core, default_period=period), [], log, payment_kinds(core))
        return InputCheck(totals.persons, totals.rejected_rows, tuple(log.errors()), tuple(log.warnings()), source.layout)


@attrs.frozen
class PersonResults:
    """The computed person-months of one ИИН in an input; ``errors`` are the input's rejections."""

    results: tuple[Result, ...]
    errors: tuple[Issue, ...]


def person_results(
    input_file: Path, iin: str, *, period: Period | None = None, params: Params | None = None,
    sheet: str | None = None, profile: Path | None = None, reuse_last_known: bool = False,
) -> PersonResults:
    """Every computed person-month of ``iin`` in ``input_file`` (what ``explain`` prints)."""
    core = Calculator(params or default_params(), reuse_last_known=reuse_last_known)
    source = open_rows(input_file, sheet=sheet, profile=profile, period=period)
    found = _OnePerson(iin)
    with IssueLog() as log:
        fan_out(compute(source.rows(log), core, default_period=period), [found], log, payment_kinds(core))
        return PersonResults(tuple(found.results), tuple(log.errors()))


@attrs.define
class _OnePerson:
    """A sink keeping the results of one ИИН."""

    iin: str
    results: list[Result] = attrs.Factory(list)

    def add(self, result: Result) -> None:
        if result.person.iin == self.iin:
            self.results.append(result)


@attrs.frozen
class CalcOutcome:
    """What :func:`calc_input` found besides what it wrote: the rejected rows and the input's warnings."""

    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]


def calc_input(
    input_file: Path, out: IO[str], *, fmt: str = "table", kind: str = "plain", period: Period | None = None,
    params: Params | None = None, sheet: str | None = None, profile: Path | None = None,
    reuse_last_known: bool = False, write_back: Path | None = None, delimiter: str | None = None,
) -> CalcOutcome:
    """Compute every person-month of ``input_file`` and write them to ``out`` as ``fmt`` (json, table, csv).

    ``kind`` is the calculator (``plain``, ``payslip``, ``from_net``: reads ``net`` instead of
    ``gross``). A sheet with its own ООСМС/ВОСМС columns is reconciled with ours; ``write_back``
    writes a copy of an .xlsx input with the results beside the data. ``delimiter`` is the CSV's
    (default: ``;`` for ru/kk, ``,`` for en).
    """
    source = open_rows(input_file, sheet=sheet, profile=profile, period=period)
    saver = WriteBack.start(input_file, write_back, source) if write_back is not None else None
    return calc_rows(source, out, fmt=fmt, kind=kind, period=period, params=params,
                     reuse_last_known=reuse_last_known, write_back=saver, delimiter=delimiter)


def calc_rows(
    source: RowSource, out: IO[str], *, fmt: str = "json", kind: str = "plain", period: Period | None = None,
    params: Params | None = None, reuse_last_known: bool = False, write_back: WriteBack | None = None,
    delimiter: str | None = None,
) -> CalcOutcome:
    """:func:`calc_input` for rows already open: a vendor's parsed JSON document
    (:func:`osms_payroll.intake.jsonfile.lines_source`), or a source read another way."""
    if fmt not in CALC_FORMATS:
        raise ValueError(f"format {fmt!r}: choose from {', '.join(CALC_FORMATS)}")
    from_net = kind == "from_net"
    payslip = kind != "plain"
    chosen = calculator(kind, params=params, reuse_last_known=reuse_last_known)
    extra = (*PAYSLIP_COLUMNS, *FROM_NET_COLUMNS) if from_net else PAYSLIP_COLUMNS if payslip else ()
    reconciler = Reconciler.of(source, chosen.params)
    writer: ResultsJson | ResultsCsv | ResultsTable
    if fmt == "json":
        writer = ResultsJson(out, chosen.params, payslip=payslip)
    elif fmt == "csv":
        writer = ResultsCsv(out, extra=extra, delimiter=delimiter)
    else:
        writer = ResultsTable(out, payslip=payslip)
    sinks = [*([reconciler] if reconciler else []), *([write_back] if write_back else []), writer]
    with IssueLog() as log:
        rows = source.rows(log)
        stream = compute(reconciler.rows(rows, log) if reconciler else rows, chosen, default_period=period, from_net=from_net)
        tally = Tally(fan_out(stream, sinks, log, payment_kinds(chosen)), log)
        differences = reconciler.differences if reconciler is not None else None
        writer.finish(tally, differences)
        if write_back is not None:
            write_back.save(chosen.params, tally, differences)
        return CalcOutcome(tuple(log.errors()), tuple(log.warnings()))


def reconcile_input(
    input_file: Path, *, period: Period, params: Params | None = None, reuse_last_known: bool = False,
) -> tuple[Difference, ...] | None:
    """The differences between a sheet's own ООСМС/ВОСМС columns and ours, person by person;
    None when the sheet has no such columns."""
    source = open_rows(input_file, period=period)
    rules = params or default_params()
    reconciler = Reconciler.of(source, rules)
    if reconciler is None:
        return None
    core = calculator(params=rules, reuse_last_known=reuse_last_known)
    with IssueLog() as log:
        rows = reconciler.rows(source.rows(log), log)
        fan_out(compute(rows, core, default_period=period, only_period=period), [reconciler], log, payment_kinds(core))
    return tuple(reconciler.differences)
