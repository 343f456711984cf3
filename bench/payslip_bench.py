"""Payslip throughput: payslips and gross-ups per second, and the core's speed beside them.

Run: ``python bench/payslip_bench.py [--persons 200000]``. The payslip is opt-in: the first line
(the ОСМС core alone) must not move when the payslip is added.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import time
from decimal import Decimal

from osms_payroll import PayLine, Period, default_params
from osms_payroll.engine.payslip import GrossUpCalculator
from osms_payroll.engine.model import PersonMonth
from osms_payroll.engine.osms import Calculator
from fake_people import make_iin


def rate(label: str, count: int, seconds: float) -> None:
    print(f"{label:28} {count / seconds:>12,.0f} /s ({count} in {seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--grossups", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    periods = [Period(year, month) for year in range(2018, 2027) for month in (1, 6, 12)]
    categories = ["employee"] * 17 + ["gpc", "pensioner", "student"]
    persons = [
        PersonMonth.of(
            PayLine(
                iin=make_iin(rng),
                period=rng.choice(periods),
                gross=Decimal(rng.randint(1_000_000, 600_000_000)) / 100,
                category=rng.choice(categories),
                resident=rng.random() > 0.05,
                ytd_taxable_income=Decimal(rng.choice((0, 0, 20_000_000, 40_000_000))),
            )
        )
        for _ in range(args.persons)
    ]
    gc.collect()
    gc.freeze()
    params = default_params()
    core = Calculator(params)
    started = time.perf_counter()
    for person in persons:
        core.calculate(person)
    rate("core calculate", len(persons), time.perf_counter() - started)
    slips = GrossUpCalculator(params)
    started = time.perf_counter()
    for person in persons:
        slips.payslips.payslip(person)
    rate("payslip", len(persons), time.perf_counter() - started)
    nets = [Decimal(rng.randint(50_000, 3_000_000)) for _ in range(args.grossups)]
    started = time.perf_counter()
    for person, net in zip(persons, nets):
        slips.gross_up(person.lines[0], net)
    rate("gross-up (whole tenge)", len(nets), time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:,.0f} MB (includes the {len(persons)} pre-built person-months)")


if __name__ == "__main__":
    main()
