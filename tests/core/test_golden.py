"""The independently computed cases of shared/golden/osms-cases.csv, through the SDK and the CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from osms_payroll import PayLine, Period, calculate
from tests.conftest import DATA

CASES = list(csv.DictReader((DATA / "osms-cases.csv").open(encoding="utf-8")))
EXPECTED = ("oosms_base", "oosms", "vosms_base", "vosms")


def test_golden_file_is_not_empty():
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[f"{c['period']}-{c['category']}-{c['iin'][-4:]}" for c in CASES])
def test_sdk(case):
    result = calculate(
        PayLine(
            iin=case["iin"],
            period=Period.parse(case["period"]),
            gross=case["gross"],
            category=case["category"],
            vosms_other_income=case["vosms_other_income"],
        )
    )
    got = (result.oosms.base, result.oosms.amount, result.vosms.base, result.vosms.amount)
    assert got == tuple(Decimal(case[k]) for k in EXPECTED)
    assert (result.exempt_reason or "") == case["exempt_reason"]


def test_cli_json_contract(golden_csv: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "osms_payroll", "calc", str(golden_csv), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert document["schema"] == 1 and document["errors"] == []
    # oosms_base, vosms_base, exempt_reason are ignored; the expected oosms/vosms are reconciled, without a difference
    assert [w["code"] for w in document["warnings"]] == ["column.unknown"] * 3
    assert document["reconciliation"] == []
    results = document["results"]
    assert len(results) == len(CASES)
    for result, case in zip(results, CASES, strict=True):
        assert result["iin"] == case["iin"] and result["period"] == case["period"]
        for key in EXPECTED:
            assert isinstance(result[key], str)
            assert Decimal(result[key]) == Decimal(case[key]), (case["iin"], key)
        assert (result["exempt_reason"] or "") == case["exempt_reason"]
    totals = document["totals"]
    assert Decimal(totals["oosms"]) == sum(Decimal(c["oosms"]) for c in CASES)
    assert Decimal(totals["vosms"]) == sum(Decimal(c["vosms"]) for c in CASES)
    assert totals["persons"] == len(CASES)
