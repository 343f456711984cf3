"""Whole ``run`` on a generated 100 000-employee workbook against the I/O baseline.

Run: ``python bench/run_bench.py [--employees 100000]``. Generates a workbook (XlsxWriter,
constant memory) and an employer profile in a temp folder, then, each in a fresh process so peak
memory is its own:

- baseline: read the workbook with python-calamine and write an equal-sized register with
  XlsxWriter: two bank-list sheets of nine columns (№, name, birth date, ИИН, period, amount, base
  before and after the cap, rate) with a row per employee, as the run's register has — the least
  any run must do. It is put together in memory (about 390 MB at 100 000 rows), the fastest
  XlsxWriter writes it: its constant-memory mode, used before, took 1.15–1.4 times as long here;
- run (xlsxwriter): ``osms-payroll run`` in-process on the same workbook (both MT102, XML, register,
  results.json, errors, manifest) with the register written by XlsxWriter, the default writers of
  an install without the ``fast`` extra;
- run (rust): the same with the register written by the Rust writer of the ``fast`` extra
  (``OSMS_XLSX_WRITER=rust``), left out with a note when the extra is not installed.

Targets (issue 16): run ≤ 2.0 × baseline wall time with XlsxWriter and ≤ 1.0 × with the Rust writer,
peak RSS ≤ 200 MB.

On a machine shared with other work the speed can change twofold within minutes, and the baseline
(one process) and the runs (three) feel it differently: ``--rounds N`` measures the three N times,
interleaved, and gives each run's ratio to the baseline of its own round, then the median.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]
from fake_people import make_iin, make_name
from peak import peak_rss_mb
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["№", "ФИО", "ИИН", "Категория", "Начислено"]


def generate(folder: Path, employees: int) -> Path:
    rng = random.Random(2026)
    path = folder / "payroll.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Ведомость")
    sheet.write_row(0, 0, HEADER)
    seen: set[str] = set()
    row = 1
    while row <= employees:
        iin = make_iin(rng)
        if iin in seen:
            continue
        seen.add(iin)
        category = rng.choice(["Сотрудник"] * 18 + ["Пенсионер", "ГПХ"])
        sheet.write_row(row, 0, [row, make_name(rng), iin, category, rng.randint(80_000, 3_000_000)])
        row += 1
    book.close()
    shutil.copy(ROOT / "templates" / "sample" / "employer.toml", folder / "employer.toml")
    return path


def baseline(workbook: Path, out: Path) -> None:
    sheet = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name("Ведомость")
    book = xlsxwriter.Workbook(str(out / "register.xlsx"), {"in_memory": True})
    lists = [book.add_worksheet("121"), book.add_worksheet("122")]
    for number, (index, name, iin, _category, gross) in enumerate(sheet.iter_rows()):
        for target in lists:
            target.write_row(number, 0, [index, name, "01.01.1980", iin, "10.2026", gross, gross, gross, "0.03"])
    book.close()


def run(workbook: Path, out: Path) -> None:
    from osms_payroll.law import default_params
    from osms_payroll.period import Period
    from osms_payroll.run.discover import Job
    from osms_payroll.run.job import RunOptions, run_month

    options = RunOptions(Period(2026, 10), date(2026, 11, 20), date(2026, 11, 20))
    result = run_month(Job(workbook.parent / "employer.toml", (workbook,)), default_params(), options, out)
    if result.status != "written":
        raise SystemExit(f"run failed: {result.problems[:3]}")
    print(f"persons {result.persons}, " + ", ".join(f"{kind} {amount}" for kind, amount in result.amounts.items()), file=sys.stderr)


def child(mode: str, workbook: Path) -> None:
    out = Path(tempfile.mkdtemp(prefix=f"osms-bench-{mode}-"))
    started = time.perf_counter()
    (baseline if mode == "baseline" else run)(workbook, out)  # the run's register writer comes from the environment
    elapsed = time.perf_counter() - started
    peak = peak_rss_mb()
    shutil.rmtree(out)
    print(f"{elapsed:.3f} {peak:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1, help="measure the baseline and the runs this many times, interleaved")
    parser.add_argument("--mode", choices=["baseline", "run"], help=argparse.SUPPRESS)
    parser.add_argument("--workbook", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        child(args.mode, args.workbook)
        return
    folder = Path(tempfile.mkdtemp(prefix="osms-bench-"))
    try:
        started = time.perf_counter()
        workbook = generate(folder, args.employees)
        print(f"generated {args.employees} employees in {time.perf_counter() - started:.1f} s ({workbook.stat().st_size / 1e6:.1f} MB)")
        # (label, child mode, register writer, target ratio to the baseline)
        modes = [("baseline", "baseline", "xlsxwriter", None), ("run (xlsxwriter)", "run", "xlsxwriter", 2.0)]
        if importlib.util.find_spec("rustpy_xlsxwriter"):
            modes.append(("run (rust)", "run", "rust", 1.0))
        else:
            print("run (rust): not measured, the fast extra is not installed (pip install -e '.[fast]')")
        ratios: dict[str, list[float]] = {label: [] for label, *_rest in modes[1:]}
        peaks: dict[str, float] = {}
        for round_number in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"round {round_number} of {args.rounds}")
            measured = {}
            for label, mode, writer, _target in modes:
                line = subprocess.run(
                    [sys.executable, __file__, "--mode", mode, "--workbook", str(workbook)],
                    check=True, capture_output=True, text=True, env={**os.environ, "OSMS_XLSX_WRITER": writer},
                ).stdout.split()
                measured[label] = (float(line[0]), float(line[1]))
                wall, peak = measured[label]
                peaks[label] = max(peak, peaks.get(label, 0.0))
                print(f"{label:16}: {wall:7.2f} s  {args.employees / wall:10,.0f} rows/s  peak RSS {peak:6.0f} MB")
            base = measured["baseline"][0]
            for label in ratios:
                ratios[label].append(measured[label][0] / base)
            if "run (rust)" in measured:
                print(f"run (rust) / run (xlsxwriter) wall time: {measured['run (rust)'][0] / measured['run (xlsxwriter)'][0]:.2f}")
        for label, _mode, _writer, target in modes[1:]:
            each = ", ".join(f"{ratio:.2f}" for ratio in ratios[label])
            print(f"{label} / baseline wall time: {statistics.median(ratios[label]):.2f} (target ≤ {target}; each round: {each}); "
                  f"peak RSS {peaks[label]:.0f} MB (target ≤ 200)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
