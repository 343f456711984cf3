"""Workbooks and CSV as accountants and 1C make them, read into the same lines as the contract CSV."""

from __future__ import annotations

import re

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from osms_payroll.i18n import _
from osms_payroll.cli import main
from osms_payroll.intake import InputError, open_rows
from osms_payroll.issues import Issue, IssueLog
from tests.conftest import DATA, iin_for
from tests.intake.builders import A, B, C, GOLDEN, ods, onec_register, openpyxl_book, xlsx

EXPECTED = ("oosms_base", "oosms", "vosms_base", "vosms", "exempt_reason", "category", "period", "iin")


def calc_json(path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(main, ["calc", str(path), "--format", "json", *args])
    doc = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, doc, result.stderr


def numbers(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in EXPECTED) + (r["gross"],) for r in doc["results"]]


@pytest.fixture(scope="module")
def csv_numbers() -> list[tuple[Any, ...]]:
    code, doc, _ = calc_json(DATA / "osms-cases.csv")
    assert code == 0
    return numbers(doc)


# The golden cases in Kazakh/Russian category spellings, as a hand-made sheet would name them.
KK_CATEGORY = {"employee": "Қызметкер", "pensioner": "Зейнеткер", "student": "Білім алушы", "foreigner": "Шетелдік",
               "military": "Әскери қызметші", "parental_leave": "Декреттік демалыс", "award_mother": "Көпбалалы ана",
               "disabled": "Мүгедек", "gpc": "АҚШ"}


def _ru_amount(text: str) -> str:
    whole, _, cents = Decimal(text).quantize(Decimal("0.01")).to_eng_string().partition(".")
    return f"{int(whole):,}".replace(",", " ") + "," + cents


def golden_contract_sheet(path: Path) -> Path:
    """Contract header names, typed cells: ИИН and amounts as numbers, periods as dates."""
    rows: list[list[Any]] = [["iin", "full_name", "period", "gross", "category", "vosms_other_income"]]
    for c in GOLDEN:
        year, month = map(int, c["period"].split("-"))
        rows.append([int(c["iin"]), c["full_name"], date(year, month, 1), Decimal(c["gross"]), c["category"], int(c["vosms_other_income"])])
    return xlsx(path, {"Sheet1": rows})


def golden_kazakh_sheet(path: Path) -> Path:
    """Kazakh headers under a merged title, amounts as text with spaces and decimal commas, categories in words."""
    rows: list[list[Any]] = [["МӘМС есебі, 2017–2026"], [], ["ЖСН", "Т.А.Ә.", "Кезең", "Есептелді, теңге", "Санат", "Басқа жұмыс берушілердегі табыс"]]
    for c in GOLDEN:
        year, month = c["period"].split("-")
        rows.append([c["iin"], c["full_name"], f"{month}.{year}", _ru_amount(c["gross"]), KK_CATEGORY[c["category"]], _ru_amount(c["vosms_other_income"])])
    return xlsx(path, {"Есептеу": rows}, merges={"Есептеу": ["A1:F1"]})


def golden_russian_sheet(path: Path) -> Path:
    """Name in three columns, empty rows, English-style thousands, a totals row, an instructions sheet first."""
    rows: list[list[Any]] = [["Фамилия", "Имя", "Отчество", "ИИН", "Месяц", "Начислено", "Категория", "Доход у других работодателей"]]
    for index, c in enumerate(GOLDEN):
        parts = (c["full_name"].split() + ["", "", ""])[:3]
        rows.append([*parts, c["iin"], c["period"], f"{Decimal(c['gross']):,.2f}", c["category"], c["vosms_other_income"]])
        if index % 10 == 0:
            rows.append([])
    total = sum(Decimal(c["gross"]) for c in GOLDEN)
    rows.append(["Итого", None, None, None, None, f"{total:,.2f}"])
    return xlsx(path, {"Инструкция": [["Заполните лист «Зарплата»"]], "Зарплата": rows})


@pytest.mark.parametrize("build", [golden_contract_sheet, golden_kazakh_sheet, golden_russian_sheet])
def test_every_golden_case_comes_out_as_through_the_csv(tmp_path, build, csv_numbers):
    path = build(tmp_path / "payroll.xlsx")
    code, doc, stderr = calc_json(path)
    assert code == 0, doc.get("errors") or stderr
    assert numbers(doc) == csv_numbers
    assert doc["totals"]["persons"] == len(GOLDEN)
    assert "reconciliation" not in doc  # no ООСМС/ВОСМС columns in these sheets


