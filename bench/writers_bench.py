"""One big employer's ``run`` with its writers in one process and in worker processes.

Run: ``python bench/writers_bench.py [--employees 100000] [--processes 1 2]`` (as ``run_month``
takes it: 1 keeps everything in one process, 2 or more adds the two writer processes). Generates
the workbook of ``run_bench.py`` once, then runs the month in a fresh process for each and prints
the wall time, the CPU seconds of every process (the one reading and computing, then each writer
process) and their peak RSS. On a machine shared with other work the wall time is what the load
leaves; the busiest process's CPU seconds is then the wall time the run would take with a core to
each process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import psutil
from peak import peak_rss_mb
from run_bench import generate


def sample(usage: dict[int, tuple[float, float]], stop: threading.Event) -> None:
    """Every writer process's CPU seconds and peak RSS (MB), sampled until ``stop``. The writers are
    forked by the fork server (a child of this process, like the resource tracker): grandchildren."""
    me = psutil.Process()
    while not stop.wait(0.05):
        servers = {server.pid for server in me.children()}
        for child in me.children(recursive=True):
            if child.pid in servers:
                continue
            try:
                with child.oneshot():
                    times, rss = child.cpu_times(), child.memory_info().rss / 2**20
            except psutil.Error:
                continue
            usage[child.pid] = (times.user + times.system, max(rss, usage.get(child.pid, (0.0, 0.0))[1]))


def child(workbook: Path, processes: int) -> None:
    from osms_payroll.law import default_params
    from osms_payroll.period import Period
    from osms_payroll.run.discover import Job
    from osms_payroll.run.job import RunOptions, run_month

    out = Path(tempfile.mkdtemp(prefix="osms-writers-bench-"))
    usage: dict[int, tuple[float, float]] = {}
    stop = threading.Event()
    sampler = threading.Thread(target=sample, args=(usage, stop), daemon=True)
    sampler.start()
    options = RunOptions(Period(2026, 10), date(2026, 11, 20), date(2026, 11, 20))
    started, cpu = time.perf_counter(), time.process_time()
    result = run_month(Job(workbook.parent / "employer.toml", (workbook,)), default_params(), options, out, processes=processes)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stop.set()
    sampler.join()
    shutil.rmtree(out)
    if result.status != "written":
        raise SystemExit(f"run failed: {result.problems[:3]}")
    cells = [f"main {cpu:6.1f} s {peak_rss_mb():4.0f} MB"]
    cells += [f"writer {cpu:6.1f} s {peak:4.0f} MB" for cpu, peak in usage.values()]
    print(f"{elapsed:.2f}|" + " | ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workbook", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.workbook, args.child)
        return
    folder = Path(tempfile.mkdtemp(prefix="osms-writers-bench-"))
    try:
        workbook = generate(folder, args.employees)
        print(f"{args.employees} employees; load average {psutil.getloadavg()[0]:.1f} on {psutil.cpu_count()} cores")
        for processes in args.processes:
            line = subprocess.run(
                [sys.executable, __file__, "--child", str(processes), "--workbook", str(workbook)],
                check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
            elapsed, cells = line.split("|", 1)
            print(f"{processes} process(es): wall {float(elapsed):7.2f} s  {args.employees / float(elapsed):8,.0f} rows/s | {cells}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
