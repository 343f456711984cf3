"""A bureau's month on one core, on two worker processes and on a Dask cluster: the same bytes everywhere.

Every file of every employer folder (MT102, XML, register, results.json, errors, manifest) is
compared byte for byte between ``--jobs 1``, ``--jobs 2`` and a two-worker ``distributed.LocalCluster``
(loopback only), the cluster reached both through the SDK and through the installed ``run --executor dask``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from distributed import LocalCluster

from osms_payroll.ids._checksum import calc_check_digit
from osms_payroll.law import load_params
from osms_payroll.period import Period
from osms_payroll.run.dask_executor import DaskExecutor
from osms_payroll.run.executor import ExecutorError, LocalExecutor, choose_executor
from osms_payroll.run.job import RunOptions, run_months
from tests.conftest import iin_for

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).with_name("osms-payroll"))
DATES = ["--value-date", "2026-11-20", "--doc-date", "2026-11-20"]
SAMPLE_BIN = "150340012340"


def company_bin(serial: int) -> str:
    """A valid БИН of a legal entity registered 2015-03 (YYMM, type 4, head office 0, serial, check digit)."""
    for serial_ in range(serial * 10, serial * 10 + 10):
        head = f"150340{serial_:05d}"
        digit = calc_check_digit(head)
        if digit is not None:
            return head + str(digit)
    raise AssertionError("no check digit in ten serials")


def bureau(root: Path, clients: int) -> Path:
    """``clients`` employer folders, each its own БИН and a few people (one row bad in the second)."""
    for n in range(clients):
        folder = root / f"client{n}"
        folder.mkdir(parents=True)
        profile = (ROOT / "templates" / "sample" / "employer.toml").read_text(encoding="utf-8")
        (folder / "employer.toml").write_text(profile.replace(SAMPLE_BIN, company_bin(n + 1)), encoding="utf-8")
        rows = "".join(
            f"{iin_for(date(1970 + n, 1 + k, 1 + k))},Иванов Иван Иванович,2026-10,{250000 + 10000 * k + n},employee\n"
            for k in range(3 + n)
        )
        bad = "123,Петров Пётр,2026-10,100000,employee\n" if n == 1 else ""
        (folder / "payroll.csv").write_text("iin,full_name,period,gross,category\n" + rows + bad, encoding="utf-8")
    return root


def tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lock"}


def osms(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    # Two workers as threads of this process, listening on loopback only (the HTTP endpoints on a free port).
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, host="127.0.0.1",
                      dashboard_address=":0", protocol="tcp") as local:
        yield local


def test_jobs_1_jobs_2_and_a_dask_cluster_write_the_same_bytes(tmp_path: Path, cluster: LocalCluster) -> None:
    inputs = bureau(tmp_path / "in", 4)
    summaries = {}
    for name, extra in {"one": ["--jobs", "1"], "two": ["--jobs", "2"],
                        "dask": ["--executor", "dask", "--scheduler", cluster.scheduler_address]}.items():
        proc = osms("run", inputs, "--period", "2026-10", "--out", tmp_path / name, "--json", *DATES, *extra)
        assert proc.returncode == 1, proc.stderr  # the second client's bad row
        summary = json.loads(proc.stdout)
        for employer in summary["employers"]:
            employer["folder"] = str(Path(employer["folder"]).relative_to((tmp_path / name).resolve()))
        summaries[name] = summary
    assert summaries["one"] == summaries["two"] == summaries["dask"]
    assert [e["persons"] for e in summaries["one"]["employers"]] == [3, 4, 5, 6]
    assert summaries["one"]["employers"][1]["rejected_rows"] == 1
    one = tree(tmp_path / "one")
    assert len(one) == 4 * 8  # eight files in each employer's folder
    assert tree(tmp_path / "two") == one
    assert tree(tmp_path / "dask") == one


def test_the_sdk_on_a_dask_cluster_equals_the_local_pool(tmp_path: Path, cluster: LocalCluster) -> None:
    inputs = bureau(tmp_path / "in", 3)
    params = load_params(())
    options = RunOptions(Period.parse("2026-10"), date(2026, 11, 20), date(2026, 11, 20))
    local = run_months([inputs], tmp_path / "local", options, params=params, executor=LocalExecutor(2))
    remote = run_months([inputs], tmp_path / "dask", options, params=params, executor=DaskExecutor(cluster.scheduler_address))
    assert [r.amounts for r in remote.results] == [r.amounts for r in local.results]
    assert [r.status for r in remote.results] == ["written"] * 3
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


def test_a_run_that_cannot_reach_its_scheduler_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    inputs = bureau(tmp_path / "in", 1)
    options = RunOptions(Period.parse("2026-10"), date(2026, 11, 20), date(2026, 11, 20))
    # Port 9 on loopback (discard) has no scheduler.
    with pytest.raises(ExecutorError, match="планировщик Dask по адресу tcp://127.0.0.1:9 недоступен"):
        run_months([inputs], tmp_path / "out", options, params=load_params(()),
                   executor=DaskExecutor("tcp://127.0.0.1:9", timeout=1))
    assert not list((tmp_path / "out").rglob("*.mt102"))


@pytest.mark.parametrize(
    ("name", "jobs", "scheduler", "message"),
    [
        ("dask", None, None, "needs --scheduler"),
        ("dask", 2, "tcp://127.0.0.1:8786", "--jobs is for --executor local"),
        ("local", None, "tcp://127.0.0.1:8786", "--scheduler is for --executor dask"),
        ("local", 0, None, "--jobs must be at least 1"),
    ],
)
def test_executor_options_that_cannot_run_together_are_refused(name: str, jobs: int | None, scheduler: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        choose_executor(name, jobs, scheduler)


def tenfold_unless_three(n: int) -> int:
    """A task whose worker dies on item 3 (as an out-of-memory kill would end it)."""
    if n == 3:
        os._exit(1)
    return 10 * n


def test_a_worker_that_dies_fails_its_item_alone() -> None:
    outcomes = list(LocalExecutor(2).map(tenfold_unless_three, [1, 2, 3, 4, 5], lambda n, exc: -n))
    assert outcomes == [10, 20, -3, 40, 50]