def test_semicolon_cp1251_csv_from_russian_excel(tmp_path, csv_numbers):
    lines = ["ИИН;ФИО;Период;Начислено;Категория;Доход у других работодателей"]
    lines += [f"{c['iin']};{c['full_name']};{c['period']};{_ru_amount(c['gross'])};{c['category']};{c['vosms_other_income']}" for c in GOLDEN]
    path = tmp_path / "payroll.csv"
    path.write_bytes("\r\n".join(lines).replace("Ә", "А").replace("ә", "а").replace("Ұ", "У").replace("ұ", "у")
                     .replace("Қ", "К").replace("қ", "к").replace("і", "и").replace("ғ", "г").encode("cp1251"))
    code, doc, _ = calc_json(path)
    assert code == 0 and numbers(doc) == csv_numbers


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_bom_and_unicode_text_exports(tmp_path, encoding):
    delimiter = "\t" if encoding == "utf-16" else ";"
    path = tmp_path / "p.csv"
    path.write_text(delimiter.join(["ЖСН", "Есептелді", "Кезең"]) + "\n" + delimiter.join([A, "650 000,50", "2026-10"]) + "\n", encoding=encoding)
    code, doc, _ = calc_json(path)
    # 650 000.50 in 2026: ООСМС 3 % = 19 500.015 → 19 500; ВОСМС 2 % = 13 000.01 → 13 000
    assert code == 0 and (doc["results"][0]["oosms"], doc["results"][0]["vosms"]) == ("19500", "13000")


def test_onec_register(tmp_path):
    path = onec_register(tmp_path / "svod.xlsx")
    source = open_rows(path)
    assert source.layout is not None and (source.layout.adapter, source.layout.sheet, source.layout.header_row) == ("1c", "Свод", 5)
    log = IssueLog()
    rows = list(source.rows(log))
    assert [r.location.row for r in rows] == [7, 8, 11]  # department rows, totals and the signature are not people
    assert rows[2].values["iin"] == C and rows[2].cells["iin"] == "D11"
    assert rows[0].values["gross"] == "800000" and rows[0].cells["gross"] == "G7"  # «Начислено / Всего», not «Оклад»
    assert (rows[0].values["vosms"], rows[0].values["oosms"]) == ("16000", "24000")  # ОСМС under Удержано / Отчисления
    warnings = log.warnings()
    assert [w.code for w in warnings] == ["period.from_title", "iin.leading_zero"]  # the subtotal and the total both agree with the rows
    assert warnings[1].where == f"{path}, Свод!D11" and C not in warnings[1].message
    code, doc, _ = calc_json(path)
    assert code == 0
    assert [(r["iin"], r["oosms"], r["vosms"]) for r in doc["results"]] == [
        (A, "24000", "16000"), (B, "60000", "34000"), (C, "3600", "2400")
    ]
    (difference,) = doc["reconciliation"]
    assert (difference["iin"], difference["payment"], difference["sheet"], difference["ours"], difference["reason"]) == (
        C, "vosms", "2401", "2400", "rounding"
    )
    assert difference["cells"] == ["Свод!J11"]


def test_period_option_overrides_the_title(tmp_path):
    path = onec_register(tmp_path / "svod.xlsx")
    code, doc, _ = calc_json(path, "--period", "2026-09")
    assert code == 0 and {r["period"] for r in doc["results"]} == {"2026-09"}
    assert "period.title_differs" in [w["code"] for w in doc["warnings"]]


def test_totals_row_that_disagrees_is_reported_at_its_cell(tmp_path):
    path = xlsx(tmp_path / "t.xlsx", {"Лист1": [
        ["ИИН", "Начислено", "Период"], [A, 100000, "2026-10"], [B, 200000.5, "2026-10"], ["Итого", 300000, None],
    ]})
    source = open_rows(path)
    log = IssueLog()
    assert len(list(source.rows(log))) == 2
    (warning,) = log.warnings()
    assert (warning.code, warning.where) == ("totals.mismatch", f"{path}, Лист1!B4")
    assert "300000" in warning.message and "300000.5" in warning.message


