"""One employer's writers in worker processes: the same bytes as in one process, errors as in one process.

Every file of the month (MT102, XML, register, results.json, errors, manifest) is compared byte for
byte between one process and three (the register in a second process, the MT102 lists and the XML
in a third), on the bundled sample and on a generated 6 000-person employer.
"""

from __future__ import annotations

import hashlib
import os
import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from osms_payroll.law import default_params
from osms_payroll.period import Period
from osms_payroll.remit import Remittance, RemitError
from osms_payroll.remit import parallel
from osms_payroll.remit.parallel import LaneDied
from osms_payroll.remit.payer import load_employer
from osms_payroll.run import job
from osms_payroll.run.discover import Job
from osms_payroll.run.executor import LocalExecutor
from osms_payroll.run.job import RunOptions, run_month, run_months
from tests.conftest import iin_for
from tests.remit.conftest import OCTOBER, SMALL_PAYROLL, results_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "sample"
OPTIONS = RunOptions(Period(2026, 10), date(2026, 11, 20), date(2026, 11, 20))
CATEGORIES = ["employee"] * 17 + ["pensioner", "gpc", "disabled"]


def tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture
def lanes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The plugin groups of every lane started (so a test knows the worker processes really wrote)."""
    started: list[tuple[str, ...]] = []
    original = parallel.Lane.__init__

    def counted(self: parallel.Lane, openers: list[parallel.Opener]) -> None:
        started.append(tuple(opener.plugin for opener in openers))
        original(self, openers)

    monkeypatch.setattr(parallel.Lane, "__init__", counted)
    return started


def month(folder: Path, out: Path, processes: int) -> dict[str, bytes]:
    result = run_month(Job(folder / "employer.toml", (next(folder.glob("payroll.*")),)), default_params(), OPTIONS, out,
                       processes=processes)
    assert result.status == "written", result.problems
    assert result.rejected_rows == (folder != SAMPLE)
    # The manifest takes the digests of files hashed when they were moved into place: they must be the files'.
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert [(o["sha256"], o["bytes"]) for o in manifest["outputs"]] == [
        (hashlib.sha256(data).hexdigest(), len(data)) for data in (
            (result.folder / o["name"]).read_bytes() for o in manifest["outputs"])
    ]
    return tree(out)


def test_the_sample_month_is_the_same_bytes_from_one_process_or_three(tmp_path, monkeypatch, lanes):
    monkeypatch.setattr(job, "WORTH", 0)  # the sample is small: make it worth the processes
    one = month(SAMPLE, tmp_path / "one", 1)
    assert lanes == []
    assert month(SAMPLE, tmp_path / "three", 2) == one
    assert lanes == [("xlsx",), ("mt102", "xml")]
    assert len(one) == 8


def big_employer(folder: Path, persons: int) -> Path:
    folder.mkdir()
    shutil.copy(SAMPLE / "employer.toml", folder / "employer.toml")
    born = date(1960, 1, 1)
    lines = ["iin,full_name,period,gross,category"]
    for n in range(persons):
        day = born + timedelta(days=n % 9000)
        lines.append(f"{iin_for(day, male=n % 2 == 0, serial=1 + n // 9000 * 20)},Иванов Иван Иванович,2026-10,"
                     f"{90_000 + n * 37 % 2_500_000},{CATEGORIES[n % len(CATEGORIES)]}")
    lines.append("123,Петров Пётр,2026-10,100000,employee")  # one bad row: the errors report is compared too
    (folder / "payroll.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_big_employer_is_the_same_bytes_from_one_process_or_three(tmp_path, lanes):
    folder = big_employer(tmp_path / "big", 6000)
    assert (folder / "payroll.csv").stat().st_size >= parallel.WORTH  # by default the writers go to workers
    report = run_months([folder], tmp_path / "one", OPTIONS, params=default_params(), executor=LocalExecutor(1))
    assert [r.status for r in report.results] == ["written"]
    assert lanes == []  # --jobs 1: one process
    one = tree(tmp_path / "one")
    assert month(folder, tmp_path / "three", 2) == one
    assert lanes == [("xlsx",), ("mt102", "xml")]
    assert b'"persons": 6000,\n    "rejected_rows": 1' in one["2026-10/150340012340/manifest.json"]


def remittance(out: Path, processes: int) -> Remittance:
    return Remittance(load_employer(SAMPLE / "employer.toml"), OCTOBER, out, OPTIONS.remit_options(), processes=processes)


def test_a_file_problem_found_in_a_worker_is_raised_as_in_one_process_and_nothing_is_written(tmp_path):
    results = results_of([(iin, name if iin != "850314353054" else "Ахметов", *rest) for iin, name, *rest in SMALL_PAYROLL])
    caught = {}
    for processes in (1, 2):
        out = tmp_path / str(processes)
        writing = remittance(out, processes)
        for result in results:
            writing.add(result)
        with pytest.raises(RemitError) as error:
            writing.close()
        caught[processes] = error.value.problems
        assert list(out.iterdir()) == []
    assert caught[2] == caught[1]
    assert len(caught[1]) == 2  # one per MT102 list


def test_a_worker_that_dies_fails_the_month_and_leaves_no_file(tmp_path, small_results):
    out = tmp_path / "out"
    writing = remittance(out, 2)
    for result in small_results:
        writing.add(result)
    writing.lanes[1].process.kill()  # as an out-of-memory kill would end it
    with pytest.raises(LaneDied, match="exit code -9"):
        writing.close()
    assert list(out.iterdir()) == []


def errors_in_one_process_and_three(tmp_path: Path, results: list) -> tuple[BaseException, BaseException]:
    """The error writing ``results`` raises in one process and with the writers in two more;
    nothing is left in either output folder."""
    caught = []
    for count in (1, 2):
        out = tmp_path / str(count)
        writing = remittance(out, count)
        with pytest.raises(Exception) as error:
            for result in results:
                writing.add(result)
            writing.close()
        writing.abort()
        caught.append(error.value)
        assert list(out.iterdir()) == []
    return caught[0], caught[1]


def test_an_error_while_writing_in_a_worker_is_the_one_of_one_process(tmp_path, small_results):
    # A birth date that is text breaks the MT102 lists (first in plugin order), the XML and the
    # register, here in two worker processes: the first is raised, as in one process.
    broken = [*small_results[:3], attrs.evolve(small_results[3], birth_date="1980-01-01"), *small_results[4:]]
    one, three = errors_in_one_process_and_three(tmp_path, broken)
    assert (type(three), str(three)) == (type(one), str(one))
    assert isinstance(one, AttributeError)  # the MT102 list's birth date (a str has no isoformat)


_WARM_UP = """
import sys
from multiprocessing import forkserver
from osms_payroll.remit.parallel import warm_up
warm_up(("mt102", "xml"), 1)
started = [forkserver._forkserver._forkserver_pid is not None]
warm_up(("mt102", "xml"), 2)
started.append(forkserver._forkserver._forkserver_pid is not None)
print(started)
"""


def test_the_fork_server_is_started_before_the_inputs_are_read_only_when_lanes_will_run():
    # A fresh interpreter: the test process may already have a fork server from other tests.
    shown = subprocess.run([sys.executable, "-c", _WARM_UP], capture_output=True, text=True, check=True, cwd=ROOT)
    assert shown.stdout.strip() == "[False, True]"


def test_a_worker_that_fails_early_while_many_batches_wait_for_it_fails_the_month_as_one_process(tmp_path, small_results, monkeypatch):
    # One result a message and one message waiting at most: the reading process is stopped by the
    # failed lane long before the end, and must neither hang nor report another error than one process.
    monkeypatch.setattr(parallel, "BATCH", 1)
    monkeypatch.setattr(parallel, "QUEUED", 1)
    broken = [small_results[0], attrs.evolve(small_results[1], birth_date="1980-01-01"), *small_results * 60]
    one, three = errors_in_one_process_and_three(tmp_path, broken)
    assert (type(three), str(three)) == (type(one), str(one))
    assert isinstance(one, AttributeError)


def test_each_lane_is_asked_to_close_before_any_lane_is_waited_for(tmp_path, small_results, monkeypatch):
    # The register's lane must not wait for the MT102 and XML lane to catch up before it closes.
    said: list[tuple[int, str]] = []
    ask, problems = parallel.Lane.ask, parallel.Lane.problems
    monkeypatch.setattr(parallel.Lane, "ask", lambda self, command, value=None: (said.append((id(self), command)), ask(self, command, value))[1])
    monkeypatch.setattr(parallel.Lane, "problems", lambda self: (said.append((id(self), "answer")), problems(self))[1])
    writing = remittance(tmp_path / "out", 2)
    for result in small_results:
        writing.add(result)
    register, lists = (id(lane) for lane in writing.lanes)
    assert sorted(file.path.suffix for file in writing.close()) == [".mt102", ".mt102", ".xlsx", ".xml"]
    assert said[:6] == [(register, "problems"), (register, "close"), (lists, "problems"), (lists, "close"),
                        (register, "answer"), (lists, "answer")]


def test_the_lane_of_the_quick_files_gives_way_to_the_reading_process_and_the_register(tmp_path):
    writing = remittance(tmp_path / "out", 2)
    try:
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        niceness = {tuple(lane.paths and [p.suffix for group in lane.paths for p in group]): os.getpriority(os.PRIO_PROCESS, lane.process.pid)
                    for lane in writing.lanes}
    finally:
        writing.abort()
    assert niceness == {(".xlsx",): mine, (".mt102", ".mt102", ".xml"): min(mine + parallel.NICENESS, 19)}
