"""``osms-payroll run`` end to end through the installed console script, as a bureau would run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree
from python_calamine import CalamineWorkbook

from osms_payroll.i18n import _, date_text
from osms_payroll.remit import read_mt102
from tests.conftest import iin_for, read_errors_csv

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "sample"
CLI = str(Path(sys.executable).with_name("osms-payroll"))
DATES = ["--value-date", "2026-11-20", "--doc-date", "2026-11-20"]
HEADER = "iin,full_name,period,gross,category\n"


def osms(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"})


def client(root: Path, name: str, rows: str, profile: bool = True) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    if profile:
        shutil.copy(SAMPLE / "employer.toml", folder / "employer.toml")
    (folder / "payroll.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def good_rows(count: int, first_day: int = 1) -> str:
    return "".join(
        f"{iin_for(date(1980, 1, first_day + n))},Иванов Иван Иванович,2026-10,{300000 + 1000 * n},employee\n"
        for n in range(count)
    )


def test_a_clean_run_writes_every_file_and_totals_agree(tmp_path):
    inputs = client(tmp_path / "in", "acme", good_rows(5) + f"{iin_for(date(1960, 2, 2))},Пенсионер П.,2026-10,200000,pensioner\n")
    out = tmp_path / "out"
    proc = osms("run", inputs, "--period", "2026-10", "--out", out, "--json", *DATES)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    (employer,) = summary["employers"]
    folder = Path(employer["folder"])
    assert folder == out.resolve() / "2026-10" / "150340012340"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([
        "errors.csv", "errors.xlsx", "manifest.json", "osms-2026-10-knp121.mt102", "osms-2026-10-knp122.mt102",
        "osms-2026-10-register.xlsx", "osms-2026-10.xml", "results.json",
    ])
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    oosms, vosms = Decimal(results["totals"]["oosms"]), Decimal(results["totals"]["vosms"])
    # 3 % and 2 % of 300 000 … 304 000 (sum 1 510 000) = 45 300 and 30 200; the pensioner pays nothing
    assert (oosms, vosms) == (Decimal("45300"), Decimal("30200"))
    assert (employer["oosms"], employer["vosms"], employer["persons"]) == ("45300", "30200", 6)
    assert read_mt102(folder / "osms-2026-10-knp121.mt102").summary.total == oosms
    assert read_mt102(folder / "osms-2026-10-knp122.mt102").summary.total == vosms
    assert len(read_mt102(folder / "osms-2026-10-knp121.mt102").persons) == 5
    tree = etree.parse(str(folder / "osms-2026-10.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    amounts = [Decimal(a) for a in tree.xpath("//*[local-name()='contribution']/@amount")]
    assert sum(amounts) == oosms + vosms
    book = CalamineWorkbook.from_path(str(folder / "osms-2026-10-register.xlsx"))
    text = "\n".join(str(cell) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for cell in row)
    assert "45300" in text and "30200" in text
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"] == {"oosms": "45300", "vosms": "30200"}
    assert {o["name"] for o in manifest["outputs"]} == set(names) - {"manifest.json"}
    assert osms("verify", folder / "manifest.json").returncode == 0


def test_a_second_run_is_byte_identical_and_replaces_the_first(tmp_path):
    inputs = client(tmp_path / "in", "acme", good_rows(3))
    out = tmp_path / "out"
    assert osms("run", inputs, "--period", "2026-10", "--out", out, *DATES).returncode == 0
    folder = out / "2026-10" / "150340012340"
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert osms("run", inputs, "--period", "2026-10", "--out", out, *DATES).returncode == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first
    assert sorted(p.name for p in (out / "2026-10").iterdir()) == ["150340012340"]  # no staging leftovers


def test_three_employers_one_with_bad_rows_one_unreadable(tmp_path):
    root = tmp_path / "clients"
    client(root, "a-good", good_rows(2))
    bad = client(root, "b-bad-rows", good_rows(3, first_day=10) + f"{iin_for(date(1981, 3, 3))},Плохой,2026-10,12x,employee\n")
    unreadable = client(root, "c-unreadable", "")
    (unreadable / "payroll.csv").write_bytes(b"\x00\xff\xfe garbage")
    (unreadable / "payroll.csv").rename(unreadable / "payroll.xlsx")
    # each employer needs its own БИН (one БИН in two folders is one employer): give b and c their own
    profile = (bad / "employer.toml").read_text(encoding="utf-8")
    (bad / "employer.toml").write_text(profile.replace("150340012340", "120440000018"), encoding="utf-8")
    (unreadable / "employer.toml").write_text(profile.replace("150340012340", "050140000656"), encoding="utf-8")
    out = tmp_path / "out"
    proc = osms("run", root, "--period", "2026-10", "--out", out, "--json", *DATES)
    assert proc.returncode == 1
    summary = json.loads(proc.stdout)
    statuses = sorted((e["status"], e["rejected_rows"], e["persons"]) for e in summary["employers"])
    assert statuses == [("failed", 0, 0), ("written", 0, 2), ("written", 1, 3)]
    written = sorted(p.name for p in (out / "2026-10").iterdir())
    assert written == ["120440000018", "150340012340"]
    errors = [row for row in read_errors_csv(out / "2026-10" / "120440000018" / "errors.csv") if row["level"] == "error"]
    assert [(e["row"], e["column"], e["code"]) for e in errors] == [("5", "gross", "amount.format")]


def test_nothing_printed_shows_a_full_iin(tmp_path):
    person = iin_for(date(1977, 7, 7))
    inputs = client(tmp_path / "in", "acme", f"{person},Иванов,2026-10,100000,employee\n{person},Иванов,2026-10,1x,employee\n")
    proc = osms("run", inputs, "--period", "2026-10", "--out", tmp_path / "out", *DATES)
    assert proc.returncode == 1
    assert person not in proc.stdout + proc.stderr
    assert _("progress.rows") not in proc.stderr and "%|" not in proc.stderr  # no progress bar when not at a terminal


def test_dry_run_writes_nothing(tmp_path):
    inputs = client(tmp_path / "in", "acme", good_rows(2))
    proc = osms("run", inputs, "--period", "2026-10", "--out", tmp_path / "out", "--dry-run", "--json", *DATES)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["employers"][0]["status"] == "checked"
    assert not (tmp_path / "out").exists()


def test_rows_of_another_month_are_rejected(tmp_path):
    inputs = client(tmp_path / "in", "acme", good_rows(1) + f"{iin_for(date(1982, 2, 2))},X,2026-09,100000,employee\n")
    proc = osms("run", inputs, "--period", "2026-10", "--out", tmp_path / "out", "--json", *DATES)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["employers"][0]["persons"] == 1


def test_usage_errors_exit_2(tmp_path):
    inputs = client(tmp_path / "in", "acme", good_rows(1))
    assert osms("run", inputs, "--out", tmp_path / "out").returncode == 2  # no --period
    assert osms("run", tmp_path / "in", "--period", "2026-10", "--out", tmp_path / "in").returncode == 2  # over the inputs
    (tmp_path / "empty").mkdir()
    assert osms("run", tmp_path / "empty", "--period", "2026-10", "--out", tmp_path / "out").returncode == 2


def test_a_workbook_without_profile_is_skipped_not_fatal(tmp_path):
    root = tmp_path / "in"
    client(root, "acme", good_rows(1))
    client(root, "orphan", good_rows(1), profile=False)
    proc = osms("run", root, "--period", "2026-10", "--out", tmp_path / "out", "--json", *DATES)
    assert proc.returncode == 1
    summary = json.loads(proc.stdout)
    assert [e["status"] for e in summary["employers"]] == ["written"]
    assert [s["code"] for s in summary["skipped"]] == ["employer.missing"]


def test_verify_notices_a_changed_output(tmp_path):
    inputs = client(tmp_path / "in", "acme", good_rows(2))
    out = tmp_path / "out"
    osms("run", inputs, "--period", "2026-10", "--out", out, *DATES)
    folder = out / "2026-10" / "150340012340"
    assert osms("verify", folder / "manifest.json").returncode == 0
    # an output edited after the run (the manifest untouched): its bytes on disk are what is checked
    register = folder / "osms-2026-10-knp122.mt102"
    register.write_bytes(register.read_bytes().replace(b"6000,00", b"6001,00", 1))
    proc = osms("verify", folder / "manifest.json")
    assert proc.returncode == 1
    assert f"{_('verify.different')}  osms-2026-10-knp122.mt102: {_('verify.edited')}" in proc.stdout
    (inputs / "payroll.csv").write_text(HEADER + good_rows(1), encoding="utf-8")
    assert _("verify.input_changed") in osms("verify", folder / "manifest.json").stdout


def test_the_bundled_sample(tmp_path):
    """The README's main job: the 1C-style sample workbook and its profile, as shipped."""
    out = tmp_path / "osms-out"
    proc = osms("run", SAMPLE, "--period", "2026-10", "--out", out, "--json", *DATES)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["ignored"] == [] and summary["skipped"] == []  # the sample folder holds only inputs
    (employer,) = summary["employers"]
    # the same totals as `calc` on the contract CSV of the same people (tests/data/sample-payroll.csv)
    assert (employer["persons"], employer["oosms"], employer["vosms"]) == (24, "461250", "242300")
    folder = out / "2026-10" / "150340012340"
    assert read_mt102(folder / "osms-2026-10-knp121.mt102").summary.total == Decimal("461250")
    assert read_mt102(folder / "osms-2026-10-knp122.mt102").summary.total == Decimal("242300")
    assert osms("verify", folder / "manifest.json").returncode == 0
    assert sorted(p.name for p in SAMPLE.iterdir()) == ["employer.toml", "payroll.xlsx"]


def test_dates_the_bank_would_refuse_are_usage_errors(tmp_path):
    inputs = client(tmp_path / "in", "acme", good_rows(2))
    future = osms("run", inputs, "--period", "2026-10", "--out", tmp_path / "out", "--value-date", "2999-01-01", "--doc-date", "2999-01-01")
    assert future.returncode == 2 and _("cli.doc_date_future", dated="01.01.2999", today=date_text(date.today())) in future.stderr
    early = osms("run", inputs, "--period", "2026-10", "--out", tmp_path / "out", "--value-date", "2026-09-30", "--doc-date", "2026-09-30")
    assert early.returncode == 2 and _("cli.value_date_early", paid="30.09.2026", period="2026-10", first="01.10.2026") in early.stderr
    assert not (tmp_path / "out").exists()
