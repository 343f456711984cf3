"""Adapters are plugins: discovered through entry points, replaceable, and profiles map a sheet's own names."""

from __future__ import annotations

from pathlib import Path

import pytest

from osms_payroll.intake.profile import load_profile
from osms_payroll.intake import ColumnMap, HeaderRow, InputError, load_adapters, open_rows
from osms_payroll.issues import IssueLog
from tests.intake.builders import A, B


def test_shipped_adapters_are_registered_as_entry_points():
    assert sorted(adapter.name for adapter in load_adapters()) == ["1c", "generic"]


class ErpAdapter:
    """A third party's layout: the ИИН in column «TAXID», the pay in «PAY_TOTAL»."""

    name = "erp"

    def match(self, header: HeaderRow) -> ColumnMap | None:
        if "TAXID" not in header.labels:
            return None
        columns = {"iin": (header.labels.index("TAXID"),), "gross": (header.labels.index("PAY_TOTAL"),)}
        return ColumnMap(self.name, 100, columns, "en")


def test_a_third_party_adapter_reads_its_own_layout(tmp_path):
    path = tmp_path / "erp.csv"
    path.write_text(f"TAXID,PAY_TOTAL,MONTH\n{A},1000,x\n", encoding="utf-8")
    with pytest.raises(InputError):
        open_rows(path)
    source = open_rows(path, adapters=[ErpAdapter(), *load_adapters()], period=None)
    assert source.layout is not None and source.layout.adapter == "erp"
    assert [dict(r.values) for r in source.rows(IssueLog())] == [{"iin": A, "gross": "1000"}]


def _profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_profile_names_the_columns_sheet_and_header_row(tmp_path):
    from tests.intake.builders import xlsx

    book = xlsx(tmp_path / "p.xlsx", {
        "Отчёт": [["Начислено", "ИИН"], [1, A]],  # a decoy the generic reading would choose
        "Зарплата": [["Ведомость"], ["Фамилия", "Имя", "ИН", "Всего к оплате", "ОСМС удерж."], ["Ахметов", "Данияр", A, 1000, 20],
                     ["Сулейменова", "Айгуль", B, 2000, 40]],
    })
    profile = _profile(tmp_path, (
        '[profile]\nsheet = "Зарплата"\nheader_row = 2\n[columns]\niin = "ИН"\ngross = "Всего к оплате"\n'
        'full_name = ["Фамилия", "Имя"]\nvosms = "ОСМС удерж."\n'
    ))
    source = open_rows(book, profile=profile, period=None)
    assert source.layout is not None and (source.layout.sheet, source.layout.header_row, source.layout.adapter) == ("Зарплата", 2, "profile")
    rows = list(source.rows(IssueLog()))
    assert [(r.values["iin"], r.values["full_name"], r.values["gross"], r.values["vosms"]) for r in rows] == [
        (A, "Ахметов Данияр", "1000", "20"), (B, "Сулейменова Айгуль", "2000", "40"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[columns]\nsalary = "Оклад"\n', "'salary' — не наше поле"),
        ('[columns]\ngross = ["A", "B"]\n', "может приходиться только full_name, не gross"),
        ("[columns]\n", "пуст; назовите хотя бы столбцы ИИН"),
        ('[profile]\ncolour = "red"\n[columns]\niin = "ИИН"\n', "в [profile] неизвестные ключи ['colour']"),
        ('[columns\n', "это не профиль TOML в UTF-8"),
    ],
)
def test_a_bad_profile_says_which_key(tmp_path, text, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        load_profile(_profile(tmp_path, text))


def test_a_profile_column_missing_from_the_sheet_is_named(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(f"ИИН,Сумма\n{A},5\n", encoding="utf-8")
    profile = _profile(tmp_path, '[columns]\niin = "ИИН"\ngross = "Итого к начислению"\n')
    with pytest.raises(InputError, match="называет 'Итого к начислению' для gross, но в заголовке такого столбца нет"):
        open_rows(path, profile=profile)
