"""The header vocabulary and matcher: every contract column in three languages, robust to how it is typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll.intake.adapter import HeaderRow
from osms_payroll.intake.headers import match_aliases
from osms_payroll.intake.rows import CONTRACT_COLUMNS
from osms_payroll.i18n import _, using
from osms_payroll.intake.vocabulary import LANGUAGES, REPORTED, normalise, vocabulary

VOCAB = vocabulary()
ALIASES = [
    (label, field)
    for field, by_language in VOCAB.labels.items()
    for labels in by_language.values()
    for label in labels
]


def header(*labels: str, groups: tuple[str, ...] | None = None) -> HeaderRow:
    return HeaderRow("f.xlsx", "Лист1", 1, labels, groups or ("",) * len(labels), (1,) * len(labels))


@pytest.mark.parametrize("field", [*CONTRACT_COLUMNS, *REPORTED])
def test_every_column_has_a_kind_and_labels_in_every_language(field):
    assert VOCAB.kinds[field]
    for language in LANGUAGES:
        assert VOCAB.labels[field][language], (field, language)
        with using(language):  # the template's note above the column, in the catalogs
            assert field in REPORTED or _(f"template.note.{field}") != f"template.note.{field}"


def test_every_category_code_of_the_law_data_has_spellings():
    from osms_payroll.law import default_params
    from osms_payroll.intake.template import categories

    for code in categories(default_params()):
        assert all(VOCAB.category_labels[code][language] for language in LANGUAGES), code


@pytest.mark.parametrize(("label", "field"), ALIASES)
def test_every_alias_names_its_field(label, field):
    assert VOCAB.field(label)[0] == field  # type: ignore[index]


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Ф.И.О.", "full_name"), ("ФИО работника", "full_name"), ("Т.А.Ә.", "full_name"), ("ТАӘ", "full_name"),
        ("ИИН", "iin"), ("ЖСН", "iin"), ("iin", "iin"), ("Начислено, тг", "gross"), ("НАЧИСЛЕНО (ВСЕГО)", "gross"),
        ("Есептелді барлығы", "gross"), ("Есептелди барлыгы", "gross"),  # Kazakh typed without its letters
        ("Взносы на ОСМС", "vosms"), ("МӘМС аударымдары", "oosms"), ("МАМС аударымдары", "oosms"),
        ("К выплате", "net"), ("Берілуге тиіс", "net"), ("Стандартный вычет", "standard_deduction"),
        ("Резидент", "resident"), ("vosms_other_income", "vosms_other_income"), ("Месяц", "period"),
    ],
)
def test_headers_people_write(label, field):
    assert VOCAB.field(label)[0] == field  # type: ignore[index]


def test_unrelated_and_known_unused_headers_name_no_field():
    for label in ("Оклад", "ИПН", "Табельный номер", "Должность", "Сумма", "Примечание"):
        assert VOCAB.field(label) is None, label


_SEPARATORS = st.text(alphabet=" \n\t.,:;-()/", min_size=1, max_size=3)


@settings(max_examples=200)
@given(st.sampled_from(ALIASES), st.data())
def test_fuzzed_spellings_of_an_alias_still_match(alias, data):
    """Case, spacing, punctuation around and between the words, a currency word: same field."""
    label, field = alias
    words = label.split()
    cased = [
        "".join(ch.upper() if data.draw(st.booleans()) else ch.lower() for ch in word)
        for word in words
    ]
    text = data.draw(_SEPARATORS).join(cased)
    text = data.draw(st.sampled_from(["", " ", "  ", "\n", "*"])) + text + data.draw(st.sampled_from(["", ":", " ", ", тг", " (тенге)"]))
    assert VOCAB.field(text) is not None and VOCAB.field(text)[0] == field, text  # type: ignore[index]


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_never_fails(text):
    once = normalise(text)
    assert normalise(once) == once
    VOCAB.field(text)
    match_aliases(header(text, "ИИН", "Начислено"))


def test_merged_group_decides_whose_osms_it_is():
    found = match_aliases(header("ИИН", "Всего", "ОСМС", "ОСМС", groups=("", "Начислено", "Удержано", "Отчисления")))
    assert found.columns == {"iin": (0,), "gross": (1,), "vosms": (2,), "oosms": (3,)}
    bare = match_aliases(header("ИИН", "Начислено", "ОСМС"))
    assert "vosms" not in bare.columns and [n.code for n in bare.notes] == ["column.ambiguous"]


def test_name_in_three_columns_and_the_first_duplicate_wins():
    found = match_aliases(header("Фамилия", "Имя", "Отчество", "ИИН", "ЖСН", "Есептелді"))
    assert found.columns["full_name"] == (0, 1, 2)
    assert found.columns["iin"] == (3,)
    assert [n.code for n in found.notes] == ["column.duplicate"]
    assert match_aliases(header("Тегі", "Аты", "ЖСН", "Есептелді", "Кезең")).language == "kk"


def test_a_label_spanning_columns_is_a_group_not_a_column():
    row = HeaderRow("f.xlsx", "Лист1", 4, ("ИИН", "Начислено", ""), ("", "", ""), (1, 2, 1))
    assert "gross" not in match_aliases(row).columns
