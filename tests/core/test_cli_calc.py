"""The ``calc`` contract from a user's side: bad rows, grouping, formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from osms_payroll.cli import main
from tests.conftest import iin_for

HEADER = "iin,full_name,period,gross,category,vosms_other_income,osms_excluded\n"
A = iin_for(date(1985, 3, 14))
B = iin_for(date(1990, 7, 2), male=False)


def run(tmp_path: Path, body: str, *args: str) -> tuple[int, dict, str]:
    path = tmp_path / "payroll.csv"
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["calc", str(path), "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}, result.stderr


def test_salary_and_bonus_are_one_person_month(tmp_path):
    # 2024: 400 000.40 + 500 000 = 900 000.40 → capped at 850 000 once: 25 500 / 17 000
    code, doc, _ = run(tmp_path, HEADER + f"{A},Ахметов Д.,2024-05,400000.40,,,\n{A},Ахметов Д.,2024-05,500000,,,\n")
    assert code == 0
    (result,) = doc["results"]
    assert (result["gross"], result["oosms"], result["vosms"]) == ("900000.4", "25500", "17000")
    assert [line["source"] for line in result["explanation"]["lines"]] == [
        f"{tmp_path / 'payroll.csv'}, row 2", f"{tmp_path / 'payroll.csv'}, row 3",
    ]


def test_rounding_happens_once_per_person_month(tmp_path):
    # two lines of 100 000.25: 3 % of each would round to 3 000 + 3 000 = 6 000,
    # 3 % of the sum 200 000.50 = 6 000.015 → 6 000; with 100 016.70 each: 3 000.501 → 3 001 per line
    # (6 002 line by line) but 3 % × 200 033.40 = 6 001.002 → 6 001 once.
    code, doc, _ = run(tmp_path, HEADER + f"{A},,2024-05,100016.70,,,\n{A},,2024-05,100016.70,,,\n")
    assert code == 0 and doc["results"][0]["oosms"] == "6001"


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        (f"{A},,2024-05,abc,,,", "gross", "amount.format"),
        (f"{A},,2024-05,-5,,,", "gross", "amount.negative"),
        (f"{A},,2024-05,100.123,,,", "gross", "amount.precision"),
        (f"{A[:-1]},,2024-05,100,,,", "iin", "iin.length"),
        (f"{A[:-1]}{(int(A[-1]) + 1) % 10},,2024-05,100,,,", "iin", "iin.checksum"),
        (f"{A},,2024-05,100,chief,,", "category", "category.unknown"),
        (f"{A},,2024/05,100,,,", "period", "period.format"),
        (f"{A},,2016-05,100,,,", "period", "params.missing"),
        (f"{A},,2024-05,100,,,maybe", "osms_excluded", "osms_excluded.format"),
        (f"{A},,2024-05,100,,1e3,", "vosms_other_income", "amount.format"),
    ],
)
def test_a_bad_row_is_located_and_the_others_still_computed(tmp_path, row, column, code):
    exit_code, doc, _ = run(tmp_path, HEADER + row + "\n" + f"{B},,2024-05,300000,,,\n")
    assert exit_code == 1
    (error,) = doc["errors"]
    assert (error["row"], error["column"], error["code"]) == (2, column, code)
    assert error["message"]
    assert [r["iin"] for r in doc["results"]] == [B]
    assert doc["totals"]["persons"] == 1 and doc["totals"]["rejected_rows"] == 1


def test_messages_never_show_a_full_iin(tmp_path):
    _, doc, _ = run(tmp_path, HEADER + f"{A},,2024-05,100,,,\n{A},,2024-05,200,student,,\n")
    assert {e["code"] for e in doc["errors"]} == {"category.conflict"}
    assert all(A not in e["message"] for e in doc["errors"])
    assert doc["results"] == []


def test_a_bad_line_rejects_its_whole_person_month(tmp_path):
    # computing from the good line alone would understate the amount
    code, doc, _ = run(tmp_path, HEADER + f"{A},,2024-05,100000,,,\n{A},,2024-05,12x,,,\n{B},,2024-05,5,,,\n")
    assert code == 1
    assert sorted((e["row"], e["code"]) for e in doc["errors"]) == [(2, "person_month.incomplete"), (3, "amount.format")]
    assert [r["iin"] for r in doc["results"]] == [B]


def test_period_option_fills_missing_periods(tmp_path):
    code, doc, _ = run(tmp_path, "iin,gross\n" + f"{A},100000\n", "--period", "2026-10")
    assert code == 0 and doc["results"][0]["period"] == "2026-10"
    code, doc, _ = run(tmp_path, "iin,gross\n" + f"{A},100000\n")
    assert code == 1 and doc["errors"][0]["code"] == "period.missing"


def test_reuse_last_known(tmp_path):
    code, doc, _ = run(tmp_path, HEADER + f"{A},,2027-02,100000,,,\n", "--reuse-last-known")
    assert code == 0 and doc["results"][0]["oosms"] == "3000"
    assert "past the parameter data" in doc["results"][0]["warnings"][0]


def test_parameters_are_cited_once_in_full(tmp_path):
    _, doc, _ = run(tmp_path, HEADER + f"{A},,2026-10,100000,,,\n")
    explanation = doc["results"][0]["explanation"]
    refs = explanation["oosms"]["parameters"]
    assert "oosms.rate@2022-01" in refs
    for ref in refs:
        cited = doc["parameters"][ref]
        assert cited["source"] and cited["confidence"] in "HML"
    assert doc["parameters"]["oosms.base_cap_mzp@2026-01"]["value"] == "40"


def test_unreadable_input_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["calc", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2 and "не удаётся открыть" in result.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert CliRunner().invoke(main, ["calc", str(empty)]).exit_code == 2


def test_usage_error_exits_2(tmp_path):
    assert CliRunner().invoke(main, ["calc", "x.csv", "--period", "October"]).exit_code == 2


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_human_formats(tmp_path, fmt):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f"{A},Иванов Иван,2024-05,1000000,,,\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["calc", str(path), "--format", fmt])
    assert result.exit_code == 0
    # the table as the user writes money, the CSV exact (for Excel's own number format)
    shown = ("25\u00a0500,00", "17\u00a0000,00") if fmt == "table" else (";25500;", ";17000;")
    assert all(text in result.stdout for text in shown)


def test_rates_lists_parameters_with_citations():
    result = CliRunner().invoke(main, ["rates", "--period", "2026-10", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    by_id = {p["id"]: p for p in doc["parameters"]}
    assert by_id["mzp"]["value"] == "85000" and by_id["vosms.base_cap_mzp"]["value"] == "20"
    assert all(p["source"] and p["confidence"] in ("H", "M", "L") for p in doc["parameters"])
    table = CliRunner().invoke(main, ["rates", "--period", "2017-09"])
    assert "oosms.rate = 1\u00a0%  [H]  с 2017-07" in table.stdout  # 0.01 as a Russian reader writes it
    assert CliRunner().invoke(main, ["rates", "--period", "2030-01"]).exit_code == 2


def test_rules_override_replaces_a_category_rule(tmp_path):
    rules = tmp_path / "my-rules.toml"
    rules.write_text(
        '[category.student]\nunit = "category"\nreviewed_through = "2026-12"\n'
        '[[category.student.values]]\nfrom = "2017-01"\n'
        'value = { oosms = "oosms", vosms = "vosms", exempt_reason = "" }\n'
        'source = "Internal policy memo 7"\nconfidence = "L"\n',
        encoding="utf-8",
    )
    code, doc, _ = run(tmp_path, HEADER + f"{A},,2024-05,100000,student,,\n", "--rules", str(rules))
    assert code == 0
    result = doc["results"][0]
    assert (result["oosms"], result["vosms"], result["exempt_reason"]) == ("3000", "2000", None)
    assert any("category.student" in w and "confidence L" in w for w in result["warnings"])
    assert doc["rule_set"]["name"] == "applied+my-rules.toml"


def test_module_entry_point_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "osms_payroll", "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "calc" in proc.stdout


def _sum(values: list[str]) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))


def test_totals_are_sums_of_rounded_lines(tmp_path):
    rows = "".join(f"{iin_for(date(1980, 1, d))},,2024-05,{1000 * d + 0.5},,,\n" for d in range(1, 20))
    _, doc, _ = run(tmp_path, HEADER + rows)
    assert Decimal(doc["totals"]["oosms"]) == _sum([r["oosms"] for r in doc["results"]])
    assert Decimal(doc["totals"]["vosms"]) == _sum([r["vosms"] for r in doc["results"]])
