"""Fuzz of the CSV and workbook readers: random bytes and mutated valid files give a located
:class:`InputError` or rows, never another exception (the CLI would print a traceback)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osms_payroll import Period, default_params
from osms_payroll.engine.osms import Calculator
from osms_payroll.intake import InputError, open_rows
from osms_payroll.engine.tally import fan_out
from osms_payroll.intake.batch import compute, payment_kinds
from osms_payroll.issues import IssueLog
from tests.conftest import iin_for
from tests.intake.builders import xlsx

HEADER = ["ИИН", "ФИО", "Период", "Начислено", "Категория"]
ROWS = [HEADER, *([iin_for(date(1980, 1, n)), f"Иванов {n}", "2026-10", 300000 + n, "employee"] for n in range(1, 6))]
CSV = "\n".join(",".join(map(str, row)) for row in ROWS).encode("utf-8")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _valid_xlsx(folder: Path) -> bytes:
    return xlsx(folder / "valid.xlsx", {"Лист1": ROWS}).read_bytes()


def _read(path: Path) -> None:
    """Open and compute every row; the only exception allowed is a located InputError."""
    try:
        source = open_rows(path)
        core = Calculator(default_params())
        log = IssueLog()
        fan_out(compute(source.rows(log), core, default_period=Period(2026, 10)), [], log, payment_kinds(core))
    except InputError as exc:
        assert str(exc).startswith(str(path)), str(exc)
        return
    assert all(issue.location is None or issue.location.file == str(path) for issue in (*log.errors(), *log.warnings()))


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    mutable = bytearray(data)
    for position, value in edits:
        mutable[position % len(mutable)] = value
    return bytes(mutable[:cut] if cut is not None else mutable)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8)
CUTS = st.one_of(st.none(), st.integers(0, 4000))


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".ods", ".xlsb"]))
def test_random_bytes_are_read_or_refused(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    _read(path)


@FUZZ
@given(edits=EDITS, cut=CUTS)
def test_a_mutated_csv_is_read_or_refused(tmp_path, edits, cut):
    path = tmp_path / "mutated.csv"
    path.write_bytes(_mutate(CSV, edits, cut))
    _read(path)


@FUZZ
@given(edits=EDITS, cut=CUTS)
def test_a_mutated_workbook_is_read_or_refused(tmp_path, edits, cut):
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(_mutate(_valid_xlsx(tmp_path), edits, cut))
    _read(path)


@FUZZ
@given(edits=EDITS, cut=CUTS)
def test_a_workbook_with_a_mutated_sheet_xml_is_read_or_refused(tmp_path, edits, cut):
    """Mutations inside the (deflated) sheet part, so the zip stays valid and the XML does not."""
    original = zipfile.ZipFile(io.BytesIO(_valid_xlsx(tmp_path)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = _mutate(data, edits, cut)
            book.writestr(info.filename, data)
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(out.getvalue())
    _read(path)
