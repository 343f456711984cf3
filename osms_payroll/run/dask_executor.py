"""The executor on a Dask cluster: one employer per task, each written by a worker into the shared output root.

Needs the ``dask`` extra (``pip install 'osms-payroll[dask]'``) and workers that see the same
paths as this process (the inputs, the rule files and ``--out`` on a shared file system): a task
carries paths, the rule set and the options, and brings back only the employer's outcome, so the
folders and the manifests are the ones a local run writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import attrs

from osms_payroll.i18n import _
from osms_payroll.run.executor import ExecutorError

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen
class DaskExecutor:
    """Tasks on the Dask scheduler at ``address`` (``tcp://host:8786``); refused after ``timeout`` seconds without it."""

    address: str
    timeout: float = 30  # float-ok: seconds

    def map(
        self, task: Callable[[T], R], items: Sequence[T], failed: Callable[[T, BaseException], R], on_row: Callable[[], None] | None = None,
    ) -> Iterator[R]:
        """The outcomes in the items' order; a cluster's workers count no rows (``on_row`` is not called)."""
        from distributed import Client

        try:
            client = Client(self.address, set_as_default=False, timeout=self.timeout)
        except (OSError, ValueError) as exc:
            raise ExecutorError(_("executor.no_scheduler", address=self.address, reason=exc)) from None
        with client:
            # The task (it carries the rule set) goes to every worker once and stays there: a copy
            # unpickled for each employer piles up in the rule set's caches and slows every one after.
            shared = client.scatter(task, broadcast=True, hash=False)
            # pure=False: two employers are two tasks even if Dask would hash their arguments alike.
            futures = client.map(_call, items, task=shared, pure=False)
            for item, future in zip(items, futures):
                try:
                    yield future.result()
                except Exception as exc:  # a worker lost or a task that could not travel: this employer fails alone
                    yield failed(item, exc)


def _call(item: T, task: Callable[[T], R]) -> R:
    """One employer on a worker, with the worker's one copy of the task."""
    return task(item)
