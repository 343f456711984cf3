"""Fixtures of the remittance tests: the sample employer, a small fixed payroll, a runner."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from osms_payroll import PayLine, Period, Result, calculate_many, default_params
from osms_payroll.remit.payer import Employer, load_employer
from osms_payroll.remit import RemitOptions, WrittenFile, remit

ROOT = Path(__file__).parents[2]
SAMPLE_EMPLOYER = ROOT / "templates" / "sample" / "employer.toml"
OCTOBER = Period(2026, 10)
VALUE_DATE = date(2026, 11, 5)
DOC_DATE = date(2026, 11, 4)

#: A small fixed payroll for October 2026 (МЗП 85 000; ООСМС 3 % capped at 40 МЗП = 3 400 000;
#: ВОСМС 2 % capped at 20 МЗП = 1 700 000 over all employers):
#:   Ахметов  800 000            → ООСМС 24 000,  ВОСМС 16 000
#:   Ким      5 200 000          → ООСМС 3 400 000 × 3 % = 102 000, ВОСМС 1 700 000 × 2 % = 34 000
#:   Исаева   250 000 ГПХ        → no ООСМС,      ВОСМС 5 000
#:   Ли       510 000, 1 200 000 declared elsewhere → ООСМС 15 300, ВОСМС (1 700 000 − 1 200 000) × 2 % = 10 000
#:   Оспанов  310 000 pensioner  → neither
SMALL_PAYROLL = (
    ("850314353054", "Ахметов Данияр Серикович", "800000", "employee", "0"),
    ("781123364683", "Ким Сергей Владимирович", "5200000", "employee", "0"),
    ("991010435172", "Исаева Жанна Талгатовна", "250000", "gpc", "0"),
    ("840909414865", "Ли Наталья", "510000", "employee", "1200000"),
    ("600505311869", "Оспанов Ерлан Кайратович", "310000", "pensioner", "0"),
)


def results_of(rows: Iterable[tuple[str, str, str, str, str]], period: Period = OCTOBER) -> list[Result]:
    lines = [
        PayLine(iin=iin, period=period, gross=gross, category=category, full_name=name, vosms_other_income=other)
        for iin, name, gross, category, other in rows
    ]
    out = [item for item in calculate_many(lines) if isinstance(item, Result)]
    assert len(out) == len(lines)
    return out


@pytest.fixture
def employer() -> Employer:
    return load_employer(SAMPLE_EMPLOYER, params=default_params())


@pytest.fixture
def small_results() -> list[Result]:
    return results_of(SMALL_PAYROLL)


@pytest.fixture
def options() -> RemitOptions:
    return RemitOptions(value_date=VALUE_DATE, doc_date=DOC_DATE, number="7")


@pytest.fixture
def run(employer: Employer, options: RemitOptions) -> Callable[..., list[WrittenFile]]:
    """``run(results, out, payer=None, **option_changes)``: remit October 2026 into ``out``."""

    def _run(results: Iterable[Result], out: Path, payer: Employer | None = None, **changes: Any) -> list[WrittenFile]:
        return remit(results, payer or employer, OCTOBER, out, attrs.evolve(options, **changes))

    return _run


def engine_totals(results: Iterable[Result]) -> dict[str, Decimal]:
    totals = {"121": Decimal(0), "122": Decimal(0)}
    for result in results:
        totals["121"] += result.oosms.amount
        totals["122"] += result.vosms.amount
    return totals
