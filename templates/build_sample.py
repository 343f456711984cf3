"""Regenerate ``payroll.xlsx``: a fictional company's October 2026 register, as 1C would print it.

Run ``python templates/build_sample.py`` after changing the people below. The ИИН are made
up but carry valid check digits; the names belong to nobody. The workbook is what an accountant
exports: title rows above a Russian header, surname/name/patronymic in three columns, ИИН as
text, category in words, a salary and a bonus line for one person, a pay line outside the ОСМС
object, income declared at another employer, columns we do not read, and a totals row.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

HERE = Path(__file__).parent / "sample"
# surname, name, patronymic, ИИН, category, accrued, other employers' income, and the reason code
# of a line outside the ОСМС object (per diem within the norms: not income under the Tax Code)
PEOPLE = [
    ("Ахметов", "Данияр", "Серикович", "850314353054", "Сотрудник", 650000, 0, ""),
    ("Ахметов", "Данияр", "Серикович", "850314353054", "Сотрудник", 150000, 0, ""),
    ("Сулейменова", "Айгуль", "Маратовна", "900702424711", "Сотрудник", 420000, 0, ""),
    ("Ким", "Сергей", "Владимирович", "781123364683", "Сотрудник", 5200000, 0, ""),
    ("Жумабаева", "Сания", "Ерлановна", "950130407910", "Сотрудник", 85000, 0, ""),
    ("Оспанов", "Ерлан", "Кайратович", "600505311869", "Пенсионер", 310000, 0, ""),
    ("Тлеубаева", "Гульнара", "Ахметовна", "720917487790", "Мать-героиня", 280000, 0, ""),
    ("Нурланов", "Арман", "Бакытович", "011201515424", "Студент", 120000, 0, ""),
    ("Смирнова", "Ольга", "Игоревна", "880606459914", "Декретный отпуск", 0, 0, ""),
    ("Байжанов", "Тимур", "Асланович", "830228395485", "Сотрудник", 950000, 0, ""),
    ("Каримова", "Динара", "Болатовна", "930419409507", "Сотрудник", 380000, 0, ""),
    ("Петров", "Андрей", "Николаевич", "750808383133", "Сотрудник", 1200000, 0, ""),
    ("Исаева", "Жанна", "Талгатовна", "991010435172", "ГПХ", 250000, 0, ""),
    ("Мусин", "Ильяс", "Русланович", "800115306140", "Лицо с инвалидностью", 330000, 0, ""),
    ("Abdullaev", "Rustam", "", "870303314087", "Иностранец", 900000, 0, ""),
    ("Иванов", "Павел", "Сергеевич", "921212371046", "Сотрудник", 600000, 0, ""),
    ("Жаксыбеков", "Нурлан", "Маратович", "700707368514", "Сотрудник", 4000000, 0, ""),
    ("Абилова", "Асель", "Кайратовна", "090220611443", "Сотрудник", 150000, 0, ""),
    ("Сериков", "Азамат", "Ержанович", "960525339435", "Военнослужащий", 700000, 0, ""),
    ("Ли", "Наталья", "Викторовна", "840909414865", "Сотрудник", 510000, 1200000, ""),
    ("Кенжебаев", "Мирас", "Аскарович", "911111390285", "Сотрудник", 730000, 0, ""),
    ("Утепова", "Мадина", "Сериковна", "980308469556", "Сотрудник", 290000, 0, ""),
    ("Дюсенов", "Берик", "Жанатович", "650616309681", "Сотрудник", 1800000, 0, ""),
    ("Федорова", "Елена", "Михайловна", "860404492647", "Сотрудник", 460000, 0, ""),
    ("Рахимов", "Олжас", "Дарханович", "940818320285", "Сотрудник", 350000, 0, ""),
    ("Рахимов", "Олжас", "Дарханович", "940818320285", "Сотрудник", 40000, 0, "not_income"),
]
HEADER = [
    "№ п/п", "Табельный номер", "Фамилия", "Имя", "Отчество", "ИИН", "Категория", "Начислено",
    "Доход у других работодателей", "Вне объекта ОСМС", "Причина исключения из ОСМС", "Должность",
]


def build(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    book.set_properties({"title": "Расчетная ведомость", "created": datetime(2026, 11, 1)})
    sheet = book.add_worksheet("Ведомость")
    bold = book.add_format({"bold": True, "text_wrap": True, "border": 1})
    money = book.add_format({"num_format": "# ##0.00"})
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "ТОО «Дала Сервис», БИН 150340012340", bold)
    sheet.merge_range(1, 0, 1, len(HEADER) - 1, "Расчетная ведомость за октябрь 2026 г.", bold)
    for column, title in enumerate(HEADER):
        sheet.write_string(3, column, title, bold)
    sheet.set_column(2, 5, 16)
    sheet.set_column(6, 10, 18)
    row = 4
    for number, (surname, name, patronymic, iin, category, gross, other, excluded) in enumerate(PEOPLE, start=1):
        sheet.write_number(row, 0, number)
        sheet.write_string(row, 1, f"{number:05d}")
        sheet.write_string(row, 2, surname)
        sheet.write_string(row, 3, name)
        sheet.write_string(row, 4, patronymic)
        sheet.write_string(row, 5, iin)
        sheet.write_string(row, 6, category)
        sheet.write_number(row, 7, gross, money)
        if other:
            sheet.write_number(row, 8, other, money)
        sheet.write_string(row, 9, "да" if excluded else "")
        sheet.write_string(row, 10, excluded)
        sheet.write_string(row, 11, "Бухгалтер" if number == 3 else "Специалист")
        row += 1
    sheet.write_string(row, 2, "Итого")
    sheet.write_number(row, 7, sum(p[5] for p in PEOPLE), money)
    book.close()


if __name__ == "__main__":
    build(HERE / "payroll.xlsx")
