"""Exclusion reasons and hire/dismissal months as an accountant types them: Russian headers, a
located error for an excluded line without a reason, and the bare flag refused with the codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from osms_payroll.cli import main
from osms_payroll.intake.template import write_template
from osms_payroll.law import default_params
from tests.conftest import iin_for

A = iin_for(date(1985, 3, 14))


def calc(tmp_path: Path, body: str, *args: str) -> tuple[int, dict]:
    path = tmp_path / "ведомость.csv"
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["calc", str(path), "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_russian_headers_and_a_reason_per_line(tmp_path):
    body = (
        "ИИН,Период,Начислено,Вне объекта ОСМС,Причина исключения из ОСМС,Принят в этом месяце\n"
        f"{A},2026-03,500000,,,да\n"
        f"{A},2026-03,40000,да,compulsory_insurance,да\n"
    )
    code, doc = calc(tmp_path, body, "--payslip")
    assert code == 0, doc["errors"]
    (result,) = doc["results"]
    # 3 % and 2 % of 500 000; the 40 000 of employer-paid compulsory insurance is outside the object
    assert (result["oosms"], result["vosms"]) == ("15000", "10000")
    assert result["explanation"]["lines"][1]["osms_exclusion"] == "compulsory_insurance"
    assert result["explanation"]["lines"][1]["exclusion_rule"] == "osms_exclusion.compulsory_insurance@2026-01"


def test_a_reason_alone_marks_the_line_and_a_flag_alone_is_refused(tmp_path):
    body = (
        "iin,period,gross,osms_excluded,osms_exclusion\n"
        f"{A},2025-03,500000,,\n"
        f"{A},2025-03,100000,,severance\n"
        f"{A},2026-03,100000,true,\n"
        f"{A},2026-04,100000,нет,grant\n"
    )
    code, doc = calc(tmp_path, body)
    assert code == 1
    (result,) = doc["results"]
    assert result["period"] == "2025-03" and result["oosms"] == "15000"  # severance out of the object in 2025
    errors = {(e["row"], e["column"], e["code"]) for e in doc["errors"]}
    assert errors == {(4, "osms_exclusion", "osms_exclusion.missing"), (5, "osms_exclusion", "osms_exclusion.conflict")}
    missing = next(e for e in doc["errors"] if e["code"] == "osms_exclusion.missing")
    assert "one of: burial_aid" in missing["message"] and "severance" not in missing["message"]


def test_the_templates_list_each_reason_with_its_months_and_article(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path, "ru", default_params())
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Начисления", "Категории", "Исключения"]
    rows = {(r[0], r[1]): r for r in book["Исключения"].iter_rows(min_row=2, values_only=True)}
    severance = rows[("severance", "2017-07")]
    assert severance[2] == "2025-12" and "ст. 29 п.4 пп.5" in severance[4]
    assert ("gfss_benefit", "2026-01") in rows and ("severance", "2026-01") not in rows
    header = [c.value for c in book["Начисления"][3]]
    assert {"Причина исключения из ОСМС", "Принят в этом месяце", "Уволен в этом месяце"} <= set(header)
