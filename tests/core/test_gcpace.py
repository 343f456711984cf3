"""A month runs with fewer collections, and gives the process its own thresholds back."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from osms_payroll.gcpace import YOUNG, collecting_less


@pytest.fixture(autouse=True)
def default_thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_the_youngest_generation_waits_longer_inside_and_the_thresholds_come_back():
    with collecting_less():
        assert gc.get_threshold() == (YOUNG, 10, 10)
        with collecting_less():
            assert gc.get_threshold() == (YOUNG, 10, 10)
        assert gc.get_threshold() == (YOUNG, 10, 10)  # the outer month is still running
    assert gc.get_threshold() == (700, 10, 10)


def test_months_in_threads_give_the_thresholds_back_when_the_last_ends():
    inside, leave = threading.Barrier(3), threading.Event()

    def month():
        with collecting_less():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=month) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()
    assert gc.get_threshold()[0] == YOUNG
    leave.set()
    for thread in threads:
        thread.join()
    assert gc.get_threshold() == (700, 10, 10)


def test_collection_turned_off_by_the_caller_stays_off():
    gc.set_threshold(0)
    with collecting_less():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0


class _Node:
    def __init__(self) -> None:
        self.me = self


def test_cyclic_garbage_is_still_collected_inside():
    with collecting_less():
        cycle = _Node()
        gone = weakref.ref(cycle)
        del cycle
        kept = [[None] for _ in range(3 * YOUNG)]  # live allocations enough for the youngest generation to be collected
        assert gone() is None
        del kept
