"""The heaviest writers of one month in worker processes, fed from the one stream of results.

The process that reads and computes keeps the light writers; each *lane* is a worker process that
opens the writers of some plugins itself (the same plugins, into the same staging folder) and gets
every result, in order, in batches pickled once for all lanes (compactly: see :class:`_Compact`).
Each file is therefore the same bytes as when written in one process, and a big employer's month
uses a second core for its register while the first reads, computes and writes the rest.

Messages go to each lane through a thread of this process, so a lane that is behind holds up
the others only once a few batches wait for it; the lane of the quick files gives way (a lower
scheduling priority), so this process and the register get the cores first and it catches up
while the register's workbook is written. A lane answers in the order it is asked: its writers'
problems, then their files closed and checked (each lane is asked both at once, so one that is done
closes while another still works; a problem anywhere stops them all). The run's own files (results.json,
the errors report) are written by the reading process: they end with the month's whole log of
issues, which stays in its process. An error in a lane — a problem of a file, a crash — is raised here as it would have been
raised in one process (of several, the one one process would have met first); a lane that dies
is an error naming its exit code. Nothing is published by a lane: its files stay in the staging
folder until the caller moves them into place, and an abort stops the lane and leaves the
staging folder to be removed.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from collections.abc import Mapping, Sequence
from decimal import Decimal
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.engine.model import PersonMonth
from osms_payroll.engine.result import Contribution, PaymentRule, Result
from osms_payroll.gcpace import collecting_less
from osms_payroll.i18n import Message, current, using
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.remit.files import RemitError, Writer, remittance_plugins
from osms_payroll.remit.requisites import RemitContext

#: The plugins written in worker processes, one group each, when more than one process may run.
#: Measured at 100 000 persons (CPU seconds of each process, two loaded cores): in one process
#: 97 s; with the register alone in a second process 62 s + 25 s; with the register in a second
#: and the MT102 lists and the XML in a third 27 s + 19 s + 20 s — three processes balance even on
#: two cores, as the reading one then waits about as much as it works.
LANES = (("xlsx",), ("mt102", "xml"))
#: The plugins whose lane gives way (runs ``nice`` by :data:`NICENESS`): the MT102 lists and the XML
#: close in a moment while the register's close writes the whole workbook, so the reading process
#: and the register get the cores first and this lane catches up while the workbook is written.
GIVE_WAY = frozenset({"mt102", "xml"})
NICENESS = 5
#: Messages waiting for a lane that is behind (≈ 0.5 MB each): the reading process runs ahead of a
#: lane this far before it waits for it.
QUEUED = 16
#: Results per message: large enough that a message costs little, small enough to stay flat in memory.
BATCH = 2000
#: Below this many bytes of input an employer's files are written in one process (≈ 6 000 persons of
#: xlsx, 4 000 of CSV; the size under which a run of many employers keeps to one process too):
#: starting a worker and pickling the results cost more than the second core gives back.
WORTH = 256 << 10


def lane_plugins(names: Sequence[str], processes: int) -> list[tuple[str, ...]]:
    """The groups of ``names`` (plugin names) written in worker processes when ``processes`` may run:
    none for one, nor in a daemon process (a pool's worker may not start processes)."""
    if processes < 2 or multiprocessing.current_process().daemon:
        return []
    groups = (tuple(name for name in group if name in names) for group in LANES)
    return [group for group in groups if group]


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    # The server imports the writers once (not the caller's script); each lane is a fork of it.
    context.set_forkserver_preload([__name__])
    return context


def warm_up(names: Sequence[str], processes: int) -> None:
    """Start the fork server if lanes will run, so that it boots and imports the writers (most of
    a lane's start) while the caller reads its inputs."""
    if lane_plugins(names, processes):
        _context()
        forkserver.ensure_running()


@attrs.frozen
class Opener:
    """How a lane opens one plugin's writers: what this process would have called."""

    plugin: str
    #: The plugin's place among all the writers' plugins (the order a failure is chosen by).
    rank: int
    out_dir: Path
    context: RemitContext
    params: Params

    def open(self) -> list[Writer]:
        return remittance_plugins()[self.plugin].open(self.out_dir, self.context, self.params)


class LaneDied(Exception):
    """A lane's process ended without an answer (killed, out of memory)."""


class WriterFailed(Exception):
    """A writer raised ``error`` on result number ``key[0]``; ``key[1:]`` is its plugin's rank and its
    place among the plugin's writers. Of several, the least key is the error one process would have
    raised (the first result that fails, on the first writer in plugin order)."""

    def __init__(self, error: BaseException, key: tuple[int, int, int]) -> None:
        super().__init__(error, key)
        self.error = error
        self.key = key


def earliest(failures: Sequence[WriterFailed]) -> BaseException:
    """The error one process would have raised of ``failures``."""
    return min(failures, key=lambda failure: failure.key).error


#: What a closed remittance writer came to: a file (or None: nothing due), or the error it raised.
Outcome = tuple[str, Any]


class Lane:
    """One worker process with the writers of ``openers``; see the module docstring.

    ``paths[i]`` lists the paths of opener ``i``'s writers.
    """

    def __init__(self, openers: Sequence[Opener]) -> None:
        context = _context()
        self._conn, child = context.Pipe()
        niceness = NICENESS if {opener.plugin for opener in openers} <= GIVE_WAY else 0
        self.process = context.Process(target=_serve, args=(child, tuple(openers), current(), niceness), daemon=True)
        self.process.start()
        child.close()
        self.open = True
        # Messages go out through a thread, so that a lane that is behind holds up the others only
        # once it is QUEUED messages behind; a lane that stopped takes no more (the thread drops them).
        self._outbox: queue.Queue[bytes | None] = queue.Queue(QUEUED)
        self._stopped = threading.Event()
        self._sender = threading.Thread(target=self._send_all, name="osms-lane-sender", daemon=True)
        self._sender.start()
        try:
            self.paths: list[list[Path]] = self._answer()
        except BaseException:
            self.abort()
            raise

    def _send_all(self) -> None:
        while (message := self._outbox.get()) is not None:
            if not self._stopped.is_set():
                try:
                    self._conn.send_bytes(message)
                except (OSError, ValueError):  # the lane ended (its writer raised, it was killed), or was closed
                    self._stopped.set()

    def send(self, message: bytes) -> None:
        """Send a pickled message; a lane that stopped (its writer raised) answers with its error."""
        self._outbox.put(message)
        if self._stopped.is_set():
            self._answer()
            raise LaneDied(self._died())

    def _end_sending(self) -> None:
        self._outbox.put(None)
        self._sender.join()

    def ask(self, command: str, value: object = None) -> None:
        self.send(pickle.dumps((command, value), pickle.HIGHEST_PROTOCOL))

    def _died(self) -> Message:
        self.process.join(5)
        return Message("remit.writer_died", code=self.process.exitcode)

    def _answer(self) -> Any:
        try:
            status, value = pickle.loads(self._conn.recv_bytes())
        except (EOFError, OSError):
            raise LaneDied(self._died()) from None
        if status == "error":
            error, key = value
            raise _restored(error) if key is None else WriterFailed(_restored(error), key)
        return value

    def problems(self) -> list[list[str]]:
        """The problems each writer found, one line each (after :meth:`ask` ``problems``)."""
        problems: list[list[str]] = self._answer()
        return problems

    def outcomes(self) -> list[Outcome]:
        """How each remittance writer closed (after :meth:`ask` ``close``), in order; a lane stops at
        its first error, so the writers after it are ``skipped``."""
        outcomes: list[Outcome] = self._answer()
        return [(status, _restored(detail) if status == "error" else detail) for status, detail in outcomes]

    def done(self) -> None:
        """Every file is closed: the process ends."""
        if self.open:
            self.open = False
            self.ask("end")
            self._end_sending()
            self._conn.close()
            self.process.join()

    def abort(self) -> None:
        """Stop the process; its files are left in the staging folder (the caller removes it)."""
        if self.open:
            self.open = False
            self.process.kill()
            self.process.join()
            self._stopped.set()
            self._end_sending()
            self._conn.close()


def _person(iin: str, period: Period, category: str, full_name: str, amounts: str,
            name_parts: tuple[str, str, str] | None) -> PersonMonth:
    gross, excluded, other = map(Decimal, amounts.split(" "))
    return PersonMonth(iin, period, category, full_name, gross, excluded, other, (), name_parts)


def _contribution(rule: PaymentRule, amounts: str, cap: str | None, floor_applied: bool, shortfall: str | None) -> Contribution:
    before, base, amount = map(Decimal, amounts.split(" "))
    return Contribution(rule, before, None if cap is None else Decimal(cap), base, amount, floor_applied, shortfall)


class _Compact(pickle.Pickler):
    """Results as the lanes' writers read them, in fewer objects: a person without their pay lines
    (no remittance file lists them; the run's own files, which do, are written here) and the amounts
    of a person or a contribution as one text. A ``Decimal`` pickles by a reduce of its own, several
    times dearer than its text, and most of a result is amounts. (``%s`` formats a ``Decimal`` by
    ``str``, a quarter of the cost of an f-string's ``format``.)"""

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Contribution:
            cap = None if obj.cap_available is None else str(obj.cap_available)
            return _contribution, (obj.rule, "%s %s %s" % (obj.base_before_cap, obj.base, obj.amount), cap, obj.floor_applied, obj.shortfall)
        if kind is PersonMonth:
            amounts = "%s %s %s" % (obj.gross, obj.excluded, obj.vosms_other_income)
            return _person, (obj.iin, obj.period, obj.category, obj.full_name, amounts, obj.name_parts)
        return NotImplemented


def _batch(results: list[Result]) -> bytes:
    buffer = io.BytesIO()
    _Compact(buffer, pickle.HIGHEST_PROTOCOL).dump(("add", results))
    return buffer.getvalue()


class Feed:
    """Results gathered into batches, each pickled once (compactly) and sent to every lane."""

    def __init__(self, lanes: Sequence[Lane]) -> None:
        self.lanes = lanes
        self._batch: list[Result] = []

    def add(self, result: Result) -> None:
        self._batch.append(result)
        if len(self._batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Send the batch to every lane; a writer's failure in any is raised once all have it."""
        if self._batch:
            message = _batch(self._batch)
            self._batch = []
            failures = []
            for lane in self.lanes:
                try:
                    lane.send(message)
                except WriterFailed as failure:
                    failures.append(failure)
            if failures:
                raise min(failures, key=lambda failure: failure.key)

    def sync(self, failure: WriterFailed) -> BaseException:
        """After ``failure``: every lane's own failure so far, and the earliest of them all."""
        failures = [failure]
        try:
            self.flush()
        except WriterFailed as other:
            failures.append(other)
        for lane in self.lanes:
            if lane.open:
                try:
                    lane.ask("problems")
                    lane.problems()
                except WriterFailed as other:
                    failures.append(other)
                except LaneDied:
                    pass
        return earliest(failures)


def close_all(writers: Sequence[Writer], expected: Mapping[str, Decimal]) -> list[Outcome]:
    """Close ``writers`` in order, stopping at the first that raises (its error is the outcome)."""
    outcomes: list[Outcome] = []
    for writer in writers:
        try:
            outcomes.append(("ok", writer.close(expected)))
        except Exception as exc:
            outcomes.append(("error", exc))
            break
    return outcomes + [("skipped", None)] * (len(writers) - len(outcomes))


def _portable(exc: BaseException) -> tuple[str, Any]:
    """An error as it can travel: a remittance error by its problems, any other as itself if it pickles."""
    if isinstance(exc, RemitError):
        return ("remit", exc.problems)
    try:
        return ("raise", pickle.loads(pickle.dumps(exc)))
    except Exception:
        return ("raise", RuntimeError(f"{type(exc).__name__}: {exc}"))


def _restored(value: tuple[str, Any]) -> BaseException:
    kind, detail = value
    return RemitError(detail) if kind == "remit" else detail


def _reply(conn: Connection, status: str, value: object) -> None:
    conn.send_bytes(pickle.dumps((status, value), pickle.HIGHEST_PROTOCOL))


def _serve(conn: Connection, openers: tuple[Opener, ...], lang: str, niceness: int) -> None:
    """A lane's process: open the writers, feed them every batch, answer the commands, then end.

    Ctrl-C is the reading process's to handle (it stops the lanes); a lane whose reader is gone
    removes its files and ends.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if niceness:
        os.nice(niceness)
    with using(lang), collecting_less():
        writers: list[Any] = []
        try:
            opened: list[list[Any]] = [list(opener.open()) for opener in openers]
            writers = [writer for group in opened for writer in group]
            _reply(conn, "ok", [[writer.path for writer in group] for group in opened])
            _commands(conn, list(zip((opener.rank for opener, group in zip(openers, opened) for _ in group),
                                     (index for group in opened for index in range(len(group))), writers)))
        except EOFError:  # the reading process went away: nothing of this lane survives it
            _abort(writers)
        except BaseException as exc:
            _abort(writers)
            failure = (_portable(exc.error), exc.key) if isinstance(exc, WriterFailed) else (_portable(exc), None)
            with contextlib.suppress(OSError):  # the reader may be gone already
                _reply(conn, "error", failure)


def _commands(conn: Connection, ranked: list[tuple[int, int, Any]]) -> None:
    writers = [writer for _rank, _index, writer in ranked]
    seen = 0
    while True:
        command, value = pickle.loads(conn.recv_bytes())
        if command == "add":
            for result in value:
                seen += 1
                for rank, index, writer in ranked:
                    try:
                        writer.add(result)
                    except Exception as exc:
                        raise WriterFailed(exc, (seen, rank, index)) from None
        elif command == "problems":
            _reply(conn, "ok", [writer.problems.problem_lines() if writer.problems else [] for writer in writers])
        elif command == "close":
            _reply(conn, "ok", [
                (status, _portable(detail) if status == "error" else detail) for status, detail in close_all(writers, value)
            ])
        elif command == "end":
            return


def _abort(writers: Sequence[Any]) -> None:
    for writer in writers:
        writer.abort()


