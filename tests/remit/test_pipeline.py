"""The one-pass pipeline: determinism, atomic writes, all-or-nothing, totals equal to the engine's."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from osms_payroll.i18n import _, say, using
from osms_payroll import Period, default_params
from osms_payroll.remit.payer import ProfileError
from osms_payroll.ids._checksum import calc_check_digit
from osms_payroll.remit import Remittance, RemitError, RemitOptions, check_mt102, check_xml, remit
from osms_payroll.remit.register import RegisterWriter
from osms_payroll.remit.xml import XmlWriter
from tests.remit.conftest import OCTOBER, SMALL_PAYROLL, engine_totals, results_of

NAMES = ["osms-2026-10-knp121.mt102", "osms-2026-10-knp122.mt102", "osms-2026-10-register.xlsx", "osms-2026-10.xml"]


def test_same_inputs_give_byte_identical_files(tmp_path, small_results, run):
    first = run(small_results, tmp_path / "a")
    second = run(small_results, tmp_path / "b")
    assert sorted(f.path.name for f in first) == NAMES
    for name in NAMES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert [f.sha256 for f in first] == [f.sha256 for f in second]


@pytest.mark.parametrize("writer", [XmlWriter, RegisterWriter])
def test_an_exception_inside_a_writer_leaves_no_file_and_no_temp_file(tmp_path, small_results, run, monkeypatch, writer):
    original = writer.add
    calls = []

    def failing(self, result):
        calls.append(result)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        original(self, result)

    monkeypatch.setattr(writer, "add", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        run(small_results, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_problem_in_one_file_writes_none_of_them(tmp_path, run):
    results = results_of([(iin, name if iin != "600505311869" else "Оспанов", *rest) for iin, name, *rest in SMALL_PAYROLL])
    run(results, tmp_path)  # the one-word name belongs to a pensioner: not in any MT102 list, so fine
    assert sorted(p.name for p in tmp_path.iterdir()) == NAMES
    results = results_of([(iin, name if iin != "850314353054" else "Ахметов", *rest) for iin, name, *rest in SMALL_PAYROLL])
    out = tmp_path / "bad"
    with pytest.raises(RemitError) as caught:
        run(results, out)
    assert len(caught.value.problems) == 2  # one per MT102 list
    assert list(out.iterdir()) == []


def test_results_of_another_period_are_left_out_and_counted(tmp_path, employer, options, small_results):
    september = results_of(SMALL_PAYROLL[:2], Period(2026, 9))
    remittance = Remittance(employer, OCTOBER, tmp_path, options)
    for result in [*small_results, *september]:
        remittance.add(result)
    files = remittance.close()
    assert remittance.other_periods == {Period(2026, 9): 2}
    assert {f.path.name: f.totals for f in files}["osms-2026-10.xml"] == engine_totals(small_results)


def test_a_stale_file_of_a_payment_nobody_owes_is_pointed_out(tmp_path, employer, options):
    (tmp_path / "osms-2026-10-knp121.mt102").write_text("old", encoding="utf-8")
    remittance = Remittance(employer, OCTOBER, tmp_path, options)
    for result in results_of([row for row in SMALL_PAYROLL if row[3] == "gpc"]):
        remittance.add(result)
    remittance.close()
    assert any("from an earlier run" in note and "121" in note for note in remittance.notes)
    note = next(note for note in remittance.notes if "121" in note)
    with using("ru"):
        assert say(note) == (f"за 2026-10 по osms-2026-10-knp121.mt102 ничего не причитается: файл не записан; "
                             f"osms-2026-10-knp121.mt102, который уже лежит в {tmp_path}, остался от прошлого запуска — удалите его")
    with using("kk"):
        assert say(note).startswith("2026-10 үшін osms-2026-10-knp121.mt102 бойынша ештеңе төленбейді")


def test_options_are_checked():
    with pytest.raises(ValueError, match="after the value date"):
        RemitOptions(value_date=date(2026, 11, 5), doc_date=date(2026, 11, 6))
    with pytest.raises(ValueError, match="digits only"):
        RemitOptions(value_date=date(2026, 11, 5), number="A7")
    with pytest.raises(ValueError, match="choose from mt102"):
        RemitOptions(value_date=date(2026, 11, 5), formats=("pdf",))


@pytest.mark.parametrize(("options", "russian"), [
    ({"number": "A7"}, "номер платёжного поручения 'A7': только цифры, чтобы поручения (1) получили номера подряд не длиннее 9 цифр"),
    ({"formats": ("pdf",)}, "форматы pdf: выберите из mt102, xml, xlsx"),
    ({"lang": "de"}, "язык 'de': выберите из ru, kk, en"),
])
def test_refused_options_are_said_in_the_users_language(options, russian):
    with pytest.raises(ValueError) as refused:
        RemitOptions(value_date=date(2026, 11, 5), **options)
    with using("ru"):
        assert str(say(refused.value.args[0])) == russian


def test_the_orders_of_the_month_take_consecutive_numbers_of_at_most_nine_digits(tmp_path, employer):
    # The number check needs the payments table (how many orders the month has): it runs when the
    # remittance is built.
    with pytest.raises(ValueError, match="at most 9 digits"):
        Remittance(employer, OCTOBER, tmp_path, RemitOptions(value_date=date(2026, 11, 5), number="999999999"))
    assert not any(tmp_path.iterdir())


def test_payer_bank_code_is_checked_against_the_bank_table(tmp_path, employer, options):
    wrong = attrs.evolve(employer, bic="CASPKZKA")  # the IBAN's bank code 601 is Halyk's
    with pytest.raises(ProfileError, match=re.escape(_("iban.bank_mismatch", code="601", expected="HSBKKZKX", bic="CASPKZKA"))):
        Remittance(wrong, OCTOBER, tmp_path, options)


# -- property: every writer's total equals the engine's --------------------------------------


@st.composite
def iins(draw):
    born = draw(st.dates(date(1950, 1, 1), date(2008, 12, 31)))
    century = "3" if born.year < 2000 else "5"
    head = f"{born:%y%m%d}{century}{draw(st.integers(0, 9999)):04d}"
    check = calc_check_digit(head)
    assume(check is not None)
    return head + str(check)


payrolls = st.lists(
    st.tuples(
        iins(),
        st.sampled_from(["Ахметов Данияр", "Ким Сергей Владимирович", "Ли Наталья", "Әлиев Нұрлан Серікұлы"]),
        st.decimals(0, 12_000_000, places=2, allow_nan=False, allow_infinity=False).map(str),
        st.sampled_from(["employee", "employee", "gpc", "pensioner", "foreigner"]),
        st.sampled_from(["0", "0", "900000", "2500000.50"]),
    ),
    min_size=1, max_size=12, unique_by=lambda row: row[0],
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=payrolls, period=st.sampled_from([Period(2020, 3), Period(2023, 7), Period(2026, 10)]))
def test_every_writer_total_equals_the_engine_total(employer, rows, period, monkeypatch):
    monkeypatch.setenv("OSMS_XLSX_WRITER", "xlsxwriter")  # the writer that caches the totals formula's value
    results = results_of(rows, period)
    expected = engine_totals(results)
    paid = period.last_day + timedelta(days=1)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        files = remit(results, employer, period, out, RemitOptions(value_date=paid), params=default_params())
        for written in files:
            assert written.totals == {k: v for k, v in expected.items() if k in written.totals}
        for knp in ("121", "122"):
            path = out / f"osms-{period}-knp{knp}.mt102"
            if expected[knp]:
                summary = check_mt102(path)
                assert summary.ok and summary.total == expected[knp]
            else:
                assert not path.exists()
        assert dict(check_xml(out / f"osms-{period}.xml").totals) == expected
        book = openpyxl.load_workbook(out / f"osms-{period}-register.xlsx", data_only=True, read_only=True)
        for knp in ("121", "122"):
            rows = list(book[f"КНП {knp}"].iter_rows(min_row=3, values_only=True))
            end = next(index for index, row in enumerate(rows) if row[0] == "Итого")
            column = [row[5] for row in rows[: end + 1]]
            assert Decimal(repr(column[-1])) == expected[knp]
            assert sum(Decimal(repr(v)) for v in column[:-1] if v is not None) == expected[knp]  # an empty list keeps an empty row


def test_a_control_character_in_a_name_is_reported_not_written(tmp_path, run):
    results = results_of([(iin, name if iin != "850314353054" else "Ахметов\x01 Данияр", *rest) for iin, name, *rest in SMALL_PAYROLL])
    with pytest.raises(RemitError) as caught:
        run(results, tmp_path)
    assert sum("control character '\\x01'" in p for p in caught.value.problems) == 3  # both lists and the XML
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("failing", ["close", "rename"])
def test_the_previous_files_stay_until_every_new_one_is_ready(tmp_path, small_results, run, monkeypatch, failing):
    """The register is the last writer: when it fails (or the last rename does), the MT102 and XML
    of the earlier run are still there, unchanged, and no staging is left behind."""
    run(small_results, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(before) == NAMES
    fewer = small_results[1:]  # a different month's content: every file would change
    if failing == "close":
        def broken(self, expected):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(RegisterWriter, "close", broken)
    else:
        real = os.replace

        def last_fails(src, dst):
            if str(dst).endswith("register.xlsx"):
                raise OSError(28, "No space left on device")
            real(src, dst)

        monkeypatch.setattr("osms_payroll.remit.pipeline.os.replace", last_fails)
    with pytest.raises(OSError):
        run(fewer, tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    if failing == "close":
        assert after == before  # nothing was replaced: the new files were never all ready
    else:
        assert sorted(after) == NAMES and after["osms-2026-10-register.xlsx"] == before["osms-2026-10-register.xlsx"]
