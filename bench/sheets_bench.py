"""Spreadsheet reading: rows per second of ``open_rows`` + contract parsing, and peak memory.

Run: ``python bench/sheets_bench.py [--rows 100000] [--csv]``. Generates a workbook the way 1C
and accountants lay one out (title rows, Russian headers, ИИН as numbers, amounts as numbers and as
text with decimal commas, a totals row) with XlsxWriter in constant-memory mode into a temp
folder, then times reading it into PayLines (``open_rows`` iteration + ``parse_row``), excluding
the calculation. ``--csv`` writes the same rows as a ``;``-separated CP1251 CSV instead.
Targets (issue 4): ≥ 50 000 rows/s; CSV in constant memory; for workbooks nothing per row beyond
what calamine holds (about 0.6 GB per million rows).
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from osms_payroll.intake.contract import parse_row
from osms_payroll.law import default_params
from osms_payroll.intake import open_rows
from osms_payroll.intake.template import categories
from osms_payroll.issues import IssueLog
from fake_people import make_iin

HEADER = ["№", "Сотрудник", "ИИН", "Период", "Начислено", "Категория", "ВОСМС"]


def rows(count: int, seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    people = [make_iin(rng) for _ in range(min(count, 20_000))]
    out: list[list[object]] = []
    for n in range(count):
        gross = Decimal(rng.randint(60_000_00, 3_000_000_00)) / 100
        text = n % 2 == 0
        out.append([
            n + 1, f"Сотрудник {n}", int(people[n % len(people)]), "2026-10",
            f"{gross:,.2f}".replace(",", " ").replace(".", ",") if text else float(gross),
            "Сотрудник" if n % 10 else "Пенсионер", float((gross * Decimal("0.02")).quantize(Decimal(1))),
        ])
    return out


def write_xlsx(path: Path, data: list[list[object]]) -> None:
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Лист1")
    sheet.write(0, 0, "Свод начислений и удержаний за октябрь 2026 г.")
    sheet.write_row(2, 0, HEADER)
    for r, row in enumerate(data, start=3):
        sheet.write_row(r, 0, row)
    sheet.write(len(data) + 3, 0, "Итого")
    book.close()


def write_csv(path: Path, data: list[list[object]]) -> None:
    with path.open("w", encoding="cp1251", newline="") as out:
        out.write(";".join(HEADER) + "\r\n")
        for row in data:
            out.write(";".join(str(cell) for cell in row) + "\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--csv", action="store_true", help="bench the CSV reader instead of the workbook reader")
    args = parser.parse_args()
    known = set(categories(default_params()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("payroll.csv" if args.csv else "payroll.xlsx")
        started = time.perf_counter()
        data = rows(args.rows, args.seed)
        (write_csv if args.csv else write_xlsx)(path, data)
        del data
        generated = time.perf_counter() - started
        size = path.stat().st_size
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        source = open_rows(path)
        opened = time.perf_counter() - started
        log = IssueLog()
        read = sum(1 for _ in source.rows(log))
        reading = time.perf_counter() - started
        rss_read = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        lines = rejected = 0
        for row in open_rows(path).rows(IssueLog()):
            if parse_row(row, None, known).line is None:
                rejected += 1
            else:
                lines += 1
        parsing = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kind = "CSV (cp1251, ';')" if args.csv else "xlsx"
    print(f"{kind}: {args.rows} rows, {size / 2**20:.1f} MiB, generated in {generated:.1f} s")
    print(f"read (open_rows; open {opened:.2f} s): {reading:.2f} s → {read / reading:,.0f} rows/s")
    print(f"read + parse to PayLines:        {parsing:.2f} s → {args.rows / parsing:,.0f} rows/s")
    print(f"lines {lines}, rejected {rejected}, warnings {len(log.warnings())}")
    print(
        f"peak RSS {rss_read / 1024:.0f} MiB after reading, {peak / 1024:.0f} MiB after parsing "
        f"(before reading {rss_before / 1024:.0f} MiB, the generator included)"
    )


if __name__ == "__main__":
    main()
