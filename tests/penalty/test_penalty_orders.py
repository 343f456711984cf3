"""The penalty orders (KNP 123 / 124) of a late month, through the MT102, XML and register writers.

Each list names the persons of the run's list with their share of the penalty; the shares are
checked against an independent proportional split computed here, and the lists add up to the
penalty exactly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import openpyxl

from osms_payroll.remit import check_xml
from osms_payroll.remit import read_mt102

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).with_name("osms-payroll"))


def osms(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False)


def test_a_runs_penalty_orders_share_the_penalty_over_its_persons(tmp_path):
    out = tmp_path / "out"
    run = osms("run", ROOT / "templates" / "sample", "--period", "2026-10", "--out", out, "--value-date", "2026-11-20", "--doc-date", "2026-11-20")
    assert run.returncode == 0, run.stderr
    folder = out / "2026-10" / "150340012340"
    listed = {r["iin"]: Decimal(r["oosms"]) for r in json.loads((folder / "results.json").read_text(encoding="utf-8"))["results"]}
    orders = tmp_path / "penalty"
    proc = osms("penalty", folder / "manifest.json", "--paid", "2026-12-02", "--out", orders, "--reuse-last-known", "--number", "5", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    oosms, vosms = json.loads(proc.stdout)["penalties"]
    # 461 250 × 1.25 × 0.17 × 7 / 365 = 1 879.75 → 1 880 (see test_cli_penalty).
    assert (oosms["payment"], oosms["penalty"], vosms["payment"], vosms["penalty"]) == ("oosms_penalty", "1880", "vosms_penalty", "987")

    document = read_mt102(orders / "osms-2026-10-knp123.mt102")
    assert (document.summary.header.knp, document.summary.header.number) == ("123", "5")
    shares = {p.iin: p.amount for p in document.persons}
    assert sum(shares.values()) == Decimal(1880)
    # Everyone on the KNP 121 list, and only they, shares the ООСМС penalty, within a tiyn of
    # 1 880 × their amount / 461 250.
    assert set(shares) == {iin for iin, amount in listed.items() if amount > 0}
    for iin, share in shares.items():
        exact = Decimal(1880) * listed[iin] / Decimal(461250)
        assert exact.quantize(Decimal("0.01"), ROUND_DOWN) <= share <= exact.quantize(Decimal("0.01"), ROUND_DOWN) + Decimal("0.01")
    # Ахметов 24 000 of 461 250 → 97.8211… → 97.82 (remainder 0.0011, too small for the spare
    # tiyn); Ким 102 000 → 415.7398… → 415.73 + the spare tiyn of the largest remainders = 415.74.
    assert (shares["850314353054"], shares["781123364683"]) == (Decimal("97.82"), Decimal("415.74"))

    check = osms("mt102", "check", orders / "osms-2026-10-knp124.mt102")
    assert check.returncode == 0 and "Пеня по взносам на ОСМС за октябрь 2026 г." in check.stdout
    xml = check_xml(orders / "osms-2026-10.xml")
    assert (xml.totals["123"], xml.totals["124"]) == (Decimal(1880), Decimal(987))
    book = openpyxl.load_workbook(orders / "osms-2026-10-register.xlsx")
    assert {"КНП 123", "КНП 124"} <= set(book.sheetnames)
    assert json.loads((orders / "penalty.json").read_text(encoding="utf-8"))["penalties"][0]["knp"] == "123"
    # The folder must be new: a second run into it is refused, the files left as they are.
    again = osms("penalty", folder / "manifest.json", "--paid", "2026-12-02", "--out", orders, "--reuse-last-known")
    assert again.returncode == 2 and "не новая и не пустая папка" in again.stderr
