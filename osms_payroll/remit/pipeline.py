"""One period's remittance files from the core's results, in one pass.

:class:`Remittance` fans each :class:`~osms_payroll.engine.result.Result` out to the writer
plugins chosen (MT102 for each payment order, XML, register, any installed one) as it arrives and keeps only the engine's running totals.
On :meth:`Remittance.close` every writer checks its file against those totals and finishes it in
a staging folder beside the outputs; only when every file is ready are they renamed into place,
so the previous files stay until then (a folder that is itself staged, a run's, is written in
place: it is published whole). Either all requested files are written or none: a problem in one (a name too long for
the bank, a letter the encoding cannot hold) leaves no file behind and is reported with the
person's masked ИИН. No writer computes an amount; the rates are only printed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import attrs

from osms_payroll.i18n import Message, check_lang, date_text
from osms_payroll.remit.payer import OPV_QUESTION, Employer, bank_table, check_bank
from osms_payroll.engine.result import Result
from osms_payroll.engine.deadlines import due_date
from osms_payroll.engine.workdays import kazakh_calendar
from osms_payroll.fileio import STAGING_PREFIX
from osms_payroll.law import ParameterMissing, Params, default_params
from osms_payroll.law.payments import payments
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.remit.files import RemitError, WriterPlugin, WrittenFile, Writer, formats, remittance_plugins
from osms_payroll.remit.labels import DEFAULT_LANG, purpose
from osms_payroll.remit.mt102.spec import NUMBER_LIMIT
from osms_payroll.remit.parallel import Feed, Lane, Opener, WriterFailed, close_all, earliest, lane_plugins
from osms_payroll.remit.requisites import PaymentOrder, Recipient, RemitContext

#: The installed output formats (writer plugins), in the order their files are written.
FORMATS = formats()
#: The payments table's list of the monthly remittance (penalties go in their own orders).
MONTH = "month"


def _formats(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class RemitOptions:
    """Per-run choices. ``number`` is the first payment order's number; the KNP 122 order takes the next.

    ``doc_date`` defaults to ``value_date`` and may not be after it. The SDK never reads the clock:
    the caller passes the dates.
    """

    value_date: date
    doc_date: date | None = None
    number: str = "1"
    lang: str = DEFAULT_LANG
    formats: tuple[str, ...] = attrs.field(default=FORMATS, converter=_formats)
    reuse_last_known: bool = False

    def __attrs_post_init__(self) -> None:
        installed = formats()
        unknown = [f for f in self.formats if f not in installed]
        if unknown or not self.formats:
            raise ValueError(Message("remit.formats_unknown", formats=", ".join(unknown) or "—", choices=", ".join(installed)))
        check_lang(self.lang)
        if not self.number.isdigit() or len(self.number) > NUMBER_LIMIT:
            raise ValueError(_number_problem(self.number, 1))
        if self.doc_date is not None and self.doc_date > self.value_date:
            raise ValueError(Message("remit.doc_date_late", doc_date=date_text(self.doc_date), value_date=date_text(self.value_date)))

    @property
    def document_date(self) -> date:
        return self.doc_date or self.value_date


def _number_problem(number: str, orders: int) -> Message:
    return Message("remit.number_digits", number=repr(number), orders=orders, limit=NUMBER_LIMIT)


def build_context(
    params: Params, employer: Employer, period: Period, options: RemitOptions, remittance: str = MONTH
) -> RemitContext:
    """Requisites of the month from the data (the orders of the payments-table list ``remittance``:
    the month's, or the penalty orders); checks the payer's bank against the bank table.

    Raises :class:`~osms_payroll.law.ParameterMissing` for a period outside the data and
    :class:`~osms_payroll.remit.payer.ProfileError` if the IBAN's bank code does not match the BIC.
    """
    snap = params.at(period, reuse_last_known=options.reuse_last_known)
    recipient = Recipient.at(snap)
    kinds = payments(snap, remittance=remittance)
    if len(str(int(options.number) + len(kinds) - 1)) > NUMBER_LIMIT:
        raise ValueError(_number_problem(options.number, len(kinds)))
    orders = []
    for offset, kind in enumerate(kinds):
        knp = snap[kind.knp]
        orders.append(PaymentOrder(
            kind.kind, kind.label, knp.text, str(int(options.number) + offset), purpose(options.lang, kind.label, period),
            options.document_date, options.value_date, knp,
        ))
    paid = Period.of(options.value_date)
    check_bank(employer, bank_table(params, paid))
    warnings = params.warnings_for((*recipient.parameters, *(order.knp_parameter for order in orders)))
    if paid > params.valid_through:
        warnings.insert(0, Message("remit.bank_table_ends", through=params.valid_through, paid=paid))
    opv = Message(
        "remit.opv_code", code=repr(employer.mt102.opv_code), number=OPV_QUESTION,
        question=params.open_questions.get(OPV_QUESTION) or Message("remit.opv_undocumented"),
    )
    try:
        deadline = due_date(period, "employer", kazakh_calendar(), params, reuse_last_known=options.reuse_last_known)
    except ParameterMissing:
        deadline = None
    return RemitContext(
        employer, period, recipient, tuple(orders), options.lang, params.name, params.digest, tuple(warnings), (opv,), deadline
    )


class Remittance:
    """The writers of one period, fed in one pass; use :func:`remit` unless fanning out yourself.

    With ``processes`` above one the heaviest writers run in worker processes
    (:mod:`~osms_payroll.remit.parallel`); the files are the same bytes. Results of another period
    are left out and counted in :attr:`other_periods`. ``staged``: ``out_dir`` is a new folder that
    is published whole when complete (a staging folder of its own would only add renames).
    """

    def __init__(self, employer: Employer, period: Period, out_dir: Path, options: RemitOptions,
                 *, params: Params | None = None, remittance: str = MONTH, processes: int = 1, staged: bool = False) -> None:
        self.params = params or default_params()
        self.period = period
        self.out_dir = Path(out_dir)
        self.context = build_context(self.params, employer, period, options, remittance)
        self.expected = {order.knp: ZERO for order in self.context.orders}
        self.other_periods: dict[Period, int] = {}
        self.persons = 0
        self.notes: list[str] = []
        self.staged = staged
        if staged:
            self.staging = self.out_dir
        else:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.staging = self.out_dir / f"{STAGING_PREFIX}remit-{os.getpid()}-{id(self):x}"
            self.staging.mkdir()
        #: The writers in this process, each with its plugin's rank and its place among the plugin's writers.
        self.writers: list[Writer] = []
        self._ranks: list[tuple[int, int]] = []
        #: Each file in plugin order: (None, index in :attr:`writers`) or (lane, index among its files), and its path.
        self._slots: list[tuple[Lane | None, int, Path]] = []
        self.lanes: list[Lane] = []
        self._feed: Feed | None = None
        plugins = {name: plugin for name, plugin in remittance_plugins().items() if name in options.formats}
        try:
            self._open(plugins, lane_plugins(tuple(plugins), processes))
        except BaseException:
            self.abort()
            raise

    def _open(self, plugins: Mapping[str, WriterPlugin], groups: list[tuple[str, ...]]) -> None:
        ranks = {name: rank for rank, name in enumerate(plugins)}
        # Each plugin's files in a lane: (lane, place among the lane's files, path).
        remote: dict[str, list[tuple[Lane, int, Path]]] = {}
        for group in groups:
            lane = Lane([Opener(name, ranks[name], self.staging, self.context, self.params) for name in group])
            self.lanes.append(lane)
            placed = 0
            for name, paths in zip(group, lane.paths):
                remote[name] = [(lane, placed + index, path) for index, path in enumerate(paths)]
                placed += len(paths)
        for name, plugin in plugins.items():
            if name in remote:
                self._slots.extend(remote[name])
                continue
            for index, writer in enumerate(plugin.open(self.staging, self.context, self.params)):
                self._slots.append((None, len(self.writers), writer.path))
                self.writers.append(writer)
                self._ranks.append((ranks[name], index))
        if self.lanes:
            self._feed = Feed(self.lanes)

    def add(self, result: Result) -> None:
        period = result.person.period
        if period != self.period:
            self.other_periods[period] = self.other_periods.get(period, 0) + 1
            return
        self.persons += 1
        for order in self.context.orders:
            contribution = result.contributions.get(order.kind)
            if contribution is not None:
                self.expected[order.knp] += contribution.amount
        if self._feed is None:
            for writer in self.writers:
                writer.add(result)
            return
        try:
            self._feed.add(result)
            for (rank, index), writer in zip(self._ranks, self.writers):
                try:
                    writer.add(result)
                except Exception as exc:
                    raise WriterFailed(exc, (self.persons, rank, index)) from None
        except WriterFailed as failure:  # the error one process would have raised, of all the processes'
            raise self._feed.sync(failure) from None

    def abort(self) -> None:
        """Remove every temp file; nothing of this run appears in the output folder."""
        for lane in self.lanes:
            lane.abort()
        for writer in self.writers:
            writer.abort()
        if not self.staged:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _problems(self) -> list[str]:
        """Every file's problems, in plugin order; each lane is asked to close right behind its problems."""
        lanes: dict[int, list[list[str]]] = {}
        if self._feed is not None:
            try:
                self._feed.flush()
            except WriterFailed as failure:
                raise self._feed.sync(failure) from None
            # Each lane is asked to close right after its problems: a lane that is done writes and
            # checks its files while another still works (a problem anywhere stops every lane).
            failures = []
            asked = []
            for lane in self.lanes:
                try:
                    lane.ask("problems")
                    lane.ask("close", self.expected)
                    asked.append(lane)
                except WriterFailed as failure:
                    failures.append(failure)
            for lane in asked:
                try:
                    lanes[id(lane)] = lane.problems()
                except WriterFailed as failure:
                    failures.append(failure)
            if failures:
                raise earliest(failures)
        problems: list[str] = []
        for slot_lane, index, _path in self._slots:
            if slot_lane is not None:
                problems.extend(lanes[id(slot_lane)][index])
            elif self.writers[index].problems:
                problems.extend(self.writers[index].problems.problem_lines())
        return problems

    def _close_all(self) -> list[WrittenFile | None]:
        """Close every file, the lanes' in parallel with this process's; the first error in plugin order is raised."""
        here = close_all(self.writers, self.expected)  # the lanes were asked with their problems
        there = {id(lane): lane.outcomes() for lane in self.lanes}
        for lane in self.lanes:
            lane.done()
        closed = []
        for slot_lane, index, _path in self._slots:
            status, detail = here[index] if slot_lane is None else there[id(slot_lane)][index]
            if status == "error":
                raise detail
            closed.append(detail)
        return closed

    def close(self) -> list[WrittenFile]:
        """Check every file against the engine's totals and move them into place (all or none)."""
        try:
            problems = self._problems()
        except BaseException:
            self.abort()
            raise
        if problems:
            self.abort()
            raise RemitError(problems)
        staged: list[WrittenFile] = []
        try:
            for (_lane, _index, path), done in zip(self._slots, self._close_all()):
                if done is not None:
                    staged.append(done)
                    continue
                final = self.out_dir / path.name
                if final.exists():
                    self.notes.append(Message("remit.nothing_due_stale", period=self.period, file=final.name, folder=self.out_dir))
                else:
                    self.notes.append(Message("remit.nothing_due", period=self.period, file=final.name))
            if self.staged:
                return staged
            # Every file is ready: only now are the previous ones replaced.
            written = []
            for file in staged:
                final = self.out_dir / file.path.name
                os.replace(file.path, final)
                written.append(attrs.evolve(file, path=final))
        except BaseException:
            self.abort()
            raise
        shutil.rmtree(self.staging, ignore_errors=True)
        return written

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.context.warnings


def remit(results: Iterable[Result], employer: Employer, period: Period, out_dir: Path, options: RemitOptions,
          *, params: Params | None = None) -> list[WrittenFile]:
    """Write the period's remittance files into ``out_dir`` from ``results`` (one pass, flat memory).

    Raises :class:`~osms_payroll.remit.files.RemitError` listing every problem (nothing is written
    then), :class:`~osms_payroll.remit.payer.ProfileError` for a payer bank that does not match, and
    :class:`~osms_payroll.law.ParameterMissing` for a period outside the data.
    """
    remittance = Remittance(employer, period, out_dir, options, params=params)
    try:
        for result in results:
            remittance.add(result)
    except BaseException:
        remittance.abort()
        raise
    return remittance.close()

