"""The law data's words in the user's language: every open question, note, holiday and weekday has
its text in all three catalogs (Kazakh holiday names and the weekdays checked against the holidays
package and CLDR), the shipped data holds ids rather than prose, and what reaches a Russian or
Kazakh user — ``rates``, ``deadlines``, a run's summary, errors report and register — carries no
English text of them."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path

import holidays
import openpyxl
import pytest
from babel.dates import format_date

from osms_payroll.engine.workdays import holiday_id
from osms_payroll.i18n import LANGS, _, translations, using
from osms_payroll.law import default_params
from tests.core.test_languages import STOCK, _prose

CLI = str(Path(sys.executable).with_name("osms-payroll"))
SAMPLE = Path(__file__).parents[2] / "templates" / "sample"
#: The years the calendar is asked about: the data's first to a few past its review.
YEARS = range(2017, 2032)


def _has(lang: str, msgid: str) -> bool:
    return translations(lang).gettext(msgid) != msgid


def _ids(prefix: str) -> set[str]:
    catalog = translations("en")._catalog  # type: ignore[attr-defined]
    return {key for key in catalog if isinstance(key, str) and key.startswith(prefix)}


def _osms(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd)


def test_every_open_question_has_its_words_in_every_language_and_no_catalog_question_is_orphaned():
    params = default_params()
    assert sorted(params.open_questions) == list(range(1, 10))
    for number in params.open_questions:
        for lang in LANGS:
            assert _has(lang, f"question.{number}"), (lang, number)
        with using("ru"):
            russian = _(f"question.{number}")
        assert russian != params.open_questions[number] and re.search("[а-яё]", russian), number
    assert _ids("question.") == {f"question.{number}" for number in params.open_questions}
    # The loader refuses a question the catalogs do not word.
    from osms_payroll.law import ParamsError, parse_files

    with pytest.raises(ParamsError, match="question.99"):
        parse_files("t", [("t.toml", b"[question.99]\n")])


def test_every_note_of_the_shipped_data_is_a_catalog_entry_in_every_language():
    params = default_params()
    refs = {value.ref for parameter in params.parameters.values() for value in parameter.values}
    noted = {value.ref: value.note for parameter in params.parameters.values() for value in parameter.values if value.note}
    assert len(noted) > 90
    assert _ids("note.") == {f"note.{ref}" for ref in noted}  # no note of a value the data does not have
    assert {f"note.{ref}" for ref in noted} <= {f"note.{ref}" for ref in refs}
    for ref in noted:
        assert all(_has(lang, f"note.{ref}") for lang in LANGS), ref
    with using("kk"):
        assert _("note.oosms.cap_scope@2026-01").startswith("Шешім: әр жұмыс беруші 40 ЕТЖ шегін")


def test_the_shipped_law_data_holds_ids_not_prose():
    folder = resources.files("osms_payroll.law") / "data"
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            text = entry.read_text(encoding="utf-8")
            assert not re.search(r"^\s*note\s*=", text, re.M), entry.name  # notes are the catalogs' note.<ref>
            questions = tomllib.loads(text).get("question", {})
            assert all(set(question) <= {"reused"} for question in questions.values()), entry.name


def _package_names(language: str) -> dict[date, list[str]]:
    calendar = holidays.country_holidays("KZ", language=language, years=YEARS)
    return {day: calendar.get_list(day) for day in calendar}


def test_every_holiday_the_calendar_names_has_its_words_and_kazakh_is_the_packages_own():
    english, kazakh = _package_names("en_US"), _package_names("kk")
    latest: dict[str, str] = {}  # the package's Kazakh name as it now stands (Republic Day's changed in 2026)
    for day in sorted(english):
        for name, own in zip(english[day], kazakh[day], strict=True):
            if not name.startswith("Day off (substituted") and not name.endswith((" (observed)", " (estimated)")):
                latest[f"holiday.{holiday_id(name)}"] = own
                with using("en"):
                    assert _(f"holiday.{holiday_id(name)}") == name
    assert len(latest) == 13 and _ids("holiday.") == set(latest) | {"holiday.observed", "holiday.estimated"}
    for msgid, own in latest.items():
        assert all(_has(lang, msgid) for lang in LANGS), msgid
        with using("kk"):
            assert _(msgid) == own, msgid  # an independent source: the package's Kazakh names
    with using("ru"):
        assert _("holiday.nowruz_holiday") == "Наурыз мейрамы" and _("holiday.eid_al_adha") == "Курбан айт"


@pytest.mark.parametrize("lang", LANGS)
def test_weekday_names_are_cldrs(lang):
    with using(lang):
        for offset in range(7):
            day = date(2024, 1, 1 + offset)  # Monday 01.01.2024
            assert _(f"weekday.{day.weekday()}") == format_date(day, "EEEE", locale=lang)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_rates_and_deadlines_say_the_law_datas_words_in_the_users_language(lang):
    params = default_params()
    rates = _osms("--lang", lang, "rates", "--period", "2026-10")
    assert rates.returncode == 0, rates.stderr
    flat = " ".join(rates.stdout.split())  # the table wraps long lines
    with using(lang):
        for number in (2, 8):  # penalty.day_count and oosms.cap_scope touch them in 2026
            assert " ".join(_("warning.open_question", number=number, text=_(f"question.{number}")).split()) in flat
    for text in params.open_questions.values():
        assert text not in flat
    deadlines = _osms("--lang", lang, "deadlines", "2026")
    assert deadlines.returncode == 0, deadlines.stderr
    assert not STOCK.search(_prose(deadlines.stdout + deadlines.stderr)), deadlines.stdout + deadlines.stderr
    assert "holiday" not in deadlines.stdout and "Republic Day" not in deadlines.stdout


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_run_says_the_open_questions_in_the_users_language(tmp_path, lang):
    params = default_params()
    proc = _osms("--lang", lang, "run", SAMPLE, "--period", "2026-10", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not STOCK.search(_prose(proc.stdout + proc.stderr)), proc.stdout + proc.stderr
    (folder,) = (tmp_path / "2026-10").iterdir()
    with (folder / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        messages = [row[7] for row in csv.reader(handle, delimiter=";")][1:]
    with using(lang):
        # The sample's 2026 results touch open question 8 (the ООСМС cap), its lists open question 1 (the /OPV/ code).
        assert _("warning.open_question", number=8, text=_("question.8")) in messages
        assert any(_("question.1") in message for message in messages)
    book = openpyxl.load_workbook(next(folder.glob("*register.xlsx")), read_only=True)
    register = "\n".join(
        " ".join(str(cell) for cell in row if cell is not None) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    )
    english = list(params.open_questions.values()) + [
        str(value.note) for parameter in params.parameters.values() for value in parameter.values if value.note
    ]
    for text in english:
        assert text not in register and all(text not in message for message in messages)
    assert not STOCK.search(_prose("\n".join(messages))), messages


#: A text or code value of the law data that is words (``next working day``, ``person_total``), not an
#: act's number, a БИК or a name in the language of the acts.
WORDS = re.compile(r"[a-z][a-z_ ]*")
#: The English the shipped data's values said before they were worded, as it would show in ``rates``.
ENGLISH_VALUES = ("package estimate", "not found", "next working day", "the rate in force on that day", "the payment day inclusive")


def _worded_values() -> dict[str, str]:
    """``value.<param>.<value>`` of each text or code value of the shipped data that is words, with the value."""
    found = {}
    for param_id, parameter in default_params().parameters.items():
        for value in parameter.values:
            items = value.typed if isinstance(value.typed, tuple) else (value.typed,) if isinstance(value.typed, str) else ()
            found |= {f"value.{param_id}.{item}": str(item) for item in items if WORDS.fullmatch(str(item))}
    return found


def test_every_text_or_code_value_of_the_shipped_data_has_its_words_in_every_language():
    worded = _worded_values()
    assert {"value.oosms.cap_scope.employer", "value.deadline.non_working_day.next working day", "value.kpn.deductible.opvr"} <= set(worded)
    assert _ids("value.") == set(worded)  # no words for a value the data does not have
    for msgid in worded:
        assert all(_has(lang, msgid) for lang in LANGS), msgid
        for lang in ("ru", "kk"):
            with using(lang):
                assert re.search("[а-яёәғқңөұүһі]", _(msgid), re.I), (lang, msgid)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_rates_says_the_values_and_notes_in_the_users_language(lang):
    rates = _osms("--lang", lang, "rates", "--period", "2026-10")
    assert rates.returncode == 0, rates.stderr
    flat = " ".join(rates.stdout.split())  # the table wraps long lines
    for english in ENGLISH_VALUES:
        assert english not in flat, english
    # What follows each id, but the tables (their scheme ids name parameter families of the same list).
    values = [line.split(" = ", 1)[1] for line in rates.stdout.splitlines() if " = " in line and not line.startswith(("category.", "payment.", "payslip_category."))]
    for code in ("employer", "person_total", "ytd", "none", "deduct", "voluntary", "opvr"):
        assert not any(re.search(rf"\b{code}\b", value) for value in values), code
    assert not STOCK.search(_prose(" ".join(values))), values
    with using(lang):
        assert f"oosms.cap_scope = {_('value.oosms.cap_scope.employer')}  [M]" in rates.stdout
        assert f"vosms.cap_scope = {_('value.vosms.cap_scope.person_total')}  [H]" in rates.stdout
        assert f"kpn.deductible = {_('table.oosms')}, {_('table.opvr')}, {_('table.so')}, {_('table.sn')}  [L]" in rates.stdout
        assert " ".join(_("value.penalty.days.from the day after the due date through the payment day inclusive").split()) in flat
        assert " ".join(_("explain.note", note=_("note.oosms.cap_scope@2026-01")).split()) in flat
        assert " ".join(_("explain.note", note=_("note.kpn.deductible@2018-01")).split()) in flat