def test_formula_without_a_saved_result_asks_to_save_in_excel(tmp_path):
    path = openpyxl_book(tmp_path / "f.xlsx", [["ИИН", "Оклад", "Начислено"], [A, 1000, "=B2*2"]])
    result = CliRunner().invoke(main, ["calc", str(path), "--period", "2026-10"])
    assert result.exit_code == 2
    assert "Лист1!C2" in result.stderr and "сохраните" in result.stderr


def test_formulas_with_saved_results_and_error_cells(tmp_path):
    book_path = tmp_path / "f.xlsx"
    import xlsxwriter

    book = xlsxwriter.Workbook(book_path)
    sheet = book.add_worksheet("Лист1")
    sheet.write_row(0, 0, ["ИИН", "Оклад", "Начислено"])
    sheet.write_row(1, 0, [A, 1000])
    sheet.write_formula(1, 2, "=B2*2", None, 2000)
    sheet.write_row(2, 0, [B, 1000])
    sheet.write_formula(2, 2, "=B3/0", None, "#DIV/0!")
    book.close()
    code, doc, _ = calc_json(book_path, "--period", "2026-10")
    assert code == 1
    assert [r["gross"] for r in doc["results"]] == ["2000"]
    (error,) = doc["errors"]
    assert (error["cell"], error["code"]) == ("C3", "amount.format") and "#DIV/0!" in error["message"]


def test_empty_sheets(tmp_path):
    only_empty = xlsx(tmp_path / "e.xlsx", {"Лист1": []})
    with pytest.raises(InputError, match="в книге нет данных"):
        open_rows(only_empty)
    path = xlsx(tmp_path / "two.xlsx", {"Пусто": [], "Данные": [["ИИН", "Начислено"], [A, 5]]})
    source = open_rows(path, period=None)
    log = IssueLog()
    assert [r.values["iin"] for r in source.rows(log)] == [A]
    (chosen,) = log.warnings()
    assert chosen.code == "sheet.chosen" and "'Данные'" in chosen.message and "'Пусто'" in chosen.message
    with pytest.raises(InputError, match="пуст"):
        open_rows(path, sheet="Пусто")
    with pytest.raises(InputError, match="листа 'Нет' нет"):
        open_rows(path, sheet="Нет")


def test_a_sheet_with_five_percent_bad_rows(tmp_path):
    rows: list[list[Any]] = [["Ведомость за октябрь 2026"], ["ИИН", "ФИО", "Начислено", "Категория"]]
    people = [iin_for(date(1970, 1, 1 + n % 28), serial=n + 1) for n in range(100)]
    bad = {7: ("iin", people[7][:-1] + str((int(people[7][-1]) + 1) % 10)), 23: ("gross", "сто тысяч"),
           41: ("iin", None), 66: ("gross", "-5"), 90: ("category", "директор")}
    for n, iin in enumerate(people):
        row: dict[str, Any] = {"iin": iin, "gross": 100000 + n, "category": "Сотрудник"}
        if n in bad:
            row[bad[n][0]] = bad[n][1]
        rows.append([row["iin"], f"Сотрудник {n}", row["gross"], row["category"]])
    path = xlsx(tmp_path / "payroll.xlsx", {"Лист1": rows})
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    problems = [line for line in result.stdout.splitlines() if ": предупреждение: " not in line][:-1]
    cells = {"iin": "A", "gross": "C", "category": "D"}
    assert sorted(line.split(": ")[0] for line in problems) == sorted(
        f"{path}, Лист1!{cells[column]}{n + 3}" for n, (column, _v) in bad.items()
    )
    assert "можно рассчитать человеко-месяцев: 95; отклонено строк: 5;" in result.stdout.splitlines()[-1]
    assert all(iin not in result.stdout for iin in people)  # messages mask ИИН
    code, doc, _ = calc_json(path)
    assert code == 1 and doc["totals"]["persons"] == 95 and doc["totals"]["rejected_rows"] == 5


