"""``osms-payroll calc --payslip`` and ``--from-net`` from a user's side: the contract's fields,
bad cells, rejected person-months and the exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from osms_payroll.cli import main
from tests.conftest import iin_for, read_calc_csv

A = iin_for(date(1990, 6, 15))
B = iin_for(date(1974, 12, 31), male=False)
HEADER = "iin,full_name,period,gross,category,resident,standard_deduction,ytd_taxable_income,net,osms_excluded\n"
PAYSLIP_FIELDS = ("opv", "ipn", "ipn_base", "ipn_base_without_vosms", "net", "opvr", "so", "sn", "employer_cost")


def run(tmp_path: Path, body: str, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "payroll.csv"
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["calc", str(path), *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(tmp_path: Path, body: str, *args: str) -> tuple[int, dict]:
    code, out, _ = run(tmp_path, body, "--format", "json", *args)
    return code, json.loads(out)


def test_payslip_adds_its_fields_to_schema_1(tmp_path):
    code, doc = run_json(tmp_path, HEADER + f"{A},Ахметов Д.,2024-05,500000,,,,,,\n{B},Ким А.,2026-03,2000000,,,,,,\n", "--payslip")
    assert code == 0 and doc["schema"] == 1
    first, second = doc["results"]
    # osms-rules.md §6 worked months: 2024 at 500 000 (born 1990) and 2026 at 2 000 000 (born 1974: no ОПВР)
    assert {f: first[f] for f in PAYSLIP_FIELDS} == {
        "opv": "50000", "ipn": "38831", "ipn_base": "388312", "ipn_base_without_vosms": "398312", "net": "401169",
        "opvr": "7500", "so": "15750", "sn": "26050", "employer_cost": "564300",
    }
    assert (second["ipn"], second["net"], second["opvr"], second["sn"], second["employer_cost"]) == (
        "163625", "1602375", "0", "105960", "2195710",
    )
    assert (first["oosms"], first["vosms"]) == ("15000", "10000")  # the core's fields are unchanged
    # totals: 38 831 + 163 625 ИПН, 401 169 + 1 602 375 net, 564 300 + 2 195 710 employer cost
    totals = doc["totals"]
    assert (totals["ipn"], totals["net"], totals["employer_cost"], totals["persons"]) == ("202456", "2003544", "2760010", 2)
    assert "opvr.born_from@2024-01" in doc["parameters"]
    assert first["explanation"]["payslip"]["lines"]["ipn"]["parameters"][0] == "ipn.rate@2018-01"


def test_without_payslip_the_output_is_the_core_contract(tmp_path):
    # a payroll export that also has a net column: ignored without --from-net
    code, doc = run_json(tmp_path, HEADER + f"{A},,2024-05,500000,,,,,401169,\n")
    assert code == 0
    assert "opv" not in doc["results"][0] and "ipn" not in doc["totals"]


def test_from_net_finds_the_gross(tmp_path):
    body = "iin,period,net,resident\n" + f"{A},2024-05,401169,\n{A},2026-03,400000,\n{A},2026-03,8975,\n{B},2026-03,401188.5,no\n"
    code, doc = run_json(tmp_path, body, "--from-net")
    assert code == 0
    worked, summed, non_resident = doc["results"]
    assert (worked["gross"], worked["net"], worked["net_asked"], worked["net_exact"]) == ("500000", "401169", "401169", True)
    # two lines of one month: their nets are one asked net, 408 975 → the 2026 worked month
    assert (summed["gross"], summed["net"]) == ("500000", "408975")
    # non-resident, 2026: net = gross − 10 % ОПВ − 2 % ВОСМС − 10 % ИПН = 78 % of gross; no whole
    # gross gives 401 188.50, so the nearest net above is given and said
    assert non_resident["net_exact"] is False and non_resident["net_asked"] == "401188.5"
    assert non_resident["warnings"][-1].startswith("no gross gives a net of 401188.5 exactly")


def test_from_net_csv_columns(tmp_path):
    code, out, _ = run(tmp_path, "iin,period,net\n" + f"{A},2025-11,401505\n", "--from-net", "--format", "csv")
    assert code == 0
    (row,) = read_calc_csv(out)
    assert (row["gross"], row["opvr"], row["net_asked"], row["net_exact"]) == ("500000", "12500", "401505", "true")
    assert list(row)[-1] == "warnings"


def test_bad_cells_are_located_and_the_rest_computed(tmp_path):
    body = HEADER + (
        f"{A},,2024-05,500000,,maybe,,,,\n"
        f"{A},,2024-06,500000,,,,abc,,\n"
        f"{A},,2024-07,500000,,,нет,,,\n"
    )
    code, doc = run_json(tmp_path, body, "--payslip")
    assert code == 1
    assert [(e["row"], e["column"], e["code"]) for e in doc["errors"]] == [
        (2, "resident", "resident.format"), (3, "ytd_taxable_income", "amount.format"),
    ]
    (result,) = doc["results"]
    # no standard deduction: (500 000 − 50 000 − 10 000) × 10 % = 44 000
    assert (result["period"], result["ipn"], result["standard_deduction"]) == ("2024-07", "44000", False)


def test_from_net_rows_that_cannot_be_grossed_up(tmp_path):
    body = HEADER + f"{A},,2024-05,,,,,,,\n{A},,2024-06,,,,,,100000,true\n{B},,2024-05,,,,,,100000,\n"
    code, doc = run_json(tmp_path, body, "--from-net")
    assert code == 1
    assert [(e["row"], e["column"], e["code"]) for e in doc["errors"]] == [
        (2, "net", "amount.missing"), (3, "osms_excluded", "osms_excluded.from_net"),
    ]
    assert [r["iin"] for r in doc["results"]] == [B]


def test_person_months_the_payslip_cannot_compute_are_rejected(tmp_path):
    body = HEADER + (
        f"{A},,2024-05,300000,,,,,,\n{A},,2024-05,200000,,no,,,,\n"  # residence differs within a month
        f"{B},,2024-05,0,ip_self,,,,,\n"  # a self-payer has no payslip
        f"{B},,2017-10,500000,,,,,,\n"  # no payslip data before 2018
        f"{B},,2024-06,500000,,,,,,\n"
    )
    code, doc = run_json(tmp_path, body, "--payslip")
    assert code == 1
    assert [(e["row"], e["column"], e["code"]) for e in doc["errors"]] == [
        (2, "resident", "resident.conflict"), (3, "resident", "resident.conflict"),
        (4, "category", "payslip.category"), (5, "period", "params.missing"),
    ]
    assert A not in json.dumps(doc["errors"], ensure_ascii=False)  # ИИН masked in messages
    assert [(r["period"], r["ipn"]) for r in doc["results"]] == [("2024-06", "38831")]


def test_table_and_same_input_same_output(tmp_path):
    body = HEADER + f"{A},,2026-03,500000,,,,,,\n"
    code, out, _ = run(tmp_path, body, "--payslip")
    assert code == 0
    assert out.splitlines()[0].split()[:4] == ["ИИН", "Период", "Начислено", "ОПВ"]
    assert "ИПН: 31\u00a0025,00   на руки: 408\u00a0975,00" in out
    for fmt in ("json", "csv", "table"):
        assert run(tmp_path, body, "--payslip", "--format", fmt)[1] == run(tmp_path, body, "--payslip", "--format", fmt)[1]
