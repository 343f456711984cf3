"""``mt102 check`` as strict as the banks' validators (remittance-formats.md §2).

The files in tests/data/mt102/ were written by hand, as other programs and banks write lists —
not by our writer: a KZ-1048 list with CRLF, Kazakh names and bare ``:70:`` lines; a cp866 list
with LF, clearing, a header /PERIOD/, a 70-character purpose line and no /DT/; a UTF-8 list with
a BOM; and a broken list that breaks one rule per line.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from osms_payroll import Period, default_params
from osms_payroll.i18n import _, say, using
from osms_payroll.remit import check_mt102, osms_beneficiaries, read_mt102
from osms_payroll.remit.mt102.encoding import detect_encoding
from osms_payroll.remit.payer import bank_table
from tests.conftest import mt102_fields
from tests.remit.test_mt102_golden import GOLDEN_121

DATA = Path(__file__).parents[1] / "data" / "mt102"
CLI = str(Path(sys.executable).with_name("osms-payroll"))
OCTOBER = Period(2026, 10)
PAID = date(2026, 11, 5)


def _check(path: Path, today: date = PAID):
    params = default_params()
    return check_mt102(path, today=today, banks=bank_table(params, OCTOBER), beneficiaries=osms_beneficiaries(params, OCTOBER))


@pytest.mark.parametrize(
    ("name", "encoding", "persons", "total", "knp"),
    [
        ("bank-kz1048-crlf.mt102", "kz1048", 4, Decimal("65000"), "122"),
        ("bank-cp866-lf.mt102", "cp866", 2, Decimal("126000"), "121"),
        ("bank-utf8-bom.mt102", "utf-8", 1, Decimal("10000"), "122"),
    ],
)
def test_bank_shaped_lists_written_by_hand_are_accepted(name, encoding, persons, total, knp):
    summary = _check(DATA / name)
    assert summary.ok, summary.issues
    assert (summary.encoding, summary.persons, summary.total, summary.header.knp) == (encoding, persons, total, knp)
    assert summary.periods == (OCTOBER,)
    # The State Corporation's 59-character name: only the strictest old validator's 54 is exceeded.
    assert [(w.line, w.code) for w in summary.warnings] == [(15, "mt102.name_long")]


def test_the_kazakh_list_reads_back_exactly():
    persons = read_mt102(DATA / "bank-kz1048-crlf.mt102").persons
    assert [(p.surname, p.given, p.patronymic, p.code) for p in persons] == [
        ("Әлиев", "Нұрлан", "Серікұлы", None),
        ("Ким", "Алёна", "", None),
        ("Нұрланова-Смит", "Айгүл", "Сабыр қызы", None),
        ("O'Brien", "Mary", "", None),
    ]


def test_a_header_period_covers_records_without_one():
    document = read_mt102(DATA / "bank-cp866-lf.mt102")
    assert document.summary.header.period == OCTOBER
    assert [p.period for p in document.persons] == [OCTOBER, OCTOBER]
    assert [p.birth_date for p in document.persons] == [date(1985, 3, 14), None]


def test_encodings_are_detected_kz1048_from_its_kazakh_letters():
    assert detect_encoding("Әлиев Нұрлан".encode("kz1048")) == "kz1048"
    assert detect_encoding("Ахметов Данияр".encode("cp1251")) == "cp1251"
    assert detect_encoding("Ахметов Данияр".encode("cp866")) == "cp866"
    assert detect_encoding(b"\xef\xbb\xbf" + "Әлиев".encode()) == "utf-8"


#: Every rule the broken list breaks, by line (tests/data/mt102/broken.mt102, line numbers by hand).
BROKEN = {
    (1, "mt102.block1"),  # terminal address of 8 characters, not 12
    (2, "mt102.block2"),  # 18 characters, not 21
    (5, "mt102.chief"),  # :50: without /CHIEF/
    (6, "mt102.name_chars"),  # a tab in the payer's name
    (13, "mt102.beneficiary"),  # KNP 121 sent to the pension account
    (18, "mt102.num_first"),  # :70: opens with /DATE/
    (18, "mt102.social"),  # no /PRT/
    (22, "mt102.social"),  # /PSO/02
    (24, "mt102.assign"),  # an 82-character purpose line
    (28, "mt102.name_chars"),  # '(' in the surname
    (31, "mt102.dt"),  # /DT/ YYMMDD
    (33, "mt102.period"),  # /PERIOD/ 2026-10
}


def test_the_broken_list_fails_on_every_rule_with_its_line():
    summary = _check(DATA / "broken.mt102", today=date(2026, 11, 6))
    assert not summary.ok
    assert {(issue.line, issue.code) for issue in summary.issues} == BROKEN
    assert summary.issue_count == len(BROKEN)
    assert {(w.line, w.code) for w in summary.warnings} == {(14, "mt102.name_long"), (34, "mt102.value_date")}
    messages = {issue.code: issue.message for issue in summary.issues}
    assert "'(' (LEFT PARENTHESIS) at position 8" in messages["mt102.name_chars"]
    assert "KZ92009MEDS368609103" in messages["mt102.beneficiary"]


def test_the_console_script_refuses_the_broken_list_and_takes_the_bank_lists():
    proc = subprocess.run([CLI, "mt102", "check", str(DATA / "broken.mt102")], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    for line, code in BROKEN:
        assert any(f"broken.mt102:{line}: {code}: " in text for text in lines), (line, code)
    proc = subprocess.run([CLI, "mt102", "check", "--encoding", "kz1048", str(DATA / "bank-kz1048-crlf.mt102")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    fields = mt102_fields(proc.stdout)
    assert fields["encoding"] == "kz1048" and fields["persons"] == "4"
    assert _("warning.prefix", message="mt102.value_date") in proc.stderr  # the list's value date is not today


def test_a_future_document_date_and_a_wrong_payer_bank_are_refused(tmp_path):
    text = (DATA / "bank-utf8-bom.mt102").read_bytes().replace(b"/DATE/261105", b"/DATE/261106").replace(b":52B:HSBKKZKX", b":52B:CASPKZKA")
    (tmp_path / "a.mt102").write_bytes(text)
    summary = _check(tmp_path / "a.mt102")
    assert {(issue.line, issue.code) for issue in summary.issues} == {(20, "mt102.date_future"), (12, "mt102.bank")}


def test_a_missing_chief_accountant_and_a_digit_in_a_name_are_refused(tmp_path):
    lines = (DATA / "bank-utf8-bom.mt102").read_bytes().split(b"\r\n")
    lines = [line for line in lines if not line.startswith(b"/MAINBK/")]  # the :50: field is line 5
    lines[lines.index("/NM/Наталья".encode())] = "/NM/Наталья2".encode()
    (tmp_path / "a.mt102").write_bytes(b"\r\n".join(lines))
    summary = _check(tmp_path / "a.mt102")
    assert {(issue.line, issue.code) for issue in summary.issues} == {(5, "mt102.mainbk"), (30, "mt102.name_chars")}
    assert "a digit '2' (DIGIT TWO) at position 8" in summary.issues[-1].message


@pytest.mark.parametrize(("before", "line", "code", "said"), [
    # A field no list has, in the header: banks refuse it, the check said nothing before.
    (":52B:", ":99:1", "mt102.tag", "поле :99: не ожидается в заголовке списка"),
    # A second beneficiary account: only the first was read, the second went unchecked.
    (":70:", ":59:KZ92009MEDS368609103", "mt102.tag", "поле :59: повторяется (впервые — в строке 14)"),
    # A line that continues /SECO/ (or a person's /PERIOD/) was taken into its value silently.
    (":52B:", "7", "mt102.continued", "значение /SECO/ продолжено на следующей строке; в списке оно пишется одной строкой"),
    (":21:2", "102026", "mt102.continued", "значение /PERIOD/ продолжено на следующей строке; в списке оно пишется одной строкой"),
    # A second amount in a record: the later one replaced the first, caught only if the total then differed.
    (":70:/OPV/", ":32B:KZT1,00", "mt102.tag", "поле :32B: повторяется (впервые — в строке 28)"),
])
def test_a_field_out_of_place_or_a_value_on_two_lines_is_refused(tmp_path, before, line, code, said):
    at = next(n for n, text in enumerate(GOLDEN_121) if text.startswith(before))
    path = tmp_path / "a.mt102"
    path.write_bytes(("\r\n".join([*GOLDEN_121[:at], line, *GOLDEN_121[at:]]) + "\r\n").encode("cp1251"))
    summary = _check(path)
    assert not summary.ok
    found = [issue for issue in summary.issues if issue.code == code]
    with using("ru"):
        assert str(say(found[0].message)) == said
    # A field on the line put in; a value continued on the line of its sub-field, just before.
    assert found[0].line == (at if code == "mt102.continued" else at + 1)


def test_the_purpose_may_go_on_to_a_second_line(tmp_path):
    at = next(n for n, text in enumerate(GOLDEN_121) if text.startswith("/ASSIGN/")) + 1
    path = tmp_path / "a.mt102"
    path.write_bytes(("\r\n".join([*GOLDEN_121[:at], "по списку работников", *GOLDEN_121[at:]]) + "\r\n").encode("cp1251"))
    summary = _check(path)
    assert summary.ok, summary.issues
    assert summary.header.purpose.endswith("по списку работников")
