"""Penalty amounts checked against hand calculations (rate/365, each day's rate, whole tenge half up).

Each expected value was computed by hand from the base-rate table (tests/data/nbk-base-rate.csv,
the copy of the domain file) and the calendar; the arithmetic is in the comments.
"""

from __future__ import annotations

import re

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from osms_payroll.i18n import _
from osms_payroll import ParameterMissing, default_params, penalty

DATA = Path(__file__).resolve().parents[1] / "data"


def shape(result):
    return [(s.first, s.last, s.days, s.rate) for s in result.segments]


def test_osms_rules_example_vosms_one_rate():
    # osms-rules §7a: ВОСМС 10 000 due 25.06.2023 (Sunday → 26.06), paid 10.07.2023: 14 days
    # (27.06–10.07) at 16.75 % → 10 000 × 1.25 × 0.1675 × 14 / 365 = 80.31 → 80.
    result = penalty("vosms", "10000", "2023-05", "2023-07-10")
    assert result.due == date(2023, 6, 26) and result.days == 14
    assert shape(result) == [(date(2023, 6, 27), date(2023, 7, 10), 14, Decimal("16.75"))]
    assert result.penalty == Decimal(80) and result.knp is not None and result.knp.text == "124"
    # The 10.07.2023 decision confirmed 16.75 %: one segment citing both sources.
    assert [r.ref for r in result.segments[0].rates] == ["nbk.base_rate@2022-12-05", "nbk.base_rate@2023-07-10"]


def test_osms_rules_example_oosms_rate_change():
    # osms-rules §7a: ООСМС 15 000 due 25.09.2023, paid 16.10.2023: 13 days at 16.5 % + 8 days at
    # 16.0 % (from 09.10.2023): 15 000 × 1.25 × (0.165 × 13 + 0.16 × 8) / 365 = 110.19 + 65.75
    # = 175.94 → 176.
    result = penalty("oosms", "15000", "2023-08", "2023-10-16")
    assert shape(result) == [
        (date(2023, 9, 26), date(2023, 10, 8), 13, Decimal("16.50")),
        (date(2023, 10, 9), date(2023, 10, 16), 8, Decimal("16.00")),
    ]
    assert result.unrounded.quantize(Decimal("0.01")) == Decimal("175.94")
    assert result.penalty == Decimal(176) and result.knp is not None and result.knp.text == "123"


def test_single_rate_hand_calculation():
    # ВОСМС 50 000 of 2024-03, due Thursday 25.04.2024, paid 06.05.2024: 26.04–06.05 = 11 days,
    # all at 14.75 % (from 26.02.2024 to 13.06.2024): 50 000 × 1.25 × 0.1475 × 11 / 365
    # = 101 406.25 / 365 = 277.83 → 278.
    result = penalty("vosms", "50000", "2024-03", "2024-05-06")
    assert shape(result) == [(date(2024, 4, 26), date(2024, 5, 6), 11, Decimal("14.75"))]
    assert result.penalty == Decimal(278)


def test_a_rate_change_inside_the_span():
    # ООСМС 120 000 of 2023-12, due Thursday 25.01.2024, paid 29.02.2024: 26.01–25.02 = 31 days
    # at 15.25 % and 26.02–29.02 = 4 days at 14.75 %: 120 000 × 1.25 = 150 000;
    # (150 000 × 0.1525 × 31 + 150 000 × 0.1475 × 4) / 365 = (709 125 + 88 500) / 365
    # = 2 185.27 → 2 185 (2024 has 366 days; the convention still divides by 365, and warns).
    result = penalty("oosms", "120000", "2023-12", "2024-02-29")
    assert shape(result) == [
        (date(2024, 1, 26), date(2024, 2, 25), 31, Decimal("15.25")),
        (date(2024, 2, 26), date(2024, 2, 29), 4, Decimal("14.75")),
    ]
    assert result.penalty == Decimal(2185)
    assert any("open question 2" in w for w in result.warnings)


