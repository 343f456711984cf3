"""Excel register: bank-list sheets per KNP, totals, text ИИН, formats, injection-safe names."""

from __future__ import annotations

import sys
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from osms_payroll.i18n import _
from osms_payroll.remit import RemitError
from osms_payroll.remit.register import spreadsheet_number

from tests.remit.conftest import SMALL_PAYROLL, results_of


@pytest.fixture
def book(tmp_path, small_results, run):
    run(small_results, tmp_path, formats=("xlsx",))
    return openpyxl.load_workbook(tmp_path / "osms-2026-10-register.xlsx")


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_sheets_in_russian_by_default(book):
    assert book.sheetnames == ["Сводка", "КНП 121", "КНП 122", "Без начислений", "Пояснения"]


def test_knp_121_sheet_is_the_bank_list_with_a_totals_row(book):
    sheet = book["КНП 121"]
    rows = _rows(sheet)
    assert rows[1] == ["№ п/п", "ФИО", "Дата рождения", "ИИН", "Период", "Сумма", "Доход (база до ограничения)", "База", "Ставка"]
    assert rows[2] == [1, "Ахметов Данияр Серикович", datetime(1985, 3, 14), "850314353054", "10.2026", 24000, 800000, 800000, 0.03]
    assert rows[3][:6] == [2, "Ким Сергей Владимирович", datetime(1978, 11, 23), "781123364683", "10.2026", 102000]
    assert rows[3][6:] == [5200000, 3400000, 0.03]
    assert rows[5] == ["Итого", None, None, None, None, "=SUM(F3:F5)", None, None, None]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:I5"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$2:$2"
    assert sheet["D3"].number_format == "@" and sheet["D3"].data_type == "s"
    assert sheet["F3"].number_format == "#,##0.00" and sheet["C3"].number_format == "dd.mm.yyyy"


def test_totals_row_caches_the_engine_total(tmp_path, small_results, run, monkeypatch):
    # XlsxWriter stores the formula's value; the Rust writer cannot, and leaves it to the spreadsheet program.
    monkeypatch.setenv("OSMS_XLSX_WRITER", "xlsxwriter")
    run(small_results, tmp_path, formats=("xlsx",))
    values = openpyxl.load_workbook(tmp_path / "osms-2026-10-register.xlsx", data_only=True)
    assert values["КНП 121"]["F6"].value == 141300   # 24 000 + 102 000 + 15 300
    assert values["КНП 122"]["F7"].value == 65000    # 16 000 + 34 000 + 5 000 + 10 000


def test_persons_with_nothing_due_are_listed_with_the_reason(book):
    rows = _rows(book["Без начислений"])
    assert [(r[0], r[4]) for r in rows[2:]] == [
        ("Исаева Жанна Талгатовна", "121"), ("Оспанов Ерлан Кайратович", "121"), ("Оспанов Ерлан Кайратович", "122"),
    ]
    # The pensioner: the category in words, the real income (not the 0 of a base never computed),
    # a short reason pointing at the notes, where the reason is in full with its citation.
    pensioner = rows[3]
    assert pensioner[3] == "Пенсионер" and pensioner[5] == 310000
    assert pensioner[6] == _("register.reason", reason=_("notdue.short.exempt"), note=2)
    notes = [row[0] for row in _rows(book["Пояснения"]) if row[0]]
    assert any(text.startswith("2. Пенсионер — освобождение (Закон № 405-V") for text in notes)
    gpc = rows[2]
    assert gpc[3] == "ГПХ" and gpc[5] == 250000 and gpc[6] == _("register.reason", reason=_("notdue.short.category"), note=1)


def test_every_sheet_prints_one_page_wide_with_its_header_on_every_page(book):
    for name in book.sheetnames:
        sheet = book[name]
        setup = sheet.page_setup
        # fitToWidth left out of the file means 1, the OOXML default
        assert (setup.fitToWidth or 1, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, True), name
        assert setup.orientation == "landscape" and setup.paperSize == 9, name
        assert sheet.oddFooter.center.text == "&P / &N", name
        assert sheet.page_margins.left == 0.5, name
    assert book["Сводка"].page_setup.fitToHeight in (None, 1)  # the summary on one page (None: the default, 1)
    for name in ("КНП 121", "КНП 122", "Без начислений"):
        assert book[name].page_setup.fitToHeight == 0 and book[name].print_title_rows == "$2:$2", name
        assert book[name].row_dimensions[2].height == 30, name  # «Доход (база до ограничения)» wraps to two lines
    assert book["Пояснения"].print_title_rows is not None


def test_bank_lists_and_summary_print_the_signature_lines(book):
    for name in ("Сводка", "КНП 121", "КНП 122"):
        footer = book[name].oddFooter
        assert footer.left.text == "Руководитель ________ (подпись) Ахметов Данияр Серикович", name
        assert footer.right.text == "Главный бухгалтер ________ (подпись) Сулейменова Айгуль Маратовна", name
    assert book["Без начислений"].oddFooter.left.text is None


