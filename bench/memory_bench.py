"""Peak memory of a whole ``run`` on a generated CSV month of 1 000 000 rows (issue 16: ≤ 300 MB).

Run: ``python bench/memory_bench.py [--rows 1000000] [--repeat 0.3] [--held N] [--trace]``.
Generates a CSV (UTF-8, ``;``) in a temp folder: ``rows / (1 + repeat)`` persons, of whom a
``repeat`` share have a second line (a bonus) at a random later row, so a person-month's lines lie
far apart as when a bonus sheet is pasted under the salaries. Then, in a fresh process so peak
memory is its own, the month's ``run`` (:func:`~osms_payroll.run.job.run_month`) with every output
(both MT102, XML, register, results.json, errors report, manifest); prints wall and CPU time, rows/s, the
child's peak RSS and the size of each file.

``--held N`` spills the grouping to disk after N lines instead of the SDK's default. ``--trace``
runs the child under :mod:`tracemalloc` and prints the lines of code holding the most memory at
the fullest moment seen (slow: use ``--rows 30000 --held 1000``), to find what holds memory per row.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from fake_people import make_iin, make_name
from peak import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["ИИН", "ФИО", "Категория", "Начислено"]


def generate(folder: Path, rows: int, repeat: float) -> Path:
    """The CSV month: every person's salary line, and for a ``repeat`` share a bonus line later on."""
    rng = random.Random(2026)
    persons = round(rows / (1 + repeat))
    seen: set[str] = set()
    lines: list[tuple[str, str, str, int]] = []
    while len(lines) < persons:
        iin = make_iin(rng)
        if iin in seen:
            continue
        seen.add(iin)
        category = rng.choice(["Сотрудник"] * 18 + ["Пенсионер", "ГПХ"])
        lines.append((iin, make_name(rng), category, rng.randint(80_000, 3_000_000)))
    bonuses = [(at, index) for index, at in ((index, rng.randint(index, persons)) for index in rng.sample(range(persons), rows - persons))]
    bonuses.sort()
    path = folder / "payroll.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(HEADER)
        pending = iter(bonuses)
        bonus = next(pending, None)
        for index, line in enumerate(lines):
            out.writerow(line)
            while bonus is not None and bonus[0] <= index:
                iin, name, category, _gross = lines[bonus[1]]
                out.writerow((iin, name, category, rng.randint(10_000, 500_000)))
                bonus = next(pending, None)
        while bonus is not None:
            iin, name, category, _gross = lines[bonus[1]]
            out.writerow((iin, name, category, rng.randint(10_000, 500_000)))
            bonus = next(pending, None)
    shutil.copy(ROOT / "templates" / "sample" / "employer.toml", folder / "employer.toml")
    return path


def run(csv_path: Path, out: Path) -> int:
    """The whole month, every output; returns the persons written."""
    from osms_payroll.law import default_params
    from osms_payroll.period import Period
    from osms_payroll.run.discover import Job
    from osms_payroll.run.job import RunOptions, run_month

    options = RunOptions(Period(2026, 10), date(2026, 11, 20), date(2026, 11, 20))
    result = run_month(Job(csv_path.parent / "employer.toml", (csv_path,)), default_params(), options, out)
    if result.status != "written":
        raise SystemExit(f"run failed: {result.problems[:3]}")
    return result.persons


class PeakSnapshots:
    """A thread that keeps the :mod:`tracemalloc` snapshot of the most memory held so far."""

    def __init__(self, every: float = 2.0) -> None:
        import threading
        import tracemalloc

        tracemalloc.start(1)
        self.best: tuple[int, tracemalloc.Snapshot | None] = (0, None)
        self.every = every
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        import tracemalloc

        while not self.done.wait(self.every):
            current, _peak = tracemalloc.get_traced_memory()
            if current > self.best[0]:
                self.best = (current, tracemalloc.take_snapshot())

    def report(self) -> None:
        self.done.set()
        self.thread.join()
        held, snapshot = self.best
        print(f"most held at a check: {held / 2**20:.1f} MB, by line:", file=sys.stderr)
        for stat in snapshot.statistics("lineno")[:20] if snapshot else ():
            print(f"  {stat.size / 2**20:8.1f} MB  {stat.count:9} blocks  {stat.traceback}", file=sys.stderr)


def child(csv_path: Path, trace: bool, held: int | None) -> None:
    if held is not None:  # spill sooner, so a small traced input shows what a large one holds
        from osms_payroll.engine import group

        group.group_lines.__kwdefaults__["held"] = held
    out = Path(tempfile.mkdtemp(prefix="osms-membench-out-"))
    snapshots = PeakSnapshots() if trace else None
    started = time.perf_counter()
    persons = run(csv_path, out)
    elapsed = time.perf_counter() - started
    if snapshots:
        snapshots.report()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_rss, cpu = peak_rss_mb(), usage.ru_utime + usage.ru_stime
    sizes = {path.name: path.stat().st_size for path in sorted((out / "2026-10").glob("*/*"))}
    shutil.rmtree(out)
    print(f"{elapsed:.3f} {cpu:.3f} {peak_rss:.1f} {persons} " + ",".join(f"{name}={size}" for name, size in sizes.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=float, default=0.3, help="share of persons with a second line")
    parser.add_argument("--trace", action="store_true", help="tracemalloc the child: what holds memory")
    parser.add_argument("--held", type=int, help="lines grouped in memory before the spill to disk (default: the SDK's)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.trace, args.held)
        return
    folder = Path(tempfile.mkdtemp(prefix="osms-membench-"))
    try:
        started = time.perf_counter()
        path = generate(folder, args.rows, args.repeat)
        print(f"generated {args.rows} rows in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
        command = [sys.executable, __file__, "--child", str(path), *(["--trace"] if args.trace else [])]
        command += ["--held", str(args.held)] if args.held is not None else []
        line = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout.split()
        elapsed, cpu, peak, persons = float(line[0]), float(line[1]), float(line[2]), int(line[3])
        print(f"run: {elapsed:.1f} s wall, {cpu:.1f} s CPU  {args.rows / elapsed:,.0f} rows/s  {persons} persons  "
              f"peak RSS {peak:.0f} MB (target ≤ 300)")
        for entry in line[4].split(",") if len(line) > 4 else ():
            name, size = entry.split("=")
            print(f"  {name:32} {int(size) / 1e6:9.1f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
