"""``run``, ``verify`` and ``remit`` never drop, double or guess a person, and never die.

Each test builds its client folders here and runs the installed console script.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from osms_payroll import i18n
from osms_payroll.i18n import _
from osms_payroll.issues import Issue, Location
from osms_payroll.period import Period
from osms_payroll.remit import read_mt102
from osms_payroll.run.errors_report import write_errors
from osms_payroll.run.lock import LOCK_NAME
from osms_payroll.run.verify import ManifestError, verify
from tests.conftest import iin_for, read_calc_csv, read_errors_csv

ROOT = Path(__file__).resolve().parents[2]
PROFILE = (ROOT / "templates" / "sample" / "employer.toml").read_text(encoding="utf-8")
BIN = "150340012340"
CLI = str(Path(sys.executable).with_name("osms-payroll"))
DATES = ["--value-date", "2026-11-20", "--doc-date", "2026-11-20"]
HEADER = "iin,full_name,period,gross,category\n"


def osms(*args: str | Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def rows(count: int, first: int = 1, name: str = "Иванов Иван") -> str:
    born = [date(1980, 1, 1) + timedelta(days=first - 1 + n) for n in range(count)]
    return "".join(f"{iin_for(day)},{name},2026-10,{300000 + 1000 * n},employee\n" for n, day in enumerate(born))


def client(root: Path, folder: str, data: str, number: str = BIN, file: str = "payroll.csv") -> Path:
    path = root / folder
    path.mkdir(parents=True, exist_ok=True)
    (path / "employer.toml").write_text(PROFILE.replace(BIN, number), encoding="utf-8")
    (path / file).write_text(HEADER + data, encoding="utf-8")
    return path


def run(inputs: Path, out: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    proc = osms("run", inputs, "--period", "2026-10", "--out", out, "--json", *DATES, *extra)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.startswith("{") else {}, proc.stderr


def report_rows(folder: Path) -> list[dict[str, str]]:
    return read_errors_csv(folder / "errors.csv")


# 2. Duplicates across files.

def test_a_copied_workbook_is_read_once_with_a_warning_naming_both(tmp_path):
    folder = client(tmp_path / "in", "acme", rows(3))
    shutil.copy(folder / "payroll.csv", folder / "payroll (1).csv")
    code, summary, _stderr = run(tmp_path / "in", tmp_path / "out")
    assert code == 0
    (employer,) = summary["employers"]
    # 300 000 + 301 000 + 302 000 = 903 000; ООСМС 3 % = 27 090, not doubled
    assert (employer["persons"], employer["oosms"]) == (3, "27090")
    (warning,) = [r for r in report_rows(tmp_path / "out" / "2026-10" / BIN) if r["code"] == "input.duplicate"]
    assert (warning["file"], warning["message"]) in {
        (str(folder / copy), _("input.duplicate", original=folder / original))
        for copy, original in (("payroll (1).csv", "payroll.csv"), ("payroll.csv", "payroll (1).csv"))
    }


def test_the_same_person_month_and_amount_in_two_files_is_a_warning(tmp_path):
    folder = client(tmp_path / "in", "acme", rows(2))
    (folder / "bonus.csv").write_text(HEADER + rows(1), encoding="utf-8")  # the first person again, same amount
    code, summary, _ = run(tmp_path / "in", tmp_path / "out")
    assert code == 0
    (employer,) = summary["employers"]
    # both lines of the first person are summed (600 000 → ООСМС 18 000) and the second gives 9 030
    assert employer["persons"] == 2 and employer["oosms"] == "27030"
    repeated = [r for r in report_rows(tmp_path / "out" / "2026-10" / BIN) if r["code"] == "person.repeated"]
    assert len(repeated) == 1 and "bonus.csv" in repeated[0]["message"] + repeated[0]["file"]


# 3. Employer identity.

def test_two_different_profiles_with_one_bin_are_both_refused_with_both_paths(tmp_path):
    client(tmp_path / "in", "acme", rows(2))
    other = client(tmp_path / "in", "acme-copy", rows(2, first=10))
    (other / "employer.toml").write_text(PROFILE.replace("ТОО «Дала Сервис»", "ТОО «Другая»"), encoding="utf-8")
    client(tmp_path / "in", "zeta", rows(1, first=20), number="120440000018")
    code, summary, _ = run(tmp_path / "in", tmp_path / "out")
    assert code == 1
    assert [(e["employer"], e["persons"]) for e in summary["employers"]] == [("120440000018", 1)]
    refused = [s for s in summary["skipped"] if s["code"] == "employer.same_id"]
    assert len(refused) == 2
    assert all("acme/employer.toml" in s["message"] and "acme-copy/employer.toml" in s["message"] for s in refused)
    assert sorted(p.name for p in (tmp_path / "out" / "2026-10").iterdir()) == ["120440000018"]


def test_identical_profiles_with_one_bin_are_one_employer(tmp_path):
    client(tmp_path / "in", "salary", rows(2))
    client(tmp_path / "in", "bonus", rows(1, first=10))
    code, summary, _ = run(tmp_path / "in", tmp_path / "out")
    assert code == 0 and [(e["employer"], e["persons"]) for e in summary["employers"]] == [(BIN, 3)]


# 4. verify reads the outputs on disk.

def test_verify_notices_an_edited_mt102_a_deleted_xml_and_an_extra_file(tmp_path):
    client(tmp_path / "in", "acme", rows(2))
    assert run(tmp_path / "in", tmp_path / "out")[0] == 0
    folder = tmp_path / "out" / "2026-10" / BIN
    manifest = folder / "manifest.json"
    assert osms("verify", manifest).returncode == 0
    mt102 = folder / "osms-2026-10-knp121.mt102"
    mt102.write_bytes(mt102.read_bytes().replace(b"9000,00", b"9900,00", 1))
    (folder / "osms-2026-10.xml").unlink()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    proc = osms("verify", manifest)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"{_('verify.different')}  osms-2026-10-knp121.mt102: {_('verify.edited')}" in lines
    assert f"{_('verify.different')}  osms-2026-10.xml: {_('verify.missing')}" in lines
    assert f"{_('verify.different')}  notes.txt: {_('verify.unlisted')}" in lines
    assert f"{_('verify.identical')}  osms-2026-10-register.xlsx" in lines
    report = verify(manifest)
    assert not report.ok and report.rerun


def test_verify_finds_inputs_moved_with_the_output_tree(tmp_path):
    client(tmp_path / "work" / "in", "acme", rows(2))
    assert run(tmp_path / "work" / "in", tmp_path / "work" / "out")[0] == 0
    shutil.move(tmp_path / "work", tmp_path / "moved")
    proc = osms("verify", tmp_path / "moved" / "out" / "2026-10" / BIN / "manifest.json")
    assert proc.returncode == 0, proc.stdout
    assert f"{_('verify.identical')}  osms-2026-10-knp122.mt102" in proc.stdout.splitlines()


def test_a_malformed_manifest_is_exit_2(tmp_path):
    client(tmp_path / "in", "acme", rows(1))
    run(tmp_path / "in", tmp_path / "out")
    manifest = tmp_path / "out" / "2026-10" / BIN / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    del data["outputs"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    proc = osms("verify", manifest)
    assert proc.returncode == 2 and _("manifest.bad_list", path=manifest, key="outputs") in proc.stderr and proc.stdout == ""
    manifest.write_text("{not json", encoding="utf-8")
    assert osms("verify", manifest).returncode == 2
    with pytest.raises(ManifestError):
        verify(manifest)


# 7. .xlsb found in folders; other files listed.

def test_xlsb_is_found_and_other_files_are_listed_as_not_read(tmp_path):
    folder = client(tmp_path / "in", "acme", rows(1))
    (folder / "bonus.xlsb").write_bytes(b"not really a workbook")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    code, summary, _ = run(tmp_path / "in", tmp_path / "out")
    assert code == 1  # the .xlsb is read, and cannot be: the employer fails, naming it
    (employer,) = summary["employers"]
    with i18n.using("ru"):
        refusal = i18n._("xlsx.unreadable", file="", reason="File is not a zip file")
    assert employer["status"] == "failed" and employer["problems"][0].endswith("bonus.xlsb" + refusal)
    assert [(i["file"].rsplit("/", 1)[1], i["code"]) for i in summary["ignored"]] == [("notes.pdf", "input.ignored")]


# 8. Formula-leading text neutralised in CSV outputs.

def test_a_formula_leading_name_is_neutralised_in_csv_and_numbers_stay_numbers(tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text(HEADER + rows(1, name="=HYPERLINK(\"http://x\")") + rows(1, first=5, name="@SUM(A1)")
                    + f"{iin_for(date(1981, 1, 1))},-cmd,2026-10,12x,employee\n", encoding="utf-8")
    proc = osms("calc", path, "--format", "csv")
    assert proc.returncode == 1
    records = read_calc_csv(proc.stdout)
    assert [r["full_name"] for r in records] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
    assert [r["gross"] for r in records] == ["300000", "300000"]
    # errors.csv: a sheet named like a formula, a message echoing one; the row number stays a number
    issue = Issue("x.code", "=cmd|' /C calc'!A0", Location("book.xlsx", 7, "+SUM"), "gross", "-A1")
    write_errors(tmp_path, "errors", [issue], [], Period(2026, 10))
    (row,) = report_rows(tmp_path)
    assert (row["sheet"], row["cell"], row["message"], row["row"]) == ("'+SUM", "'-A1", "'=cmd|' /C calc'!A0", "7")


# 9. Privacy: an ИП's ИИН as the employer folder.

def test_a_sole_entrepreneurs_iin_is_masked_in_the_printed_folder(tmp_path):
    owner = iin_for(date(1975, 5, 5))
    client(tmp_path / "in", "ip", rows(1), number=owner)
    code, summary, _ = run(tmp_path / "in", tmp_path / "out")
    assert code == 0
    (employer,) = summary["employers"]
    assert (tmp_path / "out" / "2026-10" / owner / "manifest.json").is_file()  # the folder itself keeps the id
    assert employer["folder"].endswith("/2026-10/********" + owner[-4:]) and employer["employer"] == "********" + owner[-4:]
    table = osms("run", tmp_path / "in", "--period", "2026-10", "--out", tmp_path / "out", *DATES)
    assert table.returncode == 0 and owner not in table.stdout + table.stderr


# 10. One run at a time per --out; remit keeps the previous files until all new ones are ready.

def test_a_second_run_into_a_busy_out_is_refused_and_a_stale_lock_taken_over(tmp_path):
    client(tmp_path / "in", "acme", rows(1))
    out = tmp_path / "out"
    staging = out / "2026-10" / f".staging-{BIN}-0001"
    staging.mkdir(parents=True)
    holder = subprocess.Popen(["sleep", "30"])  # a live writer: the first run
    try:
        (out / LOCK_NAME).write_text(f"{holder.pid}\n", encoding="ascii")
        code, summary, err = run(tmp_path / "in", out)
        assert code == 2 and summary == {} and f"сюда уже пишет другой расчёт ({out.resolve()}, процесс {holder.pid})" in err
        assert staging.is_dir() and (out / LOCK_NAME).read_text(encoding="ascii") == f"{holder.pid}\n"
    finally:
        holder.kill()
        holder.wait()
    code, summary, err = run(tmp_path / "in", out)  # the holder is gone: its lock is stale
    assert code == 0 and f"блокировка, оставшаяся от прерванного расчёта (процесс {holder.pid}), снята" in err
    assert not staging.exists() and not (out / LOCK_NAME).exists()


def test_two_concurrent_runs_one_writes_and_one_is_told(tmp_path):
    client(tmp_path / "in", "acme", rows(200))
    args = [CLI, "run", str(tmp_path / "in"), "--period", "2026-10", "--out", str(tmp_path / "out"), *DATES]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in procs]
    for proc in procs:
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 2])  # both may finish one after the other; never a crash or a mix
    assert all("Traceback" not in err and "Errno" not in err for _, err in results)
    assert all("сюда уже пишет другой расчёт" in err for code, err in results if code == 2)
    folder = tmp_path / "out" / "2026-10" / BIN
    assert read_mt102(folder / "osms-2026-10-knp121.mt102").summary.persons == 200
    assert not (tmp_path / "out" / LOCK_NAME).exists()
    assert os.listdir(tmp_path / "out" / "2026-10") == [BIN]