def test_summary_has_requisites_and_both_totals(tmp_path, small_results, run):
    run(small_results, tmp_path, formats=("xlsx",))
    rows = _rows(openpyxl.load_workbook(tmp_path / "osms-2026-10-register.xlsx", data_only=True)["Сводка"])
    # A requisite's caption spans the first two columns, its value the rest.
    payer = [(row[0], row[2]) for row in rows].index(("Плательщик", "ТОО «Дала Сервис»"))
    assert [row[2] for row in rows[payer + 1:payer + 5]] == ["150340012340", "KZ29601A000DEMO00001", "HSBKKZKX", "17"]
    recipient = [row[0] for row in rows].index("Получатель")
    assert [row[2] for row in rows[recipient:recipient + 5]] == [
        "НАО «Государственная корпорация «Правительство для граждан»", "160440007161", "KZ92009MEDS368609103", "GCVPKZ2A", "11",
    ]
    rule_set = next(row[2] for row in rows if row[0] == "Набор правил")
    assert rule_set.startswith("поставляемые данные о законе (")  # the shipped data, not its id "applied"
    payments = [row for row in rows if row[0] in ("121", "122")]
    assert [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in payments] == [
        ("121", "7", datetime(2026, 11, 4), datetime(2026, 11, 5), 3, 141300),
        ("122", "8", datetime(2026, 11, 4), datetime(2026, 11, 5), 4, 65000),
    ]


def test_names_that_look_like_formulas_stay_text(tmp_path, run):
    evil = {"850314353054": '=HYPERLINK("http://x","y") Данияр', "781123364683": "+7 Сергей", "600505311869": "@SUM Ерлан"}
    results = results_of([(iin, evil.get(iin, name), gross, cat, other) for iin, name, gross, cat, other in SMALL_PAYROLL])
    run(results, tmp_path, formats=("xlsx",))
    book = openpyxl.load_workbook(tmp_path / "osms-2026-10-register.xlsx")
    cell = book["КНП 121"]["B3"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y") Данияр', "s")
    assert book["КНП 121"]["B4"].data_type == "s"
    assert book["Без начислений"]["A4"].value == "@SUM Ерлан"


def test_english_and_kazakh_headers(tmp_path, small_results, run):
    run(small_results, tmp_path / "en", formats=("xlsx",), lang="en")
    run(small_results, tmp_path / "kk", formats=("xlsx",), lang="kk")
    en = openpyxl.load_workbook(tmp_path / "en" / "osms-2026-10-register.xlsx")
    kk = openpyxl.load_workbook(tmp_path / "kk" / "osms-2026-10-register.xlsx")
    assert en.sheetnames == ["Summary", "KNP 121", "KNP 122", "Not due", "Notes"]
    assert kk.sheetnames == ["Жиынтық", "ТМК 121", "ТМК 122", "Есептелмеген", "Түсініктеме"]
    assert kk["ТМК 122"]["D2"].value == "ЖСН"


def test_notes_list_every_parameter_with_its_source(book):
    rows = _rows(book["Пояснения"])
    refs = {row[0]: row for row in rows if row[0] and "@" in row[0]}
    assert refs["oosms.rate@2022-01"][1:5] == ["3\u00a0%", "2022-01", "2027-12", "H"]  # reviewed for 2027
    assert refs["category.pensioner@2026-01"][1] == "ООСМС: не уплачивается; ВОСМС: не уплачивается; освобождение: Пенсионер"
    assert refs["oosms.rate@2022-01"][5]


def test_an_unknown_or_missing_writer_is_refused_in_the_users_words(tmp_path, small_results, run, monkeypatch):
    monkeypatch.setenv("OSMS_XLSX_WRITER", "libreoffice")
    with pytest.raises(RemitError) as unknown:
        run(small_results, tmp_path / "a", formats=("xlsx",))
    assert unknown.value.problems == ("OSMS_XLSX_WRITER=libreoffice: программа записи реестра — одна из: xlsxwriter, rust",)
    monkeypatch.setenv("OSMS_XLSX_WRITER", "rust")
    monkeypatch.setitem(sys.modules, "rustpy_xlsxwriter", None)  # as if the fast extra were not installed
    with pytest.raises(RemitError) as missing:
        run(small_results, tmp_path / "b", formats=("xlsx",))
    assert missing.value.problems[0].startswith("OSMS_XLSX_WRITER=rust: программа записи реестра на Rust не установлена")
    assert not list(tmp_path.rglob("*.xlsx"))


@given(value=st.decimals(allow_nan=True, allow_infinity=True, places=None).filter(lambda d: not d.is_snan())
       | st.builds(lambda sign, digits, places: Decimal(sign + digits).scaleb(-places),
                   st.sampled_from(["", "-"]), st.text("0123456789", min_size=1, max_size=18), st.integers(0, 4)))
def test_a_number_is_exact_in_the_sheet_exactly_when_its_double_reads_back_as_the_same_decimal(value):
    number, exact = spreadsheet_number(value)
    assert number == float(value) or (number != number and value.is_nan())
    assert exact == (Decimal(repr(float(value))) == value)


def test_an_amount_a_double_cannot_hold_is_a_problem_of_the_register():
    assert spreadsheet_number(Decimal("850000.5")) == (850000.5, True)
    assert spreadsheet_number(Decimal("9999999999999999")) == (1e16, False)  # 16 digits: beyond a double
    assert spreadsheet_number(Decimal("0.1")) == (0.1, True)  # shown as 0.1, though not binary-exact
