"""Reconciling a sheet's own ООСМС/ВОСМС with ours: every difference gets a reason."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from osms_payroll import PayLine, Period, calculate
from osms_payroll.i18n import _, using
from osms_payroll.law import default_params
from osms_payroll.intake.reconcile import classify
from tests.conftest import iin_for
from tests.core.test_languages import STOCK, _prose
from tests.intake.builders import onec_register

IIN = iin_for(date(1985, 3, 14))
PARAMS = default_params()


def result(gross: str, period: str = "2026-10", category: str = "employee", other: str = "0"):
    return calculate(PayLine(iin=IIN, period=Period.parse(period), gross=gross, category=category, vosms_other_income=other))


@pytest.mark.parametrize(
    ("gross", "payment", "sheet", "category", "reason", "hint"),
    [
        # pensioner: exempt from both, the sheet withheld 2 % of 100 000 anyway
        ("100000", "vosms", "2000", "pensioner", "category", "no ВОСМС is due"),
        # the sheet has nothing for an employee: 3 % × 100 000 = 3 000 due
        ("100000", "oosms", "0", "employee", "category", "3000 is due"),
        # 2 % × 120 000.50 = 2 400.01 → 2 400; a sheet rounding each line up says 2 401
        ("120000.50", "vosms", "2401", "employee", "rounding", "120000.5 × 0.02 = 2400"),
        # 2026: ООСМС 3 % × 500 000 = 15 000; the sheet still applies 2020–2021's 2 %: 10 000
        ("500000", "oosms", "10000", "employee", "rate", "rate 0.02 (in force 2020-01..2021-12)"),
        # 2026: ВОСМС base capped at 20 МЗП = 1 700 000 → 34 000; the sheet took 2 % × 5 000 000 = 100 000
        ("5000000", "vosms", "100000", "employee", "cap", "the sheet did not apply it"),
        # neither rounding, rate nor cap: 2 % × 1 000 000 = 20 000, the sheet says 12 345
        ("1000000", "vosms", "12345", "employee", "cap", "another cap or other employers' income"),
        # more than ours without a cap in play: the sheet counted another base
        ("1000000", "vosms", "25000", "employee", "base", "check which lines"),
    ],
)
def test_each_difference_gets_its_reason(gross, payment, sheet, category, reason, hint):
    computed = result(gross, category=category)
    got, message = classify(getattr(computed, payment), Decimal(sheet), PARAMS, Period(2026, 10), category)
    assert got == reason and hint in message, message


def test_other_employers_income_is_a_cap_reason():
    # 2026: ВОСМС cap 1 700 000, 1 600 000 declared elsewhere → base 100 000 → 2 000; the sheet ignored it: 2 % × 300 000
    computed = result("300000", other="1600000")
    assert computed.vosms.amount == Decimal(2000)
    reason, message = classify(computed.vosms, Decimal(6000), PARAMS, Period(2026, 10), "employee")
    assert reason == "cap" and "other employers" in message


def test_a_sheet_without_its_own_columns_is_not_reconciled(tmp_path):
    from osms_payroll.intake.reconcile import Reconciler
    from osms_payroll.intake import open_rows

    path = tmp_path / "p.csv"
    path.write_text(f"iin,gross,period\n{IIN},100,2026-10\n", encoding="utf-8")
    assert Reconciler.of(open_rows(path), PARAMS) is None
    path.write_text(f"iin,gross,period,ВОСМС\n{IIN},100000,2026-10,2000\n{IIN},50000,2026-10,1000\n", encoding="utf-8")
    reconciler = Reconciler.of(open_rows(path), PARAMS)
    assert reconciler is not None and reconciler.fields == ("vosms",)
    from osms_payroll.engine.osms import Calculator
    from osms_payroll.engine.tally import fan_out
    from osms_payroll.intake.batch import compute, payment_kinds
    from osms_payroll.issues import IssueLog

    core, log = Calculator(PARAMS), IssueLog()
    rows = reconciler.rows(open_rows(path).rows(log), log)
    fan_out(compute(rows, core), [reconciler], log, payment_kinds(core))
    assert reconciler.differences == []  # 2 000 + 1 000 on two lines = 2 % × 150 000 once


def test_reconcile_input_lists_the_sheets_differences(tmp_path):
    from osms_payroll import reconcile_input

    path = tmp_path / "p.csv"
    path.write_text(f"iin,gross,period\n{IIN},100000,2026-10\n", encoding="utf-8")
    assert reconcile_input(path, period=Period(2026, 10)) is None
    # 2026-10: ВОСМС 2 % × 500 000 = 10 000; the sheet applied 2020's 1 %: 5 000
    path.write_text(f"iin,gross,period,ВОСМС\n{IIN},500000,2026-10,5000\n", encoding="utf-8")
    (difference,) = reconcile_input(path, period=Period(2026, 10)) or ()
    assert difference.to_dict()["ours"] == "10000" and difference.to_dict()["sheet"] == "5000"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_mismatch_with_the_sheet_is_said_in_the_users_language(tmp_path, lang):
    cli = str(Path(sys.executable).with_name("osms-payroll"))
    proc = subprocess.run([cli, "--lang", lang, "calc", str(onec_register(tmp_path / "svod.xlsx"))], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    with using(lang):
        heading = _("reconcile.summary", count="\0", summary="\0").split("\0")[0]
        # 2 % × 120 000.50 = 2 400.01 → 2 400; the register says 2 401 (its rounding)
        rounding = _("reconcile.rounding", quantum="1", base="120000.5", rate="0.02", ours="2400")
    reconciliation = proc.stdout[proc.stdout.index(heading):]
    assert rounding in reconciliation, reconciliation
    assert not STOCK.search(_prose(reconciliation)), reconciliation
