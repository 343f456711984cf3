"""``osms-payroll correct`` end to end: the sample month, one person's back pay, another's category
fixed, a third's pay lowered — the additional files hold exactly the differences.

The expected differences are computed by hand (2026: ООСМС 3 %, ВОСМС 2 % of the month's
income, caps 40 and 20 МЗП = 3 400 000 and 1 700 000, whole tenge), not by the engine.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from osms_payroll.i18n import _
from osms_payroll.remit import read_mt102
from tests.conftest import mt102_fields

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "sample"
CLI = str(Path(sys.executable).with_name("osms-payroll"))
DATES = ["--value-date", "2026-12-02", "--doc-date", "2026-12-02"]
SULEIMENOVA, OSPANOV, PETROV = "900702424711", "600505311869", "750808383133"


def osms(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("correct")
    run = osms("run", SAMPLE, "--period", "2026-10", "--out", root / "out", "--value-date", "2026-11-20", "--doc-date", "2026-11-20")
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(SAMPLE / "payroll.xlsx")
    sheet = book.active
    assert (sheet["C7"].value, sheet["C10"].value, sheet["C16"].value) == ("Сулейменова", "Оспанов", "Петров")
    sheet["H7"] = 520000  # back pay: 420 000 → 520 000
    sheet["G10"] = "Сотрудник"  # was listed as a pensioner by mistake
    sheet["H16"] = 1000000  # overpaid: 1 200 000 → 1 000 000
    corrected = root / "corrected.xlsx"
    book.save(corrected)
    return root / "out" / "2026-10" / "150340012340" / "manifest.json", corrected


def person_amounts(path: Path) -> dict[str, Decimal]:
    return {person.iin: person.amount for person in read_mt102(path).persons}


def test_the_additional_lists_hold_exactly_the_positive_differences(month, tmp_path):
    manifest, corrected = month
    out = tmp_path / "correction"
    proc = osms("correct", manifest, corrected, "--out", out, *DATES, "--number", "7", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    # Сулейменова +100 000 → +3 000 / +2 000; Оспанов 310 000 now owed → 9 300 / 6 200.
    assert summary["additional"] == {"oosms": "12300", "vosms": "8200"}
    # Петров −200 000 → −6 000 / −4 000: overpaid, in no bank list.
    assert summary["overpaid"] == {"oosms": "6000", "vosms": "4000"}
    assert person_amounts(out / "osms-2026-10-knp121.mt102") == {SULEIMENOVA: Decimal(3000), OSPANOV: Decimal(9300)}
    assert person_amounts(out / "osms-2026-10-knp122.mt102") == {SULEIMENOVA: Decimal(2000), OSPANOV: Decimal(6200)}
    for knp in ("121", "122"):
        check = osms("mt102", "check", out / f"osms-2026-10-knp{knp}.mt102")
        assert check.returncode == 0, check.stdout + check.stderr
        assert mt102_fields(check.stdout)["period"] == "2026-10"
    order = mt102_fields(osms("mt102", "check", out / "osms-2026-10-knp121.mt102").stdout)["order"]
    assert order.startswith(_("mt102.check.order_value", number="7", date="02.12.2026", value_date=""))
    with (out / "overpayments.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["iin"], r["payment"], r["overpaid"]) for r in rows] == [(PETROV, "oosms", "6000"), (PETROV, "vosms", "4000")]
    # Why and what to do in the month's language (Russian here), the columns keyed for scripts.
    assert rows[0]["what_to_do"] == _("correct.overpaid_advice") and "возврат" in rows[0]["what_to_do"]
    assert rows[0]["why"].startswith(_("correct.why.gross", before="1200000", after="1000000")) and rows[0]["why"].startswith("начислено")
    delta = json.loads((out / "delta.json").read_text(encoding="utf-8"))
    why = {c["iin"]: c["why"] for c in delta["changes"]}
    assert why[OSPANOV] == ["category pensioner → employee", "oosms base 0 → 310000", "vosms base 0 → 310000"]
    assert delta["unchanged"] == 21 and delta["original"]["manifest"] == str(manifest)
    record = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert record["correction_of"]["manifest"] == str(manifest)
    assert record["totals"] == {"oosms": "467550", "vosms": "246500"}  # 461 250 + 12 300 − 6 000; 242 300 + 8 200 − 4 000


def test_a_correction_that_only_lowers_writes_no_bank_line_and_a_correction_of_it_works(month, tmp_path):
    manifest, corrected = month
    first = tmp_path / "first"
    assert osms("correct", manifest, corrected, "--out", first, *DATES).returncode == 0
    # Undo Петров's cut in a second correction of the first: +6 000 / +4 000 due again.
    book = openpyxl.load_workbook(corrected)
    book.active["H16"] = 1200000
    again = tmp_path / "again.xlsx"
    book.save(again)
    second = tmp_path / "second"
    proc = osms("correct", first / "manifest.json", again, "--out", second, *DATES, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["additional"] == {"oosms": "6000", "vosms": "4000"}
    assert person_amounts(second / "osms-2026-10-knp121.mt102") == {PETROV: Decimal(6000)}
    # Lowering only: the original month against the lowered book → nothing additional, no lists.
    lowered = openpyxl.load_workbook(SAMPLE / "payroll.xlsx")
    lowered.active["H16"] = 1000000
    only_down = tmp_path / "down.xlsx"
    lowered.save(only_down)
    third = tmp_path / "third"
    proc = osms("correct", manifest, only_down, "--out", third, *DATES)
    assert proc.returncode == 0, proc.stderr
    assert not list(third.glob("*.mt102"))
    # Said in the user's language (Russian by default), as every other line of the report.
    assert "за 2026-10 по osms-2026-10-knp121.mt102 ничего не причитается: файл не записан" in proc.stderr


def test_the_penalty_on_the_additional_amounts(month, tmp_path):
    manifest, corrected = month
    proc = osms("correct", manifest, corrected, "--out", tmp_path / "c", *DATES, "--paid", "2026-12-02", "--reuse-last-known", "--json")
    assert proc.returncode == 0, proc.stderr
    oosms, vosms = json.loads(proc.stdout)["penalties"]
    # Due Wednesday 25.11.2026, paid 02.12.2026: 7 days at 17 % (reused): 12 300 × 1.25 × 0.17 × 7
    # / 365 = 50.13 → 50; 8 200 × … = 33.42 → 33.
    assert (oosms["penalty"], vosms["penalty"]) == ("50", "33")
    assert (tmp_path / "c" / "penalty.json").is_file()
    # The penalty orders name the persons of the additional lists with their share, to the tiyn:
    # 50 × 9 300 / 12 300 = 37.804… → 37.80; 50 × 3 000 / 12 300 = 12.195… → 12.19 + the spare tiyn
    # (larger remainder) = 12.20. 33 × 6 200 / 8 200 = 24.951… → 24.95; 33 × 2 000 / 8 200 = 8.048…
    # → 8.04 + the spare tiyn = 8.05.
    orders = tmp_path / "c" / "penalty"
    assert person_amounts(orders / "osms-2026-10-knp123.mt102") == {OSPANOV: Decimal("37.80"), SULEIMENOVA: Decimal("12.20")}
    assert person_amounts(orders / "osms-2026-10-knp124.mt102") == {OSPANOV: Decimal("24.95"), SULEIMENOVA: Decimal("8.05")}
    # Numbered after the two additional orders (1, 2).
    order = mt102_fields(osms("mt102", "check", orders / "osms-2026-10-knp123.mt102").stdout)["order"]
    assert order.startswith(_("mt102.check.order_value", number="3", date="02.12.2026", value_date=""))


def test_an_unusable_original_or_output_folder_is_refused(month, tmp_path):
    manifest, corrected = month
    same = osms("correct", manifest, corrected, "--out", manifest.parent, *DATES)
    assert same.returncode == 2 and "папка исходного месяца" in same.stderr
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    refused = osms("correct", manifest, corrected, "--out", busy, *DATES)
    assert refused.returncode == 2 and "не пуста" in refused.stderr and (busy / "notes.txt").exists()


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_summary_in_the_users_language(month, tmp_path, lang):
    from osms_payroll.i18n import money, ngettext, using
    from tests.core.test_languages import STOCK, _prose

    manifest, corrected = month
    proc = osms("--lang", lang, "correct", manifest, corrected, "--out", tmp_path / "c", *DATES, "--paid", "2026-12-02", "--reuse-last-known")
    assert proc.returncode == 0, proc.stderr
    with using(lang):
        assert proc.stdout.splitlines()[0] == ngettext("correct.title", "correct.title_plural", 3, period="2026-10", folder=tmp_path / "c")
        # Сулейменова's back pay 100 000: ООСМС +3 000 / ВОСМС +2 000 (3 % / 2 %), as the JSON test above.
        differences = f"+{money(Decimal(3000))} / +{money(Decimal(2000))}"
        assert any(_("correct.status.changed") in line and differences in line for line in proc.stdout.splitlines())
        assert _("correct.why.gross", before="420000", after="520000") in proc.stdout
        assert f"{_('correct.additional')} {money(Decimal(12300)):>12}" in proc.stdout
        assert _("correct.overpaid") in proc.stdout and _("correct.penalty", kind="ООСМС (отчисления)", amount="", reason="")[:-4] in proc.stdout
    if lang != "en":
        assert not STOCK.search(_prose(proc.stdout)), proc.stdout


def test_a_rejected_person_is_neither_removed_nor_paid_and_the_others_are_written(month, tmp_path):
    # Петров's corrected pay is unreadable and Оспанов's surname has brackets, which the bank cannot
    # take: each is rejected alone, exit 1. Neither is "removed" (Петров's 36 000 / 24 000 of
    # 1 200 000 would have been an overpayment) nor in a bank list (Оспанов's 9 300 / 6 200).
    manifest, _corrected = month
    book = openpyxl.load_workbook(SAMPLE / "payroll.xlsx")
    sheet = book.active
    sheet["H7"] = 520000  # Сулейменова's back pay, as above: +3 000 / +2 000
    sheet["G10"] = "Сотрудник"
    sheet["C10"] = "Оспанов (Оспан)"
    sheet["H16"] = "много"
    corrected = tmp_path / "rejected.xlsx"
    book.save(corrected)
    out = tmp_path / "correction"
    proc = osms("correct", manifest, corrected, "--out", out, *DATES, "--json")
    assert proc.returncode == 1, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["additional"] == {"oosms": "3000", "vosms": "2000"} and summary["overpaid"] == {"oosms": "0", "vosms": "0"}
    assert person_amounts(out / "osms-2026-10-knp121.mt102") == {SULEIMENOVA: Decimal(3000)}
    assert {error["code"].split(".")[0] for error in summary["errors"]} == {"amount", "name"}
    delta = json.loads((out / "delta.json").read_text(encoding="utf-8"))
    status = {c["iin"]: c["status"] for c in delta["changes"]}
    assert status == {SULEIMENOVA: "changed", OSPANOV: "rejected", PETROV: "rejected"}
    with (out / "overpayments.csv").open(encoding="utf-8-sig") as handle:
        assert list(csv.DictReader(handle)) == []
    table = osms("correct", manifest, corrected, "--out", tmp_path / "again", *DATES)
    assert table.returncode == 1
    assert sum(_("correct.status.rejected") in line for line in table.stdout.splitlines()) == 2, table.stdout
