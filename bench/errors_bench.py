"""A month whose rows are all rejected: the errors report lists every one, with memory flat.

Run: ``python bench/errors_bench.py [--rows 100000 400000]``. For each size, generates a CSV whose
rows all have an amount that is not a number, then, in a fresh process so peak memory is its own,
runs :func:`~osms_payroll.run.job.run_month` (the log spills the errors to disk and the errors
report streams them back) and checks that ``errors.csv`` has a row for every input row.

Target (issue 9): peak RSS grows by less than 0.5 KB per rejected row — only the keys the reader
and the grouping keep per row to find repeats; the errors themselves wait on disk. (Holding them
in memory, as before, cost about 2.3 KB per row.)
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from fake_people import make_iin
from peak import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]


def generate(folder: Path, rows: int) -> Path:
    rng = random.Random(2026)
    path = folder / "payroll.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("iin,full_name,period,gross\n")
        for _ in range(rows):
            out.write(f"{make_iin(rng)},Иванов Иван,2026-10,сто тысяч\n")
    shutil.copy(ROOT / "templates" / "sample" / "employer.toml", folder / "employer.toml")
    return path


def child(payroll: Path, rows: int) -> None:
    from osms_payroll.law import default_params
    from osms_payroll.period import Period
    from osms_payroll.run.discover import Job
    from osms_payroll.run.job import RunOptions, run_month

    out = Path(tempfile.mkdtemp(prefix="osms-bench-errors-"))
    try:
        options = RunOptions(Period(2026, 10), date(2026, 11, 20), date(2026, 11, 20))
        started = time.perf_counter()
        result = run_month(Job(payroll.parent / "employer.toml", (payroll,)), default_params(), options, out)
        elapsed = time.perf_counter() - started
        if result.status != "written" or result.rejected_rows != rows:
            raise SystemExit(f"run: {result.status}, {result.rejected_rows} rejected of {rows}: {result.problems[:3]}")
        (errors,) = out.rglob("errors.csv")
        with errors.open(encoding="utf-8-sig") as handle:
            listed = sum(1 for line in handle if ";amount.format;" in line)
        if listed != rows:
            raise SystemExit(f"errors.csv lists {listed} of {rows} rejected rows")
        peak = peak_rss_mb()
        print(f"{elapsed:.3f} {peak:.1f}")
    finally:
        shutil.rmtree(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 400_000])
    parser.add_argument("--payroll", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.payroll, args.child)
        return
    peaks: list[tuple[int, float]] = []
    for rows in args.rows:
        folder = Path(tempfile.mkdtemp(prefix="osms-bench-"))
        try:
            payroll = generate(folder, rows)
            line = subprocess.run(
                [sys.executable, __file__, "--payroll", str(payroll), "--child", str(rows)],
                check=True, capture_output=True, text=True,
            ).stdout.split()
            elapsed, peak = float(line[0]), float(line[1])
            peaks.append((rows, peak))
            print(f"{rows:9,} rejected rows: {elapsed:7.2f} s  {rows / elapsed:9,.0f} rows/s  peak RSS {peak:6.0f} MB, every row listed")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    (fewest, low), (most, high) = min(peaks), max(peaks)
    if most > fewest:
        print(f"peak RSS grows {(high - low) * 1024 / (most - fewest):.2f} KB per rejected row (target < 0.5)")


if __name__ == "__main__":
    main()
