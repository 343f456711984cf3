"""A bureau's month: employers per second with ``--jobs 1``, ``--jobs 2`` and a Dask LocalCluster.

Run: ``python bench/scale_bench.py [--employers 1000] [--persons 100]`` (the Dask row needs the
``dask`` extra). Generates one folder per client employer (its own БИН, a CSV of ``--persons``
people) in a temp folder, then runs ``osms-payroll run`` over all of them three ways, each in a
fresh process so its peak RSS is its own (the workers' memory is theirs: ``ru_maxrss`` of the
children is the largest worker), and checks that the three output trees are byte-identical.

The baseline is what any month of these clients must do at least, as in ``run_bench.py``: read each
client's CSV and write one register of its size with XlsxWriter (two bank-list sheets of nine
columns, a row per person each, put together in memory: for a register of a few hundred rows the
fastest XlsxWriter does, about 1.6 times its constant-memory mode here), one client after another in
one process. Each way's wall time is also given as its ratio to the baseline (issue 16: a bureau's
month faster than reading and writing its registers).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]
from fake_people import make_bin, make_iin, make_name

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("osms-payroll"))
SAMPLE_BIN = "150340012340"
DATES = ["--value-date", "2026-11-20", "--doc-date", "2026-11-20"]


def generate(root: Path, employers: int, persons: int) -> None:
    rng = random.Random(2026)
    profile = (ROOT / "templates" / "sample" / "employer.toml").read_text(encoding="utf-8")
    bins: set[str] = set()
    for n in range(employers):
        folder = root / f"client{n:05d}"
        folder.mkdir(parents=True)
        number = make_bin(rng)
        while number in bins:
            number = make_bin(rng)
        bins.add(number)
        (folder / "employer.toml").write_text(profile.replace(SAMPLE_BIN, number), encoding="utf-8")
        lines = ["iin,full_name,period,gross,category"]
        lines += [f"{make_iin(rng)},{make_name(rng)},2026-10,{rng.randint(80_000, 3_000_000)},employee" for _ in range(persons)]
        (folder / "payroll.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def digest(out: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != ".lock":
            h.update(str(path.relative_to(out)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def baseline(clients: Path, out: Path) -> None:
    for folder in sorted(clients.iterdir()):
        with (folder / "payroll.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        target = out / folder.name
        target.mkdir(parents=True)
        book = xlsxwriter.Workbook(str(target / "register.xlsx"), {"in_memory": True})
        lists = [book.add_worksheet("121"), book.add_worksheet("122")]
        for number, (iin, name, period, gross, _category) in enumerate(rows):
            for sheet in lists:
                sheet.write_row(number, 0, [number + 1, name, "01.01.1980", iin, period, int(gross), int(gross), int(gross), "0.03"])
        book.close()


def timed(args: list[str]) -> tuple[float, int]:  # float-ok: seconds
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def with_cluster(args: list[str]) -> tuple[float, int]:  # float-ok: seconds
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0") as cluster:
        return timed([*args, "--executor", "dask", "--scheduler", cluster.scheduler_address])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employers", type=int, default=1000)
    parser.add_argument("--persons", type=int, default=100)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--baseline", nargs=2, type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.baseline:
        baseline(*opts.baseline)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "in", opts.employers, opts.persons)
        print(f"{opts.employers} employers × {opts.persons} persons")
        base, peak = timed([sys.executable, __file__, "--baseline", str(root / "in"), str(root / "baseline")])
        print(f"{'baseline':22} {base:7.1f} s  {opts.employers / base:7.1f} employers/s  "
              f"{opts.employers * opts.persons / base:9.0f} persons/s  peak RSS {peak} MB  (read each CSV, write its register)")
        ways = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"]}
        digests = {}
        for name, extra in [*ways.items(), *([] if opts.no_dask else [("dask LocalCluster(2)", [])])]:
            out = root / name.replace(" ", "_")
            args = [CLI, "run", str(root / "in"), "--period", "2026-10", "--out", str(out), *DATES, *extra]
            wall, peak = with_cluster(args) if name.startswith("dask") else timed(args)
            digests[name] = digest(out)
            print(f"{name:22} {wall:7.1f} s  {opts.employers / wall:7.1f} employers/s  "
                  f"{opts.employers * opts.persons / wall:9.0f} persons/s  peak RSS {peak} MB  {wall / base:.2f} × baseline")
        print("outputs byte-identical:", len(set(digests.values())) == 1)


if __name__ == "__main__":
    main()