def test_a_span_across_the_2020_2021_wording_change():
    # ООСМС 100 000 of 2020-11, due Friday 25.12.2020, paid 15.01.2021: 26.12–31.12 = 6 days under
    # "1,25 × the refinancing rate" and 01.01–15.01 = 15 days under "1,25 × the base rate"
    # (399-VI); the rate is 9 % throughout (from 20.07.2020; confirmed 26.01.2021):
    # 100 000 × 1.25 × 0.09 × 21 / 365 = 236 250 / 365 = 647.26 → 647.
    result = penalty("oosms", "100000", "2020-11", "2021-01-15")
    assert shape(result) == [
        (date(2020, 12, 26), date(2020, 12, 31), 6, Decimal("9.00")),
        (date(2021, 1, 1), date(2021, 1, 15), 15, Decimal("9.00")),
    ]
    refinancing, base = (s.multiplier for s in result.segments)
    assert "ставки рефинансирования" in refinancing.source and "базовой ставки" in base.source
    assert result.penalty == Decimal(647)


def test_a_voluntary_payer_owes_none_with_the_reason():
    result = penalty("vosms", "5950", "2026-03", "2026-06-01", payer="voluntary")
    assert result.penalty == Decimal(0) and result.segments == ()
    assert "art. 31 p.8" in result.reason
    with pytest.raises(ValueError, match="платят только работодатели"):
        penalty("oosms", "1000", "2026-03", "2026-06-01", payer="self")


def test_paid_on_time_or_on_a_given_due_date():
    assert penalty("vosms", "10000", "2023-05", "2023-06-26").penalty == Decimal(0)
    # Income paid in June: the accountant gives the due date 25.07.2023 (Tuesday); paid 27.07:
    # 2 days at 16.75 % → 10 000 × 1.25 × 0.1675 × 2 / 365 = 11.47 → 11.
    late = penalty("vosms", "10000", "2023-05", "2023-07-27", due="2023-07-25")
    assert (late.days, late.penalty, late.deadline) == (2, Decimal(11), None)


def test_a_low_confidence_rate_in_the_span_warns():
    # ВОСМС 30 000 of 2018-05, due Monday 25.06.2018, paid 05.07.2018: 10 days at 9.00 %
    # (from 04.06.2018, day only known to the month: L): 30 000 × 1.25 × 0.09 × 10 / 365
    # = 33 750 / 365 = 92.47 → 92.
    result = penalty("vosms", "30000", "2018-05", "2018-07-05")
    assert result.penalty == Decimal(92)
    assert any(w.startswith("nbk.base_rate from 2018-06-04 has confidence L") for w in result.warnings)


def test_days_past_the_rate_data_are_refused_or_reused_with_a_warning():
    with pytest.raises(ParameterMissing, match=re.escape(f"nbk.base_rate {_('params.when.day', day='01.07.2026')}")):
        penalty("vosms", "10000", "2026-05", "2026-07-01")
    # Due 25.06.2026 (Thursday), paid 02.07.2026: 26–30.06 at 17 % (L) and 01–02.07 reused 17 %:
    # 10 000 × 1.25 × 0.17 × 7 / 365 = 40.75 → 41.
    result = penalty("vosms", "10000", "2026-05", "2026-07-02", reuse_last_known=True)
    assert result.penalty == Decimal(41)
    assert any(w.startswith("nbk.base_rate.reused: no base rate is known after 30.06.2026") for w in result.warnings)


def test_the_rate_data_is_the_domain_table():
    # Every row of the domain table, in order, is one dated value of nbk.base_rate.
    with (DATA / "nbk-base-rate.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    values = default_params().parameters["nbk.base_rate"].values
    assert [v.decimal for v in values] == [Decimal(row["rate_pct"].split()[0]) for row in rows]
    for value, row in zip(values, rows, strict=True):
        assert value.source == row["source"].replace('"', "'")
        if row["confidence"].startswith("L") or "L(date)" in row["confidence"]:
            assert value.confidence == "L"
        # A verified day is kept as the table gives it.
        if len(row["effective_from"]) == len("YYYY-MM-DD"):
            assert value.first_day is not None and value.first_day.isoformat() == row["effective_from"]
