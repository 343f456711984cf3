"""Names the bank can take, person by person: the character set, the one-person reject, KZ-1048 round trip."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osms_payroll import PayLine, Period, Result, calculate_many
from osms_payroll.cli import main
from osms_payroll.i18n import _, using
from osms_payroll.remit import RemitOptions, bank_problems, read_mt102, remit
from osms_payroll.remit.names import NameProblem, PersonName, name_warnings, person_name, split_name
from osms_payroll.remit.mt102.screen import Screening, plain_name, screen_name
from osms_payroll.remit.payer import Mt102Profile
from tests.conftest import iin_for, read_errors_csv
from tests.remit.conftest import SAMPLE_EMPLOYER

CLI = str(Path(sys.executable).with_name("osms-payroll"))

#: Names from Kazakh practice, as (full name, surname, first name, patronymic).
KAZAKH_NAMES = [
    ("Әлиев Нұрлан Серікұлы", "Әлиев", "Нұрлан", "Серікұлы"),
    ("Жұмабекова-Смит Айгүл Қайратқызы", "Жұмабекова-Смит", "Айгүл", "Қайратқызы"),
    ("Оспанов Ерлан Сабыр ұлы", "Оспанов", "Ерлан", "Сабыр ұлы"),
    ("O'Connor Mary-Ann", "O'Connor", "Mary-Ann", ""),
    ("Ким Алёна", "Ким", "Алёна", ""),
    ("Һасанов Өмір Ғалымұлы", "Һасанов", "Өмір", "Ғалымұлы"),
]


def _result(name: str, born: date = date(1985, 3, 14), gross: str = "500000") -> Result:
    (result,) = calculate_many([PayLine(iin=iin_for(born), period=Period(2026, 10), gross=gross, full_name=name)])
    assert isinstance(result, Result)
    return result


@pytest.mark.parametrize(("full", "surname", "given", "patronymic"), KAZAKH_NAMES)
def test_real_names_split_as_bank_lists_want(full, surname, given, patronymic):
    assert split_name(f"  {full.replace(' ', '   ')} ") == PersonName(surname, given, patronymic)


@pytest.mark.parametrize(
    ("full", "code", "hint"),
    [
        ("Жанибеков", "name.one_word", "one word"),
        ("Жанибеков (Дала) Данияр", "name.character", "'(' (LEFT PARENTHESIS) at position 1"),
        ("Жанибеков Данияр 2", "name.character", "a digit '2'"),
        ("Жанибеков «Данияр»", "name.character", "'«'"),
        ("Жанибеков Дани\u200bяр", "name.character", "an invisible character 'U+200B' (ZERO WIDTH SPACE) at position 5"),
        ("Ж" * 55 + " Данияр", "name.length", "55 characters"),
        ("", "name.empty", "empty"),
    ],
)
def test_names_the_bank_refuses_name_the_rule_not_the_person(full, code, hint):
    with pytest.raises(NameProblem) as caught:
        split_name(full)
    assert caught.value.code == code and hint in str(caught.value)
    assert "Жанибеков" not in str(caught.value)


def test_tabs_and_runs_of_spaces_collapse_to_one():
    assert split_name("\tАхметов \u00a0 Данияр ") == PersonName("Ахметов", "Данияр")


def test_initials_and_mixed_alphabets_are_warnings():
    assert [code for code, _ in name_warnings(split_name("Иванов А. Б."))] == ["name.initials"]
    latin_a = "Ахметов Д\u0061нияр"  # a Latin «a» inside a Cyrillic word
    assert [code for code, _ in name_warnings(split_name(latin_a))] == ["name.mixed_script"]
    assert name_warnings(split_name("Smith John")) == [] and name_warnings(split_name("Әлиев Нұрлан")) == []


def test_the_screen_rejects_one_person_with_a_located_masked_issue():
    screening = bank_problems(_result("Ахметов"), Mt102Profile())
    (issue,) = screening.errors
    assert issue.code == "name.one_word" and issue.message.startswith("ИИН ********") and issue.column == "full_name"
    cp866 = bank_problems(_result("Әлиев Нұрлан"), Mt102Profile(encoding="cp866"))
    assert [i.code for i in cp866.errors] == ["name.encoding"]
    assert bank_problems(_result("Әлиев Нұрлан"), Mt102Profile(encoding="cp866", transliterate=True)).errors == ()
    # Transliteration leaves і alone: cp866 has no і, so the person cannot be written there.
    assert [i.code for i in bank_problems(_result("Іскаков Нұрлан"), Mt102Profile(encoding="cp866", transliterate=True)).errors] == ["name.encoding"]
    assert bank_problems(_result("Ахметов", gross="0"), Mt102Profile()).errors == ()  # owes nothing: in no list


def test_a_long_name_split_by_guess_is_a_warning():
    (warning,) = bank_problems(_result("Оспанов Ерлан Сабыр ұлы"), Mt102Profile()).warnings
    assert warning.code == "name.split" and "patronymic = words 3–4" in warning.message


def test_kazakh_names_round_trip_byte_exact_in_kz1048(tmp_path, run, employer):
    results = [_result(full, date(1980, 1, n + 1)) for n, (full, *_parts) in enumerate(KAZAKH_NAMES)]
    run(results, tmp_path, formats=("mt102",))
    path = tmp_path / "osms-2026-10-knp121.mt102"
    data = path.read_bytes()
    for _full, surname, given, patronymic in KAZAKH_NAMES:
        assert f"\r\n/FM/{surname}\r\n/NM/{given}\r\n".encode("kz1048") in data
        assert (f"/FT/{patronymic}\r\n".encode("kz1048") in data) == bool(patronymic)
    assert "ә".encode("kz1048") == "ј".encode("cp1251")  # the Kazakh letters in their KZ-1048 places
    document = read_mt102(path)
    assert document.summary.encoding == "kz1048"
    assert [(p.surname, p.given, p.patronymic) for p in document.persons] == [tuple(parts) for _f, *parts in KAZAKH_NAMES]
    # Russian-only text is the same bytes in KZ-1048 and cp1251.
    assert data.split(b":21:")[0] == data.split(b":21:")[0].decode("kz1048").encode("cp1251")


def test_bare_70_line_when_the_opv_code_is_none(tmp_path, run, employer, small_results):
    payer = attrs.evolve(employer, mt102=Mt102Profile(opv_code="none"))
    run(small_results, tmp_path, payer=payer, formats=("mt102",))
    data = (tmp_path / "osms-2026-10-knp121.mt102").read_bytes().decode("kz1048")
    assert ":32B:KZT24000,00\r\n:70:\r\n/FM/Ахметов\r\n" in data and "/OPV/" not in data
    assert [p.code for p in read_mt102(tmp_path / "osms-2026-10-knp121.mt102").persons] == [None, None, None]


def test_one_one_word_name_in_ten_leaves_nine_written_and_one_reported(tmp_path):
    folder = tmp_path / "in" / "acme"
    folder.mkdir(parents=True)
    (folder / "employer.toml").write_bytes(SAMPLE_EMPLOYER.read_bytes())
    iins = [iin_for(date(1980, 1, n + 1)) for n in range(10)]
    rows = [f"{iin},{'Әлиев Нұрлан Серікұлы' if n else 'Нұрлан'},2026-10,{400000 + n * 1000},employee" for n, iin in enumerate(iins)]
    (folder / "payroll.csv").write_text("iin,full_name,period,gross,category\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([CLI, "run", str(tmp_path / "in"), "--period", "2026-10", "--out", str(out), "--json",
                           "--value-date", "2026-11-05", "--doc-date", "2026-11-05"],
                          capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 1, proc.stderr
    (employer,) = json.loads(proc.stdout)["employers"]
    assert (employer["status"], employer["persons"], employer["rejected_rows"]) == ("written", 9, 1)
    done = Path(employer["folder"])
    for knp in ("121", "122"):
        persons = read_mt102(done / f"osms-2026-10-knp{knp}.mt102").persons
        assert [p.iin for p in persons] == iins[1:]
    results = json.loads((done / "results.json").read_text(encoding="utf-8"))
    assert len(results["results"]) == 9
    errors = [row for row in read_errors_csv(done / "errors.csv") if row["level"] == "error"]
    assert [(row["row"], row["column"], row["code"]) for row in errors] == [("2", "full_name", "name.one_word")]
    assert errors[0]["file"].endswith("payroll.csv") and iins[0] not in errors[0]["message"]
    with using("ru"):
        said = _("remit.person", iin=f"********{iins[0][-4:]}", message=_("screen.left_out", problem=_("name.one_word")))
    assert errors[0]["message"] == said
    assert iins[0] not in proc.stdout + proc.stderr


def test_surname_first_name_and_patronymic_columns_are_kept_as_given(tmp_path):
    iins = [iin_for(date(1980, 1, 1)), iin_for(date(1981, 2, 2))]
    sheet = tmp_path / "payroll.csv"
    sheet.write_text(
        "ИИН,Фамилия,Имя,Отчество,Период,Начислено\n"
        f"{iins[0]},Сабыр ұлы,Нұрлан,,2026-10,400000\n"  # a two-word surname: no split could find it
        f"{iins[1]},Ким, Алёна ,Сергеевна,2026-10,300000\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["remit", str(sheet), "--period", "2026-10", "--employer", str(SAMPLE_EMPLOYER),
                                       "--out", str(out), "--value-date", "2026-11-05", "--formats", "mt102"])
    assert result.exit_code == 0, result.output
    persons = read_mt102(out / "osms-2026-10-knp121.mt102").persons
    assert [(p.surname, p.given, p.patronymic) for p in persons] == [("Сабыр ұлы", "Нұрлан", ""), ("Ким", "Алёна", "Сергеевна")]
    assert "name.split" not in result.stderr


_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІabcxyzABCXYZ"
_WORDS = st.text(_LETTERS, min_size=1, max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=2, max_size=4), hyphen=st.booleans())
def test_any_writable_name_reads_back_as_written_in_kz1048(employer, words, hyphen):
    if hyphen:
        words[0] = f"{words[0]}-{words[0]}"
    full = " ".join(words)
    with tempfile.TemporaryDirectory() as folder:
        remit([_result(full)], employer, Period(2026, 10), Path(folder), RemitOptions(value_date=date(2026, 11, 5), formats=("mt102",)))
        data = (Path(folder) / "osms-2026-10-knp121.mt102").read_bytes()
        (person,) = read_mt102(Path(folder) / "osms-2026-10-knp121.mt102").persons
    assert f"/FM/{words[0]}\r\n".encode("kz1048") in data
    assert (person.surname, person.given, person.patronymic) == (words[0], words[1], " ".join(words[2:]))


_PROFILES = [Mt102Profile(), Mt102Profile(encoding="cp1251"), Mt102Profile(encoding="cp866"),
             Mt102Profile(encoding="cp866", transliterate=True), Mt102Profile(encoding="utf-8")]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(_LETTERS + ".-'1(\u00a0", min_size=1, max_size=3), min_size=1, max_size=5),
       space=st.sampled_from([" ", "  ", "\t"]), profile=st.sampled_from(_PROFILES))
def test_a_name_cleared_at_a_glance_passes_every_check(words, space, profile):
    # The one-match path for common names must never clear a name the full screen would stop or warn about.
    full = space.join(words)
    result = _result(full)
    if plain_name(profile.encoding, profile.transliterate).fullmatch(full):
        assert screen_name(result, profile) == Screening()
    assert bank_problems(result, profile) == (Screening() if plain_name(profile.encoding, profile.transliterate).fullmatch(full)
                                              else screen_name(result, profile))


def test_common_names_are_cleared_at_a_glance_only_where_the_encoding_writes_them():
    assert plain_name("kz1048", False).fullmatch("Әлиев Нұрлан Серікұлы")
    assert not plain_name("cp1251", False).fullmatch("Әлиев Нұрлан Серікұлы")  # ә, ұ: not in cp1251
    assert plain_name("cp866", True).fullmatch("Әлиев Нұрлан Серикович")  # transliterated
    assert not plain_name("cp866", True).fullmatch("Іскаков Нұрлан")  # і: not in cp866 even so
    for doubtful in ("Ким А.", "Ли Ан Бо Ра", "Ахметов", "Ахметов  Ерлан", "Ahmetov Ерлан"):
        assert not plain_name("kz1048", False).fullmatch(doubtful)


def test_each_person_gets_their_own_name_when_writers_ask_in_turn():
    # person_name remembers the last person named (every writer names the same person in turn):
    # asked in turn for different persons, equal or not, it must never hand one the other's name.
    people = calculate_many([
        PayLine(iin=iin_for(date(1980, 1, day)), period=Period(2026, 10), gross="100000", full_name=name)
        for day, name in ((1, "Ахметов Ерлан"), (2, "Ли Наталья Сергеевна"), (3, "Ахметов"), (4, "Ахметов Ерлан"))
    ])
    first, second, one_word, same_text = (result.person for result in people)
    for _round in range(2):
        assert person_name(first) == PersonName("Ахметов", "Ерлан")
        assert person_name(first) == PersonName("Ахметов", "Ерлан")
        assert person_name(second) == PersonName("Ли", "Наталья", "Сергеевна")
        for _twice in range(2):
            with pytest.raises(NameProblem) as caught:
                person_name(one_word)
            assert caught.value.code == "name.one_word"
        assert person_name(same_text) == PersonName("Ахметов", "Ерлан")
