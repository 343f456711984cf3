"""One log of located problems, one stream, one fold: what a pass reports and adds up to.

The log holds a bounded number of problems in memory, yet the errors report lists every rejected
row; reading an input changes nothing in the opened source (its problems go into the log given);
the tally is what :func:`fan_out` returns, the sum of the results it fed the writers.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest

from osms_payroll.engine.osms import Calculator
from osms_payroll.engine.tally import Collected, Tally, fan_out
from osms_payroll.i18n import Message, _, using
from osms_payroll.intake import open_rows
from osms_payroll.intake.batch import compute, payment_kinds
from osms_payroll.issues import Issue, IssueLog, Location
from osms_payroll.law import default_params
from osms_payroll.period import Period
from osms_payroll.run.writers import ERRORS_STEM, RESULTS_NAME, ErrorsReport, ResultsFile
from tests.conftest import iin_for, read_errors_csv

OCTOBER = Period(2026, 10)


def _payroll(path: Path, good: int, bad: int) -> Path:
    """``good`` persons of 300 000 each, then ``bad`` rows whose amount is not a number."""
    lines = ["iin,full_name,period,gross"]
    lines += [f"{iin_for(date(1980, 1, 1 + n % 28), serial=n + 1)},Иванов Иван,2026-10,300000" for n in range(good)]
    lines += [f"{iin_for(date(1990, 1, 1 + n % 28), serial=n + 1)},Петров Пётр,2026-10,сто тысяч" for n in range(bad)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_log_holds_few_errors_yet_the_errors_report_lists_every_rejected_row(tmp_path):
    source = open_rows(_payroll(tmp_path / "p.csv", good=5, bad=300), period=OCTOBER)
    core = Calculator(default_params())
    writers = [ErrorsReport(tmp_path, OCTOBER, "ru"), ResultsFile(tmp_path / RESULTS_NAME, core.params)]
    with IssueLog(keep=10) as log:
        totals = fan_out(compute(source.rows(log), core, default_period=OCTOBER), writers, log, payment_kinds(core))
        # In memory: the first 10 and a count of the rest (the others wait on disk for the report).
        lines = log.problem_lines()
        assert len(lines) == 11 and lines[-1] == _("problems.more", count=290)
        for writer in writers:
            writer.finish(Tally(totals, log))
    assert (totals.persons, totals.rejected_rows, log.error_count) == (5, 300, 300)
    every = read_errors_csv(tmp_path / f"{ERRORS_STEM}.csv")
    rows = [row for row in every if row["level"] == "error"]
    # The header is row 1 and the 5 good persons rows 2–6: the bad ones are rows 7–306, each once, in order.
    assert [int(row["row"]) for row in rows] == list(range(7, 307))
    assert {row["code"] for row in rows} == {"amount.format"}
    book = openpyxl.load_workbook(tmp_path / f"{ERRORS_STEM}.xlsx", read_only=True)
    cells = [[cell.value for cell in row] for row in book.active.iter_rows(min_row=2)]
    book.close()
    assert len(cells) == len(every)
    assert [int(row[4]) for row in cells if row[0] == _("errors.level.error")] == list(range(7, 307))
    results = json.loads((tmp_path / RESULTS_NAME).read_text(encoding="utf-8"))
    assert [error["row"] for error in results["errors"]] == list(range(7, 307)) and len(results["results"]) == 5


def test_spilled_errors_come_back_equal_and_keep_their_catalog_code():
    issues = [
        Issue("period.other", Message("iin.leading_zero", iin=f"00{n}"), Location("a.xlsx", n + 2, "Лист1"), "period", f"C{n + 2}")
        for n in range(7)
    ]
    with IssueLog(keep=2) as log:
        for issue in issues:
            log.error(issue)
        again = list(log.errors())
        assert again == issues and list(log.errors()) == issues  # read back twice, same order
        log.error(issues[0])  # reported after a read: still at the end
        assert list(log.errors()) == [*issues, issues[0]]
    spilled = again[-1].message
    assert isinstance(spilled, Message) and spilled.code == "iin.leading_zero"  # a report can still say it in any language


def test_warnings_are_collapsed_per_cause_with_the_persons_they_touch_and_capped_per_code():
    log = IssueLog(["about the run"], keep=3)
    log.person(["cap", "cap", "rounding"])  # said twice for one person: counted once
    log.person(["cap"])
    assert [(issue.message, persons) for issue, persons in log.counted()] == [("about the run", 0), ("cap", 2), ("rounding", 1)]
    for row in range(2, 8):
        log.warn(Issue("iin.leading_zero", "restored", Location("p.csv", row)))
    log.warn(Issue("iin.leading_zero", "restored", Location("p.csv", 2)))  # the same cause again: one row
    warnings = log.warnings()
    assert [w.location.row for w in warnings if w.code == "iin.leading_zero" and w.location] == [2, 3, 4]
    assert warnings[-1] == Issue("iin.leading_zero", _("issues.more", count=3, total=6))
    assert not log and log.more == 3  # warnings never make a log fail


def test_reading_an_input_changes_nothing_in_the_opened_source(tmp_path):
    path = tmp_path / "p.csv"
    zero_lost = iin_for(date(2004, 1, 1))  # born in 2004: the ИИН starts with 0, which a number cell drops
    path.write_text(f"ИИН;Начислено;Ххх\n{zero_lost[1:]};1000;5\n", encoding="utf-8")
    source = open_rows(path, period=OCTOBER)
    opened = source.warnings
    assert isinstance(opened, tuple) and [w.code for w in opened] == ["column.unknown"]
    log = IssueLog()
    assert [row.values["iin"] for row in source.rows(log)] == [zero_lost]
    assert source.warnings is opened  # nothing grew while the rows were read
    assert [w.code for w in log.warnings()] == ["column.unknown", "iin.leading_zero"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        source.warnings = ()  # type: ignore[misc]


def test_the_tally_fan_out_returns_is_the_sum_of_the_results_it_fed(tmp_path):
    path = tmp_path / "p.csv"
    a, b = iin_for(date(1980, 5, 5)), iin_for(date(1985, 6, 6))
    path.write_text(
        "iin,full_name,period,gross\n"
        f"{a},Иванов Иван,2026-10,300000\n{b},Ким Сергей,2026-10,420000\n{b},Ким Сергей,2026-10,80000\n"
        "123,Нет Иина,2026-10,1\n", encoding="utf-8",
    )
    core, kept = Calculator(default_params()), Collected()
    with IssueLog() as log:
        totals = fan_out(compute(open_rows(path).rows(log), core), [kept], log, payment_kinds(core))
    # ООСМС 3 %, ВОСМС 2 % of 300 000 and of 420 000 + 80 000 (one person-month): 9 000 + 15 000, 6 000 + 10 000.
    assert totals.amounts == {"oosms": Decimal("24000"), "vosms": Decimal("16000")}
    assert (totals.persons, totals.rejected_rows, log.error_count) == (2, 1, 1)
    for kind, amount in totals.amounts.items():
        assert amount == sum(result.contributions[kind].amount for result in kept.results)


def test_a_row_of_another_month_is_rejected_in_the_users_language(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(f"iin,period,gross\n{iin_for(date(1980, 5, 5))},2026-09,300000\n", encoding="utf-8")
    core = Calculator(default_params())
    for lang in ("ru", "kk", "en"):
        with using(lang), IssueLog() as log:
            fan_out(compute(open_rows(path).rows(log), core, only_period=OCTOBER), [], log, payment_kinds(core))
            (issue,) = log.errors()
            assert (issue.code, issue.cell, issue.message) == (
                "period.other", None, _("period.other", period="2026-09", run="2026-10")
            )
    assert "2026-09" in issue.message and "this row is for" in issue.message  # en, the last


def test_person_warnings_count_each_person_once_per_text():
    """Equal warning texts from different results (separate objects) are one warning touching every
    such person; a text said twice for one person counts that person once; first-seen order holds."""
    log = IssueLog()
    log.person([Message("warning.x", n=1), "b"])
    log.person(["b", Message("warning.x", n=1), Message("warning.x", n=1)])
    log.person(["c"])
    counted = [(issue.message, persons) for issue, persons in log.counted()]
    assert counted == [(Message("warning.x", n=1), 2), ("b", 2), ("c", 1)]


def test_a_list_of_warnings_said_again_counts_as_the_first_time():
    """Persons share a few lists of warnings, counted as lists once seen; a list holding a warning
    past the ones kept is counted text by text, so that warning is still among the "more"."""
    log = IssueLog(keep=2)
    shared = (Message("warning.x", n=1), "b")
    for _person in range(3):
        log.person(shared)
        log.person(tuple(shared))  # an equal list of another result
    log.person(("b", "c"))
    log.person(("d", "b"))  # "d" is a third result warning: past keep=2, only counted
    log.person(("d", "b"))
    assert [(issue.message, persons) for issue, persons in log.counted()] == [(Message("warning.x", n=1), 6), ("b", 9)]
    assert log.more == 3  # "c" once and "d" twice: each time it was said


def _errors_books(tmp_path, monkeypatch, writer):
    """errors.xlsx written by ``writer`` three ways: three rows, their count known (small); the same
    rows, the count unknown; four rows, one past the in-memory limit of three (large)."""
    from osms_payroll.remit.xlsx import layout
    from osms_payroll.run import errors_report

    monkeypatch.setenv("OSMS_XLSX_WRITER", writer)
    monkeypatch.setattr(layout, "IN_MEMORY_ROWS", 3)
    errors = [Issue("amount.format", Message("iin.leading_zero", iin=f"00{n}"), Location("a.xlsx", n + 2, "Лист1"), "gross", f"D{n + 2}")
              for n in range(3)]
    books = {}
    for label, count, warnings in (("small", len(errors), []), ("unknown", None, []), ("large", len(errors), [errors[0]])):
        folder = tmp_path / writer / label
        folder.mkdir(parents=True)
        errors_report.write_errors(folder, "errors", iter(errors), warnings, OCTOBER, error_count=count)
        books[label] = folder / "errors.xlsx"
    return books


@pytest.mark.parametrize("writer", ["xlsxwriter", "rust"])
def test_a_small_errors_workbook_is_put_together_in_memory_a_large_one_row_by_row_with_the_same_cells(tmp_path, monkeypatch, writer):
    import zipfile

    from tests.remit.test_register_writers import _sheet

    books = _errors_books(tmp_path, monkeypatch, writer)
    parts = {label: set(zipfile.ZipFile(book).namelist()) for label, book in books.items()}
    sheets = {label: _sheet(openpyxl.load_workbook(book).active) for label, book in books.items()}
    # In memory the texts go to the shared-string table; row by row (memory flat) they stay in the
    # sheet. XlsxWriter must be told the count to hold a workbook in memory; the Rust writer counts.
    assert "xl/sharedStrings.xml" in parts["small"] and "xl/sharedStrings.xml" not in parts["large"]
    assert ("xl/sharedStrings.xml" in parts["unknown"]) == (writer == "rust")
    assert sheets["small"] == sheets["unknown"] and len(sheets["small"]["cells"]) == 9 + 3 * 8  # no persons count on an error
    assert sheets["large"]["cells"]["A5"][0] == _("errors.level.warning")


def test_both_writers_write_the_same_errors_workbook_cell_by_cell(tmp_path, monkeypatch):
    from tests.remit.test_register_writers import _sheet

    sheets = {}
    for writer in ("xlsxwriter", "rust"):
        books = _errors_books(tmp_path, monkeypatch, writer)
        sheets[writer] = {label: openpyxl.load_workbook(book) for label, book in books.items()}
    for label in ("small", "large"):
        ours, rust = sheets["xlsxwriter"][label], sheets["rust"][label]
        assert _sheet(rust.active) == _sheet(ours.active), label
        assert (rust.active.oddHeader.left.text, rust.properties.title, rust.properties.created) == (
            ours.active.oddHeader.left.text, ours.properties.title, ours.properties.created,
        ) == (_("errors.title", period=OCTOBER), _("errors.title", period=OCTOBER), datetime(2026, 10, 1))
    sheet = sheets["rust"]["large"].active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I5" and sheet.print_title_rows == "$1:$1"
