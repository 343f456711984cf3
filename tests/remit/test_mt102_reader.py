"""The MT102 reader: round trip, corrupted files rejected with line numbers, other programs' files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from osms_payroll import Period
from osms_payroll.remit import Mt102Error, check_mt102, read_mt102
from osms_payroll.remit.mt102.encoding import detect_encoding
from tests.remit.test_mt102_golden import GOLDEN_121


def _write(path, lines, *, encoding="cp1251", eol="\r\n"):
    path.write_bytes((eol.join(lines) + eol).encode(encoding))
    return path


def _codes(summary):
    return [(issue.line, issue.code) for issue in summary.issues]


def test_round_trip_gives_the_same_persons_and_totals(tmp_path, small_results, run):
    run(small_results, tmp_path)
    for knp, kind in (("121", "oosms"), ("122", "vosms")):
        document = read_mt102(tmp_path / f"osms-2026-10-knp{knp}.mt102")
        due = [r for r in small_results if getattr(r, kind).amount > 0]
        assert [(p.iin, p.amount, p.period) for p in document.persons] == [
            (r.iin, getattr(r, kind).amount, Period(2026, 10)) for r in due
        ]
        assert [" ".join(filter(None, (p.surname, p.given, p.patronymic))) for p in document.persons] == [
            r.person.full_name for r in due
        ]
        assert [p.birth_date for p in document.persons][:1] == [date(1985, 3, 14)]
        assert document.summary.total == sum(getattr(r, kind).amount for r in small_results)
        assert document.summary.header.knp == knp
        assert document.summary.value_date == date(2026, 11, 5)


def test_golden_file_passes_every_check(tmp_path):
    summary = check_mt102(_write(tmp_path / "a.mt102", GOLDEN_121), today=date(2026, 11, 4), banks={"601": "HSBKKZKX"})
    assert summary.ok, summary.issues
    assert (summary.persons, summary.total, summary.periods) == (3, Decimal("141300"), (Period(2026, 10),))


def test_a_total_off_by_one_tiyn_is_rejected_on_its_line(tmp_path):
    lines = [line if not line.startswith(":32A:") else ":32A:261105KZT141300,01" for line in GOLDEN_121]
    summary = check_mt102(_write(tmp_path / "a.mt102", lines))
    assert _codes(summary) == [(len(lines) - 1, "mt102.total")]
    assert "0.01" in summary.issues[0].message
    with pytest.raises(Mt102Error, match=rf"line {len(lines) - 1}: mt102.total"):
        read_mt102(tmp_path / "a.mt102")


def test_a_bad_iin_is_rejected_on_its_line_and_masked(tmp_path):
    bad = [line if line != "/IDN/781123364683" else "/IDN/781123364684" for line in GOLDEN_121]
    summary = check_mt102(_write(tmp_path / "a.mt102", bad))
    line = bad.index("/IDN/781123364684") + 1
    assert _codes(summary) == [(line, "iin.checksum")]
    assert "781123364684" not in summary.issues[0].message and "********4684" in summary.issues[0].message


def test_a_missing_end_of_block_is_rejected_after_the_last_line(tmp_path):
    cut = GOLDEN_121[:-1]
    summary = check_mt102(_write(tmp_path / "a.mt102", cut))
    assert _codes(summary) == [(len(cut) + 1, "mt102.unterminated")]
    assert f"after line {len(cut)}" in summary.issues[0].message


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (":32B:KZT24000,00", ":32B:KZT24000.00", "mt102.amount"),     # a dot, not the comma
        (":32B:KZT24000,00", ":32B:KZT24000,0", "mt102.amount"),      # one decimal
        (":32B:KZT24000,00", ":32B:KZT0,00", "mt102.amount"),         # zero
        ("/KNP/121", "/KNP/12", "mt102.knp"),
        ("/IRS/1", "/IRS/3", "mt102.irs"),
        ("/SECO/7", "/SECO/0", "mt102.seco"),
        ("/IDN/150340012340", "/IDN/150340012341", "mt102.idn"),       # payer БИН check digit
        (":50:/D/KZ29601A000DEMO00001", ":50:/D/KZ29601A000DEMO00002", "mt102.iban"),
        (":21:2", ":21:5", "mt102.sequence"),
        ("/DT/19850314", "/DT/19850315", "mt102.dt"),                  # not the ИИН's birth date
        ("/PERIOD/102026", "/PERIOD/132026", "mt102.period"),
        (":57B:GCVPKZ2A", ":57B:GCVP", "mt102.bic"),
    ],
)
def test_each_rule_of_the_bank_validators(tmp_path, old, new, code):
    lines = list(GOLDEN_121)
    index = lines.index(old)
    lines[index] = new
    summary = check_mt102(_write(tmp_path / "a.mt102", lines))
    assert (index + 1, code) in _codes(summary)


def test_future_document_date_too_many_purpose_lines_and_54c(tmp_path):
    lines = list(GOLDEN_121)
    at = lines.index("/ASSIGN/Отчисления на ОСМС за октябрь 2026 г.")
    lines[at + 1:at + 1] = [f"строка {n}" for n in range(7)] + [":54C:X"]
    lines.insert(lines.index(":52B:HSBKKZKX"), ":54C:X")
    summary = check_mt102(_write(tmp_path / "a.mt102", lines), today=date(2026, 11, 3))
    codes = {code for _line, code in _codes(summary)}
    assert {"mt102.date_future", "mt102.assign", "mt102.54c"} <= codes


def test_payer_bank_must_match_the_iban_bank_code(tmp_path):
    summary = check_mt102(_write(tmp_path / "a.mt102", GOLDEN_121), banks={"601": "CASPKZKA"})
    assert _codes(summary) == [(GOLDEN_121.index(":52B:HSBKKZKX") + 1, "mt102.bank")]


def test_lf_endings_cp866_and_utf8_are_read(tmp_path):
    plain = [line.replace("«", '"').replace("»", '"') for line in GOLDEN_121]  # cp866 has no «»
    for encoding in ("cp866", "utf-8", "cp1251"):
        path = _write(tmp_path / f"{encoding}.mt102", plain, encoding=encoding, eol="\n")
        summary = check_mt102(path)
        assert summary.ok and summary.header.payer_name == 'ТОО "Дала Сервис"', encoding


def test_encoding_detection():
    text = "/NAME/ТОО «Дала Сервис» отчисления".encode
    assert detect_encoding(text("utf-8")) == "utf-8"
    assert detect_encoding(text("cp1251")) == "cp1251"
    assert detect_encoding(text("cp866", errors="replace")) == "cp866"
    # A sample cut inside a two-byte UTF-8 letter is still UTF-8.
    assert detect_encoding("ая".encode()[:3], complete=False) == "utf-8"


def test_another_programs_file_blocks_on_one_line_header_period_and_former_names(tmp_path):
    lines = ["{1:F01HSBKKZKXAXXX0001000001}{2:I102SGROSS000000U3003}{4:"]
    body = GOLDEN_121[3:]
    body = [line for line in body if not line.startswith("/PERIOD/")]
    body.insert(body.index("/KNP/121"), "/PERIOD/102026")          # period once, in the header
    body[body.index("/FM/Ли")] = "/FM/Ли/Пак"                        # an earlier surname after a /
    summary = check_mt102(_write(tmp_path / "a.mt102", lines + body))
    assert summary.ok, summary.issues
    document = read_mt102(tmp_path / "a.mt102")
    assert [p.period for p in document.persons] == [Period(2026, 10)] * 3
    assert document.persons[2].surname == "Ли"


def test_a_file_that_is_not_mt102(tmp_path):
    summary = check_mt102(_write(tmp_path / "a.txt", ["hello", "world"]))
    assert not summary.ok
    assert _codes(summary)[0] == (1, "mt102.block")
