"""Where the employers of a run are computed: in this process, in a pool of local processes, or on Dask.

An executor maps one task (an employer's month) over many items and yields the outcomes in the
items' order, whatever order they finish in, so the summary and every file are the same bytes on
one core, on two, or on a cluster. Each task writes its own employer folder, so nothing but the
small outcome travels back. A task that cannot finish at all (a worker killed, a pickling error)
becomes ``failed(item, exc)`` for that item only: one employer's crash never stops the others
(when a worker dies, the items the broken pool still held are run again one per worker).
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, Protocol, TypeVar

import attrs

from osms_payroll.i18n import Message

T = TypeVar("T")
R = TypeVar("R")


EXECUTORS = ("local", "dask")


class ExecutorError(Exception):
    """The executor itself cannot start (no scheduler at the address, the extra not installed)."""


class Executor(Protocol):
    """Runs ``task`` on every item; outcomes in the items' order. ``on_row`` is called here once for
    every row a worker process counted with :func:`count_row` (a progress bar over rows)."""

    def map(
        self, task: Callable[[T], R], items: Sequence[T], failed: Callable[[T, BaseException], R], on_row: Callable[[], None] | None = None,
    ) -> Iterator[R]: ...


#: Below this many bytes of inputs a run stays in this process: starting the workers (≈ 0.8 s on
#: two cores, measured) costs more than the second core gives back on ≈ 2 500 persons of CSV.
POOL_WORTH = 256 << 10


def default_jobs() -> int:
    """The cores this process may use (a container's CPU limit, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@attrs.frozen
class LocalExecutor:
    """``jobs`` worker processes on this machine; one job (or one item) runs here, no pool at all.

    Workers start from a fork server that has already imported the run (so a worker costs
    milliseconds, not an interpreter start) and never inherit this process's threads.
    """

    jobs: int = attrs.field(factory=default_jobs)

    def __attrs_post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(Message("executor.jobs", jobs=self.jobs))

    def map(
        self, task: Callable[[T], R], items: Sequence[T], failed: Callable[[T, BaseException], R], on_row: Callable[[], None] | None = None,
    ) -> Iterator[R]:
        if self.jobs == 1 or len(items) <= 1:
            yield from (task(item) for item in items)
            return
        context = multiprocessing.get_context("forkserver")
        # The main script too (the standard preload): else every worker runs it again before its first item.
        context.set_forkserver_preload(["__main__", "osms_payroll.run.job"])
        rows = _RowCount(context.Value("q", 0), on_row)
        pool = ProcessPoolExecutor(min(self.jobs, len(items)), mp_context=context, initializer=_install, initargs=(task, rows.shared))
        try:
            futures = [pool.submit(_run, item) for item in items]
            for item, future in zip(items, futures):
                rows.follow(future)
                try:
                    yield future.result()
                except BrokenProcessPool:  # a worker died and took the pool down: each item left runs alone
                    yield _alone(task, item, failed, context, rows)
                except Exception as exc:  # the task could not travel: this item fails alone
                    yield failed(item, exc)
        finally:  # interrupted (Ctrl-C, the caller stopped): employers not started never start
            pool.shutdown(wait=True, cancel_futures=True)


#: Rows a worker counts before it adds them to the shared count (one lock per batch, not per row).
ROWS_SENT_EVERY = 256
#: Seconds between two looks at the shared count while an employer is computed.
ROWS_LOOK_EVERY = 0.2  # float-ok, legal-number-ok: screen refresh


@attrs.define
class _RowCount:
    """The rows the pool's workers have read, as one shared counter this process passes on to ``on_row``."""

    shared: Any
    on_row: Callable[[], None] | None
    seen: int = 0

    def follow(self, future: Future[Any]) -> None:
        """Pass on the rows counted until ``future`` is done (nothing to wait for without ``on_row``)."""
        if self.on_row is None:
            return
        while not wait([future], timeout=ROWS_LOOK_EVERY).done:
            self.pass_on()
        self.pass_on()

    def pass_on(self) -> None:
        if self.on_row is not None:
            counted = self.shared.value
            for _ in range(counted - self.seen):
                self.on_row()
            self.seen = counted


#: The task of this worker process, sent once when the worker starts: a task carries the rule set,
#: and unpickling a fresh copy for every employer made each one ~1.7× slower (measured: the copies
#: pile up in the rule set's caches and every garbage collection walks them).
_task: Callable[[Any], Any] | None = None
#: This worker's share of the rows count (None outside a pool's worker), and its rows not yet added.
_rows: Any = None
_unsent = 0


def _install(task: Callable[[Any], Any], rows: Any) -> None:
    global _task, _rows
    _task, _rows = task, rows


def count_row() -> None:
    """One row read by a pool's worker (the row callback a task takes there); nothing elsewhere."""
    global _unsent
    if _rows is not None:
        _unsent += 1
        if _unsent >= ROWS_SENT_EVERY:
            _send_rows()


def _send_rows() -> None:
    global _unsent
    if _rows is not None and _unsent:
        with _rows.get_lock():
            _rows.value += _unsent
        _unsent = 0


def _run(item: Any) -> Any:
    assert _task is not None, "a pool worker runs only after _install"
    try:
        return _task(item)
    finally:
        _send_rows()


def _alone(task: Callable[[T], R], item: T, failed: Callable[[T, BaseException], R], context: BaseContext, rows: _RowCount) -> R:
    """``task(item)`` in a worker of its own, so the item that kills its worker is the only one that fails."""
    with ProcessPoolExecutor(1, mp_context=context, initializer=_install, initargs=(task, rows.shared)) as solo:
        try:
            future = solo.submit(_run, item)
            rows.follow(future)
            result: R = future.result()
            return result
        except Exception as exc:
            return failed(item, exc)


def sized_pool(input_bytes: int) -> LocalExecutor:
    """The default: one worker per core, or this process alone for a run too small to pay for workers."""
    return LocalExecutor() if input_bytes >= POOL_WORTH else LocalExecutor(1)


def choose_executor(name: str = "local", jobs: int | None = None, scheduler: str | None = None) -> Executor | None:
    """The executor the command line names (None: the default, see :func:`sized_pool`); ``ValueError``
    for a combination that cannot run."""
    if name == "local":
        if scheduler is not None:
            raise ValueError(Message("executor.scheduler_local"))
        return None if jobs is None else LocalExecutor(jobs)
    if name == "dask":
        if scheduler is None:
            raise ValueError(Message("executor.dask_scheduler"))
        if jobs is not None:
            raise ValueError(Message("executor.jobs_dask"))
        if importlib.util.find_spec("distributed") is None:
            raise ValueError(Message("executor.dask_extra"))
        from osms_payroll.run.dask_executor import DaskExecutor

        return DaskExecutor(scheduler)
    raise ValueError(Message("executor.unknown", name=name, choices=", ".join(EXECUTORS)))
