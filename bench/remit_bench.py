"""Remittance writers: seconds per format and peak memory, for N generated persons of one month.

Run: ``python bench/remit_bench.py [--persons 100000]``. Each measurement runs in a fresh process
(so peak RSS belongs to it alone) that generates persons on the fly, computes them with the core
and feeds them to the writers of one format: ``engine`` (no writer: the baseline), ``mt102``
(both MT102 files, read back), ``xml`` (validated against the XSD on read-back), ``xlsx``
(register) and ``all`` (the one-pass pipeline). Writer seconds are the run's seconds less the
baseline's. Every run is repeated at a tenth of the persons: memory should not grow with N.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from core_bench import make_iin

from osms_payroll import PayLine, Period, Result, default_params
from osms_payroll.remit.payer import load_employer
from osms_payroll.engine.model import PersonMonth
from osms_payroll.engine.osms import Calculator
from osms_payroll.remit import FORMATS, Remittance, RemitOptions

ROOT = Path(__file__).resolve().parents[1]
PERIOD = Period(2026, 10)
RUNS = ("engine", "mt102", "xml", "xlsx", "all")
SURNAMES = ("Ахметов", "Сулейменова", "Ким", "Жумабаева", "Оспанов", "Иванов", "Ли", "Нурланов", "Смирнова", "Байжанов")
GIVEN = ("Данияр", "Айгуль", "Сергей", "Сания", "Ерлан", "Павел", "Наталья", "Арман", "Ольга", "Тимур")
PATRONYMICS = ("Серикович", "Маратовна", "Владимирович", "Ерлановна", "Кайратович", "", "Игоревна", "Бакытович")
CATEGORIES = ("employee",) * 17 + ("gpc", "pensioner", "student")


def results(persons: int, seed: int) -> Iterator[Result]:
    """Persons generated and computed one at a time: nothing is held, so RSS shows the writers."""
    rng = random.Random(seed)
    calculator = Calculator(default_params())
    for _ in range(persons):
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {rng.choice(PATRONYMICS)}".strip()
        line = PayLine(
            iin=make_iin(rng), period=PERIOD, gross=Decimal(rng.randint(5_000_000, 600_000_000)) / 100,
            category=rng.choice(CATEGORIES), full_name=name,
        )
        yield calculator.calculate(PersonMonth.of(line))


def worker(run: str, persons: int, seed: int) -> None:
    employer = load_employer(ROOT / "templates" / "sample" / "employer.toml")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="remit-bench-") as folder:
        if run == "engine":
            for _ in results(persons, seed):
                pass
        else:
            formats = FORMATS if run == "all" else (run,)
            options = RemitOptions(value_date=date(2026, 11, 5), formats=formats)
            remittance = Remittance(employer, PERIOD, Path(folder), options)
            for result in results(persons, seed):
                remittance.add(result)
            remittance.close()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def measure(run: str, persons: int, seed: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", run, "--persons", str(persons), "--seed", str(seed)],
        check=True, capture_output=True, text=True,
    )
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--worker", choices=RUNS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.persons, args.seed)
        return
    sizes = (args.persons // 10, args.persons)
    print(f"{'run':8} {'persons':>9} {'seconds':>8} {'writer s':>9} {'persons/s':>10} {'peak RSS MB':>12}")
    for persons in sizes:
        baseline = measure("engine", persons, args.seed)
        for run in RUNS:
            found = baseline if run == "engine" else measure(run, persons, args.seed)
            writer = found["seconds"] - baseline["seconds"] if run != "engine" else 0.0
            rate = persons / writer if writer > 0 else persons / found["seconds"]
            print(f"{run:8} {persons:9} {found['seconds']:8.2f} {writer:9.2f} {rate:10,.0f} {found['peak_mb']:12.0f}")


if __name__ == "__main__":
    main()
