"""MT102 writer limits: clear errors naming the person (masked ИИН), never a cut ИИН or amount."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from osms_payroll.i18n import say, using
from osms_payroll.ids._checksum import calc_check_digit
from osms_payroll.remit.payer import Mt102Profile
from osms_payroll.remit import RemitError, read_mt102
from osms_payroll.remit.mt102.spec import amount_text, assign_lines
from osms_payroll.remit.mt102.writer import Mt102Writer
from tests.remit.conftest import SMALL_PAYROLL, results_of

LONG = "Ж" * 55


def _payroll(**names):
    return results_of([(iin, names.get(iin, name), gross, category, other) for iin, name, gross, category, other in SMALL_PAYROLL])


def test_a_name_part_over_54_characters_is_an_error_naming_the_person(tmp_path, run):
    results = _payroll(**{"781123364683": f"Ким {LONG} Владимирович"})
    with pytest.raises(RemitError) as caught:
        run(results, tmp_path, formats=("mt102",))
    message = str(caught.value)
    assert "ИИН ********4683: name.length: the first name has 55 characters; bank lists take at most 54" in message
    assert "781123364683" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_one_word_name_is_an_error(tmp_path, run):
    results = _payroll(**{"850314353054": "Ахметов"})
    with pytest.raises(RemitError, match=r"ИИН \*\*\*\*\*\*\*\*3054: name.one_word: the name has one word"):
        run(results, tmp_path, formats=("mt102",))


def test_kazakh_letters_need_kz1048_transliteration_or_utf8(tmp_path, run, employer):
    results = _payroll(**{"850314353054": "Әлиев Нұрлан Серікұлы"})
    cp1251 = attrs.evolve(employer, mt102=Mt102Profile(encoding="cp1251"))
    with pytest.raises(RemitError, match=r"ИИН \*\*\*\*\*\*\*\*3054: 'Ә' cannot be written in cp1251; set mt102.encoding = \"kz1048\""):
        run(results, tmp_path, payer=cp1251, formats=("mt102",))
    assert list(tmp_path.iterdir()) == []

    run(results, tmp_path, formats=("mt102",))  # the default, KZ-1048
    first = read_mt102(tmp_path / "osms-2026-10-knp121.mt102").persons[0]
    assert (first.surname, first.given, first.patronymic) == ("Әлиев", "Нұрлан", "Серікұлы")

    translit = attrs.evolve(employer, mt102=Mt102Profile(transliterate=True))
    run(results, tmp_path, payer=translit, formats=("mt102",))
    first = read_mt102(tmp_path / "osms-2026-10-knp121.mt102").persons[0]
    assert (first.surname, first.given, first.patronymic) == ("Алиев", "Нурлан", "Серікулы")  # і stays: cp1251 has it

    utf8 = attrs.evolve(employer, mt102=Mt102Profile(encoding="utf-8", opv_code="V"))
    run(results, tmp_path, payer=utf8, formats=("mt102",))
    document = read_mt102(tmp_path / "osms-2026-10-knp121.mt102")
    assert (document.persons[0].surname, document.persons[0].code) == ("Әлиев", "V")


def test_cp866_needs_transliteration_for_the_quotes_in_the_names(tmp_path, run, small_results, employer):
    cp866 = attrs.evolve(employer, mt102=Mt102Profile(encoding="cp866"))
    with pytest.raises(RemitError, match="'«' cannot be written in cp866"):
        run(small_results, tmp_path, payer=cp866, formats=("mt102",))
    both = attrs.evolve(employer, mt102=Mt102Profile(encoding="cp866", transliterate=True))
    run(small_results, tmp_path, payer=both, formats=("mt102",))
    summary = read_mt102(tmp_path / "osms-2026-10-knp122.mt102", encoding="cp866").summary
    assert summary.header.payer_name == 'ТОО "Дала Сервис"'


def test_no_file_for_a_payment_nobody_owes(tmp_path, run):
    results = results_of([row for row in SMALL_PAYROLL if row[3] in ("gpc", "pensioner")])
    files = run(results, tmp_path, formats=("mt102",))
    assert [f.path.name for f in files] == ["osms-2026-10-knp122.mt102"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["osms-2026-10-knp122.mt102"]


def test_every_mt102_file_warns_about_the_undocumented_opv_code(tmp_path, run, small_results):
    files = run(small_results, tmp_path, formats=("mt102",))
    for written in files:
        assert any("/OPV/ code 'S'" in w and "open question 1" in w for w in written.warnings)


def test_amount_text_never_rounds():
    assert amount_text(Decimal("12000")) == "12000,00"
    assert amount_text(Decimal("0.5")) == "0,50"
    assert amount_text(Decimal("1.005")) is None


def test_purpose_wraps_at_words_within_60_characters_and_7_lines():
    words = "Отчисления на обязательное социальное медицинское страхование за октябрь 2026 года по списку"
    lines = assign_lines(words)
    assert lines[0].startswith("/ASSIGN/") and all(len(line) <= 60 for line in lines)
    assert " ".join(lines)[len("/ASSIGN/"):] == words
    with pytest.raises(ValueError, match="at most 7"):
        assign_lines("слово " * 80)


def test_a_birth_date_left_out_is_said_in_the_users_language(tmp_path, run):
    # 30 February 1985: the ИИН is valid (check digit holds) but its date digits are no day, so the
    # engine gives no birth date and the record has no /DT/ line.
    head = next(f"8502303{serial:04d}" for serial in range(1, 100) if calc_check_digit(f"8502303{serial:04d}") is not None)
    iin = head + str(calc_check_digit(head))
    results = results_of([(iin, "Ахметов Данияр Серикович", "800000", "employee", "0"), *SMALL_PAYROLL[1:]])
    files = {f.path.name: f for f in run(results, tmp_path, formats=("mt102",))}
    text = (tmp_path / "osms-2026-10-knp121.mt102").read_text(encoding="cp1251")
    assert f"/IDN/{iin}" in text and text.count("/DT/") == 2  # Ким and Ли keep theirs
    with using("ru"):
        said = [str(say(w)) for w in files["osms-2026-10-knp121.mt102"].warnings]
    assert "лиц с ИИН, в котором цифры даты рождения — не настоящая дата: 1; строка /DT/ для них не записана" in said


def test_a_problem_the_read_back_finds_is_said_in_the_users_language(tmp_path, run, small_results, monkeypatch):
    # A slip of the writer (a field no list has, before the first record): the file is read back before it
    # is moved into place, refused with the check's own words, and nothing is left behind.
    real = Mt102Writer.add

    def slipping(self, result):
        if self.count == 0:
            self._handle.write(b":99:1\r\n")
        real(self, result)

    monkeypatch.setattr(Mt102Writer, "add", slipping)
    with pytest.raises(RemitError) as caught:
        run(small_results, tmp_path, formats=("mt102",))
    with using("ru"):
        said = [str(say(problem)) for problem in caught.value.problems]
    assert any(line.startswith("osms-2026-10-knp121.mt102: при повторном чтении, строка ") for line in said), said
    assert list(tmp_path.iterdir()) == []
