"""Write-back: a copy of the user's workbook with our columns and an explanation; the input untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from osms_payroll.cli import main
from osms_payroll.i18n import _, using
from tests.intake.builders import A, B, C, onec_register, xlsx


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_with_results_beside_the_data(tmp_path):
    source = onec_register(tmp_path / "svod.xlsx")
    before = digest(source)
    out = tmp_path / "out" / "svod-osms.xlsx"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["calc", str(source), "--write-back", str(out)])
    assert result.exit_code == 0, result.stderr
    assert digest(source) == before
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Свод", "Расчёт ОСМС"]
    sheet = book["Свод"]
    # the register's last column is L («К выплате»); ours start at M in the header row (5)
    assert [sheet.cell(5, c).value for c in range(13, 19)] == [
        "База ООСМС", "ООСМС (расчёт)", "База ВОСМС", "ВОСМС (расчёт)", "Освобождение", "Статус"
    ]
    assert [sheet.cell(7, c).value for c in range(13, 19)] == [800000, 24000, 800000, 16000, None, "рассчитано"]
    assert [sheet.cell(8, c).value for c in (14, 16)] == [60000, 34000]  # ВОСМС base capped at 1 700 000
    assert sheet.cell(8, 15).value == 1700000
    assert sheet.cell(11, 16).value == 2400
    assert sheet["B7"].value == "Ахметов Данияр Серикович"  # their data is kept
    explanation = book["Расчёт ОСМС"]
    texts = [cell.value for row in explanation.iter_rows() for cell in row if cell.value is not None]
    assert A in texts and C in texts and "Сверка с ведомостью" in texts and "rounding" in texts
    assert "oosms.rate@2022-01" in texts  # the parameters cited, with their source


def test_same_input_same_bytes_and_input_never_overwritten(tmp_path):
    source = onec_register(tmp_path / "svod.xlsx")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (first, second):
        assert CliRunner().invoke(main, ["calc", str(source), "--write-back", str(out)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    refused = CliRunner().invoke(main, ["calc", str(source), "--write-back", str(tmp_path / "." / "svod.xlsx")])
    with using("ru"):
        assert refused.exit_code == 2 and _("writeback.same_file", file=tmp_path / "svod.xlsx") in refused.stderr
    csv = tmp_path / "p.csv"
    csv.write_text(f"iin,gross,period\n{A},1,2026-10\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["calc", str(csv), "--write-back", str(tmp_path / "c.xlsx")]).exit_code == 2
    assert not list(tmp_path.glob(".*.tmp"))


def test_two_lines_of_a_person_and_a_rejected_row(tmp_path):
    source = xlsx(tmp_path / "p.xlsx", {"Лист1": [
        ["ИИН", "Начислено", "Период", "Примечание"],
        [A, 650000, "2026-10", "оклад"],
        [B, "много", "2026-10", None],
        [A, 150000, "2026-10", "премия"],
    ]})
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calc", str(source), "--write-back", str(out)])
    assert result.exit_code == 1
    sheet = openpyxl.load_workbook(out)["Лист1"]
    # A: 800 000 on two rows, one person-month: 24 000 / 16 000 on the first row
    assert [sheet.cell(2, c).value for c in range(5, 11)] == [800000, 24000, 800000, 16000, None, "рассчитано"]
    assert sheet.cell(4, 10).value == "учтено в строке 2" and sheet.cell(4, 6).value is None
    assert sheet.cell(3, 10).value.startswith("ошибка: amount.format")
