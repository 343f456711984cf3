"""The MT102 read-back check: persons per second of ``check_mt102`` on the files a run writes.

Run: ``python bench/mt102_bench.py [--persons 100000]``. Writes both MT102 lists (KNP 121 and
122) of N generated persons with the writer the run uses, then times ``check_mt102`` (the strict
check the run reads its files back with) on each, best of three passes, by the wall clock and by
the process's CPU time (on a shared machine the second is the steadier figure). Target (issue 16):
≥ 300 000 persons/s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from remit_bench import PERIOD, ROOT, results

from osms_payroll.remit import Remittance, RemitOptions
from osms_payroll.remit.mt102.reader import check_mt102
from osms_payroll.remit.payer import load_employer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    opts = parser.parse_args()
    employer = load_employer(ROOT / "templates" / "sample" / "employer.toml")
    with tempfile.TemporaryDirectory(prefix="mt102-bench-") as folder:
        remittance = Remittance(employer, PERIOD, Path(folder), RemitOptions(value_date=date(2026, 11, 5), formats=("mt102",)))
        for result in results(opts.persons, 2026):
            remittance.add(result)
        remittance.close()
        for path in sorted(Path(folder).glob("*.mt102")):
            best = cpu = float("inf")  # float-ok: seconds
            for _ in range(opts.repeat):
                started, used = time.perf_counter(), time.process_time()
                summary = check_mt102(path)
                best = min(best, time.perf_counter() - started)
                cpu = min(cpu, time.process_time() - used)
            persons = summary.persons
            print(f"{path.name}: {persons} persons, ok={summary.ok}, check best {best:.2f} s = {persons / best:,.0f} persons/s "
                  f"({path.stat().st_size / best / 1e6:.1f} MB/s); CPU {cpu:.2f} s = {persons / cpu:,.0f} persons/s")  # float-ok: rates


if __name__ == "__main__":
    main()
