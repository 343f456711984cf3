"""The DataFrame recipe at scale: ``calculate`` on the partitions of a Dask DataFrame of pay lines, via Arrow.

Run: ``python bench/frame_bench.py [--person-months 10000000] [--partitions 100]`` (needs
``pip install 'dask[dataframe]' distributed pyarrow``). Each partition of pay lines is generated on
a worker of a two-process ``LocalCluster`` (one line per person-month, made-up ИИН and amounts),
goes through :func:`osms_partition` (the recipe in the README) as an Arrow table and comes back as
an Arrow table of results with money as decimal strings, written to Parquet. Prints person-months
per second and the workers' peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from decimal import Decimal

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, LocalCluster

from osms_payroll import Calculator, PayLine, Period, Result, default_params
from fake_people import make_iin

LINES = pa.schema([(name, pa.string()) for name in ("iin", "period", "gross", "category")])
RESULTS = pa.schema([(name, pa.string()) for name in ("iin", "period", "category", "oosms_base", "oosms", "vosms_base", "vosms", "exempt_reason")])


def osms_partition(lines: pa.Table) -> pa.Table:
    """The recipe: pay lines (``iin``, ``period``, ``gross``, ``category`` as strings) → one row per person-month.

    A person-month's lines must share the partition (the cap applies to their sum): partition by
    ИИН. A rejected person-month (an invalid ИИН, an unknown category) is left out here; keep
    the ``Rejection`` items if you need them listed.
    """
    calculator = Calculator(default_params())
    rows = zip(*(lines.column(name).to_pylist() for name in ("iin", "period", "gross", "category")))
    pay_lines = (PayLine(iin=iin, period=Period.parse(period), gross=gross, category=category) for iin, period, gross, category in rows)
    columns: dict[str, list[str | None]] = {name: [] for name in RESULTS.names}
    for result in calculator.calculate_many(pay_lines):
        if not isinstance(result, Result):
            continue
        oosms, vosms = result.oosms, result.vosms
        for name, value in (
            ("iin", result.iin), ("period", str(result.person.period)), ("category", result.person.category),
            ("oosms_base", str(oosms.base)), ("oosms", str(oosms.amount)),
            ("vosms_base", str(vosms.base)), ("vosms", str(vosms.amount)), ("exempt_reason", result.exempt_reason),
        ):
            columns[name].append(value)
    return pa.table(columns, schema=RESULTS)


def generate(seed: int, size: int) -> pd.DataFrame:
    rng = random.Random(seed)
    periods = [str(Period(2026, month)) for month in range(1, 12)]
    categories = ["employee"] * 17 + ["gpc", "pensioner", "student"]
    data = {
        "iin": [make_iin(rng) for _ in range(size)],
        "period": [rng.choice(periods) for _ in range(size)],
        "gross": [str(Decimal(rng.randint(8_000_000, 300_000_000)) / 100) for _ in range(size)],
        "category": [rng.choice(categories) for _ in range(size)],
    }
    return pd.DataFrame({name: pd.array(values, dtype="string[pyarrow]") for name, values in data.items()})


def on_partition(frame: pd.DataFrame) -> pd.DataFrame:
    return osms_partition(pa.Table.from_pandas(frame, preserve_index=False)).to_pandas(types_mapper=pd.ArrowDtype)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--person-months", type=int, default=10_000_000)
    parser.add_argument("--partitions", type=int, default=100)
    opts = parser.parse_args()
    size = opts.person_months // opts.partitions
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0") as cluster, \
            Client(cluster) as client, tempfile.TemporaryDirectory() as tmp:
        lines = dd.from_map(generate, range(opts.partitions), size=size)
        meta = RESULTS.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
        started = time.perf_counter()
        lines.map_partitions(on_partition, meta=meta).to_parquet(tmp, write_index=False)
        wall = time.perf_counter() - started
        written = pq.ParquetDataset(tmp).read(columns=["oosms"]).num_rows
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    total = size * opts.partitions
    print(f"{total} pay lines in {opts.partitions} partitions on a 2-worker LocalCluster (generated on the workers, in the wall time)")
    print(f"wall {wall:.1f} s  {written / wall:,.0f} person-months/s  person-months written {written}  worker peak RSS {max(peaks.values())} MB")


if __name__ == "__main__":
    main()
