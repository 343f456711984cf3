"""Input templates: generated from the contract and the law data, deterministic, and read back as filled."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from osms_payroll.engine.tally import Collected, fan_out
from osms_payroll.intake.batch import compute, payment_kinds
from osms_payroll.issues import IssueLog
from osms_payroll.cli import main
from osms_payroll.engine.osms import Calculator
from osms_payroll.law import default_params
from osms_payroll.intake import open_rows
from osms_payroll.intake.rows import CONTRACT_COLUMNS
from osms_payroll.intake.template import categories
from osms_payroll.intake.vocabulary import LANGUAGES, vocabulary
from osms_payroll.i18n import _, using
from tests.conftest import iin_for

TEMPLATES = Path(__file__).parents[2] / "templates"


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_templates_are_what_the_command_writes(tmp_path, language):
    out = tmp_path / "t.xlsx"
    assert CliRunner().invoke(main, ["template", "--lang", language, str(out)]).exit_code == 0
    again = tmp_path / "again.xlsx"
    CliRunner().invoke(main, ["template", "--lang", language, str(again)])
    assert out.read_bytes() == again.read_bytes()
    assert out.read_bytes() == (TEMPLATES / f"payroll-template-{language}.xlsx").read_bytes(), (
        "regenerate: osms-payroll template --lang " + language + f" templates/payroll-template-{language}.xlsx"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_template_layout(language):
    book = openpyxl.load_workbook(TEMPLATES / f"payroll-template-{language}.xlsx")
    sheet = book.worksheets[0]
    vocab = vocabulary()
    assert [cell.value for cell in sheet[3]] == [vocab.labels[field][language][0] for field in CONTRACT_COLUMNS]
    assert all(cell.value for cell in sheet[2])  # the notes row
    iin_column = CONTRACT_COLUMNS.index("iin") + 1
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(iin_column)].number_format == "@"
    kinds = {dv.type: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert kinds["textLength"].startswith("A4") and "list" in kinds
    reference = book.worksheets[1]
    assert [row[1].value for row in reference.iter_rows(min_row=2)] == categories(default_params())
    with using(language):  # each category described in the template's language, from the catalogs
        assert [row[2].value for row in reference.iter_rows(min_row=2)] == [
            _(f"category.description.{code}") for code in categories(default_params())
        ]


def test_every_shipped_category_is_described_in_every_language():
    for language in LANGUAGES:
        with using(language):
            for code in categories(default_params()):
                text = _(f"category.description.{code}")
                assert text != f"category.description.{code}", (language, code)
                assert language == "en" or not re.search(r"\b(exempt|both|state-paid|paying|monthly)\b", text), (language, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filled_template_reads_back_as_the_same_lines(tmp_path, language):
    vocab = vocabulary()
    label = {code: vocab.category_labels[code][language][0] for code in categories(default_params())}
    people = [
        (iin_for(date(2004, 12, 1)), "Нурланов Арман", "2026-10", 120000.5, "student", 0),  # ИИН with a leading 0
        (iin_for(date(1985, 3, 14)), "Ахметов Данияр", "2026-10", 650000, "employee", 1000000),
        (iin_for(date(1960, 5, 5)), "Оспанов Ерлан", "2026-10", 310000, "pensioner", 0),
    ]
    book = openpyxl.load_workbook(TEMPLATES / f"payroll-template-{language}.xlsx")
    sheet = book.worksheets[0]
    index = {field: CONTRACT_COLUMNS.index(field) + 1 for field in CONTRACT_COLUMNS}
    for row, (iin, name, period, gross, category, other) in enumerate(people, start=4):
        sheet.cell(row, index["iin"], iin)
        sheet.cell(row, index["full_name"], name)
        sheet.cell(row, index["period"], period)
        sheet.cell(row, index["gross"], gross)
        sheet.cell(row, index["category"], label[category])
        sheet.cell(row, index["vosms_other_income"], other)
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    source = open_rows(filled)
    assert [w.code for w in source.warnings] == ["sheet.chosen"]  # the categories sheet is there too
    core, log, kept = Calculator(default_params()), IssueLog(), Collected()
    fan_out(compute(source.rows(log), core), [kept], log, payment_kinds(core))
    lines = [(r.person.iin, r.person.full_name, str(r.person.period), r.person.gross, r.person.category, r.person.vosms_other_income)
             for r in kept.results]
    assert log.error_count == 0
    assert [(i, n, p, float(g), c, float(o)) for i, n, p, g, c, o in lines] == [
        (i, n, p, float(g), c, float(o)) for i, n, p, g, c, o in people
    ]
