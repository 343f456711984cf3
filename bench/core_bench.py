"""Core throughput: person-months per second of ``calculate_many`` over generated pay lines.

Run: ``python bench/core_bench.py [--lines 1000000]``. Prints the rate of building validated
PayLines (input side) and of the core (grouping + ООСМС/ВОСМС), and the peak RSS.
Target (issue 2): the core ≥ 150 000 person-months per second on one core.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import time
from decimal import Decimal

from osms_payroll import PayLine, Period, default_params
from osms_payroll.engine.osms import Calculator
from fake_people import make_iin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; this machine's speed varies, so best and median are shown")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    periods = [Period(year, month) for year in range(2018, 2027) for month in (1, 6, 12)]
    categories = ["employee"] * 17 + ["gpc", "pensioner", "student"]
    started = time.perf_counter()
    lines = [
        PayLine(
            iin=make_iin(rng),
            period=rng.choice(periods),
            gross=Decimal(rng.randint(1_000_000, 600_000_000)) / 100,
            category=rng.choice(categories),
            vosms_other_income=Decimal(rng.choice((0, 0, 0, 500_000))),
        )
        for _ in range(args.lines)
    ]
    built = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # the pre-built lines are input, not work of the core: keep them out of GC scans
    rates = []
    for _ in range(args.repeat):
        calculator = Calculator(default_params())  # a fresh one each pass: its plan cache starts empty
        started = time.perf_counter()
        persons = 0
        for _result in calculator.calculate_many(lines):
            persons += 1
        rates.append(persons / (time.perf_counter() - started))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"lines:               {args.lines}")
    print(f"PayLine build:       {args.lines / built:,.0f} lines/s")
    print(
        f"core calculate_many: best {max(rates):,.0f}, median {statistics.median(rates):,.0f} person-months/s "
        f"({persons} person-months, {len(rates)} passes)"
    )
    print(f"peak RSS:            {peak_mb:,.0f} MB (includes the {args.lines} pre-built lines)")


if __name__ == "__main__":
    main()
