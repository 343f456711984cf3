"""The month's due date in the run summary and the register."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).with_name("osms-payroll"))
DATES = ["--value-date", "2026-10-20", "--doc-date", "2026-10-20"]


def osms(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False)


def test_the_summary_and_the_register_show_the_due_date(tmp_path):
    # September 2026 is due 25.10.2026: a Sunday and Republic Day, moved by art. 5 to Monday 26.10
    # → Tuesday 27.10.2026 (checked in test_due_dates).
    proc = osms("run", ROOT / "templates" / "sample", "--period", "2026-09", "--out", tmp_path / "out", *DATES)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "Период 2026-09, срок уплаты 27.10.2026 (перенесён с 25.10.2026: нерабочие дни)"
    register = tmp_path / "out" / "2026-09" / "150340012340" / "osms-2026-09-register.xlsx"
    book = CalamineWorkbook.from_path(str(register))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert ("Срок уплаты", "27.10.2026 (перенесён с 25.10.2026: нерабочие дни)") in [(row[0], row[2]) for row in rows]
    as_json = osms("run", ROOT / "templates" / "sample", "--period", "2026-09", "--out", tmp_path / "again", *DATES, "--json")
    due = json.loads(as_json.stdout)["due_date"]
    assert (due["nominal"], due["due"]) == ("2026-10-25", "2026-10-27")