def test_ods_and_a_profile(tmp_path):
    path = ods(tmp_path / "p.ods", [["Ведомость"], [], ["ИИН сотр.", "Ф.И.О.", "Итого к начислению", "Кат."],
                                    [A, "Ахметов", 650000, "Пенс."], [B, "Сулейменова", 100000, None]])
    with pytest.raises(InputError, match=re.escape(_("header.field.amount"))):
        open_rows(path)
    profile = tmp_path / "mine.toml"
    profile.write_text(
        '[profile]\nname = "Ромашка"\n[columns]\niin = "ИИН сотр."\ngross = "Итого к начислению"\ncategory = "Кат."\n'
        '[categories]\n"Пенс." = "pensioner"\n', encoding="utf-8")
    code, doc, _stderr = calc_json(path, "--profile", str(profile), "--period", "2026-10")
    assert code == 0
    assert [(r["iin"], r["category"], r["full_name"]) for r in doc["results"]] == [(A, "pensioner", "Ахметов"), (B, "employee", "Сулейменова")]


def test_no_header_error_names_what_to_do_and_no_personal_data(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(f"{A},Ахметов Данияр,650000\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["calc", str(path)])
    assert result.exit_code == 2 and "ИИН" in result.stderr and A not in result.stderr and "Ахметов" not in result.stderr


def test_row_warnings_are_counted_past_the_cap(tmp_path):
    people = [iin_for(date(2004, 1, 1 + n % 28), serial=n + 1) for n in range(12)]
    path = tmp_path / "p.csv"
    path.write_text("ИИН;Начислено\n" + "".join(f"{iin[1:]};1\n" for iin in people), encoding="utf-8")
    source = open_rows(path)
    log = IssueLog(keep=7)
    assert [r.values["iin"] for r in source.rows(log)] == people
    warnings = log.warnings()
    assert [w.location.row for w in warnings[:7] if w.location] == [2, 3, 4, 5, 6, 7, 8]
    assert warnings[7:] == [Issue("iin.leading_zero", _("issues.more", count=5, total=12))]


@pytest.mark.parametrize("text", [
    "iin,full_name,gross\n800101300123,Иванов Иван,100000\n",
    "ИИН;ФИО;Начислено\n800101300123;Иванов, Иван;100 000,50\n",
    "ИИН\tФИО\tНачислено\n800101300123\tИванов Иван\t100000\n",
    "ИИН\n800101300123\n",  # no delimiter at all: every one is tried, the refusal is the same
    "Начислено\n100000\n",
    "Свод начислений и удержаний\nИИН;ФИО;Начислено,тенге\n800101300123;Иванов Иван;100000\n",
])
def test_the_delimiters_a_sample_lacks_are_not_tried_and_the_reading_is_the_one_of_trying_all(text, tmp_path):
    from osms_payroll.intake import csvfile
    from osms_payroll.intake.headers import SCAN_ROWS, find_header
    from osms_payroll.intake.adapter import load_adapters

    adapters = load_adapters()
    path = tmp_path / "p.csv"
    every = []  # the reading of each of the three delimiters, the best as _best ranks them
    for delimiter in csvfile.DELIMITERS:
        found = find_header(str(path), None, csvfile._sample_rows(text, delimiter, SCAN_ROWS), None, adapters)
        if found is not None:
            every.append(((found.complete, found.columns.score, len(found.header.labels)), delimiter, found))
    expected = max(every, key=lambda item: item[0], default=((), ",", None))
    delimiter, found = csvfile._best(path, text, adapters, None)
    assert (delimiter, found) == (expected[1], expected[2])


def test_rows_holding_an_iin_below_a_complete_header_are_not_read_as_headers(tmp_path):
    # Each data row under the header was matched against the whole vocabulary: most of the header
    # search's time on a bureau's small files. A row without a valid ИИН is still read (a header
    # pasted lower down is recognised as a repeat), and so is any row above the first complete header.
    from osms_payroll.intake import csvfile
    from osms_payroll.intake.adapter import load_adapters
    from osms_payroll.intake.headers import SCAN_ROWS, find_header

    text = "Свод\n" + "ИИН;ФИО;Начислено\n" + f"{A};Иванов Иван;100000\n" * 5 + "80010130012;Ошибка;1\n" + "ИИН;ФИО;Начислено\n" + f"{B};Петров;1\n"
    offered: list[int] = []

    class Spy:
        def __init__(self, adapter):
            self.adapter, self.name = adapter, adapter.name

        def match(self, header):
            offered.append(header.row)
            return self.adapter.match(header)

    rows = csvfile._sample_rows(text, ";", SCAN_ROWS)
    found = find_header("p.csv", None, rows, None, [Spy(adapter) for adapter in load_adapters()])
    assert found is not None and found.header.row == 2 and found.complete
    assert sorted(set(offered)) == [1, 2, 8, 9]
