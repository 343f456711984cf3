"""A failure inside a writer leaves the previous folder as it was and nothing half-written."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from osms_payroll.i18n import say, using
from osms_payroll.law import default_params
from osms_payroll.period import Period
from osms_payroll.remit.pipeline import Remittance
from osms_payroll.run.discover import Job
from osms_payroll.run.job import RunOptions, run_month
from tests.conftest import iin_for

SAMPLE = Path(__file__).resolve().parents[2] / "templates" / "sample"
OPTIONS = RunOptions(Period(2026, 10), date(2026, 11, 20), date(2026, 11, 20))


def job(tmp_path: Path) -> Job:
    shutil.copy(SAMPLE / "employer.toml", tmp_path / "employer.toml")
    book = tmp_path / "payroll.csv"
    book.write_text(
        "iin,full_name,period,gross\n"
        + "".join(f"{iin_for(date(1980, 1, d))},Иванов Иван,2026-10,{100000 * d}\n" for d in range(1, 6)),
        encoding="utf-8",
    )
    return Job(tmp_path / "employer.toml", (book,))


def test_a_crash_midway_keeps_the_previous_run(tmp_path, monkeypatch):
    the_job = job(tmp_path)
    out = tmp_path / "out"
    first = run_month(the_job, default_params(), OPTIONS, out)
    assert first.status == "written" and first.folder is not None
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    calls = []

    def explode(self: Remittance, result: object) -> None:
        calls.append(result)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(Remittance, "add", explode)
    second = run_month(the_job, default_params(), OPTIONS, out)
    assert second.status == "failed" and "disk on fire" in second.problems[0]
    with using("ru"):  # said in the user's language, the error's own text kept for the report
        assert str(say(second.problems[0])) == (
            "внутренняя ошибка (RuntimeError: disk on fire); для этого работодателя ничего не записано — сообщите, пожалуйста, об ошибке"
        )
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before
    assert sorted(p.name for p in first.folder.parent.iterdir()) == [first.folder.name]


def test_an_interrupt_leaves_no_folder_at_all(tmp_path, monkeypatch):
    def interrupt(self: Remittance, result: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Remittance, "add", interrupt)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_month(job(tmp_path), default_params(), OPTIONS, out)
    assert list((out / "2026-10").iterdir()) == []
