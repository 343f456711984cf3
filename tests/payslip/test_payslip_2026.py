"""2026: МЗП 85 000, МРП 4 325. ВОСМС 2 % capped at 20 МЗП (1 700 000), ООСМС 3 % capped at 40 МЗП;
ИПН 10 % with the 30 МРП deduction (129 750) and 15 % on the year's taxable income above 8 500 МРП
(36 762 500), no 90 % adjustment; ОПВР 3.5 %; СО 5 %; СН 6 % of income − ОПВ − ВОСМС, minimum base
14 МРП (60 550), without the СО offset (osms-rules.md §1, §6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from osms_payroll import PayLine, Period, calculate_payslip, load_params
from tests.conftest import iin_for
from tests.payslip.conftest import BORN_1990, amounts, expect


def test_worked_months_of_the_fact_base(slip):
    # osms-rules.md §6, 2026 at 500 000 and at 2 000 000, line by line
    assert amounts(slip("2026-03", "500000")) == expect(
        opv=50000, vosms=10000, ipn=31025, net=408975, oosms=15000, opvr=17500, so=22500, sn=26400,
        employer_cost=581400,
    )
    high = slip("2026-03", "2000000")
    assert amounts(high) == expect(
        opv=200000, vosms=34000, ipn=163625, net=1602375, oosms=60000, opvr=70000, so=29750, sn=105960,
        employer_cost=2265710,
    )
    # ИПН: 2 000 000 − 200 000 − 34 000 (capped) − 129 750 = 1 636 250 × 10 % = 163 625
    # СН: 1 766 000 × 6 % = 105 960, СО not subtracted
    assert high.ipn_base == Decimal("1636250") and high.sn.base == Decimal("1766000")
    assert "sn.so_offset@2026-01" in [p.ref for p in high.sn.parameters]
    # No СО offset is the Tax Code's text (НК 2026 art. 556 p.2, 557 p.1, 558 p.1, osms-rules.md
    # §11a): H since the December 2026 reading, so no longer warned about.
    assert not any(w.startswith("sn.so_offset") for w in high.warnings)
    # below the band, the month-by-month method does not matter and is not warned about
    assert not any("open question 7" in w for w in high.warnings)


def test_the_15_percent_band_crossed_in_november():
    # 4 000 000 a month: ОПВ 400 000, ВОСМС 34 000 → taxable 4 000 000 − 434 000 − 129 750 = 3 436 250.
    # After 10 months 34 362 500 < 36 762 500; November has 2 400 000 left at 10 % and 1 036 250 at 15 %:
    # 240 000 + 155 437.5 = 395 437.5 → 395 438; December is all at 15 %: 515 437.5 → 515 438.
    ytd = Decimal(0)
    taxes = []
    for month in range(1, 13):
        result = calculate_payslip(
            PayLine(iin=BORN_1990, period=Period(2026, month), gross=Decimal("4000000"), ytd_taxable_income=ytd)
        )
        ytd += result.ipn_base
        taxes.append(result.ipn.amount)
    assert taxes == [Decimal("343625")] * 10 + [Decimal("395438"), Decimal("515438")]
    # the year: 10 % × 36 762 500 + 15 % × (41 235 000 − 36 762 500) = 4 347 125; the two
    # half-tenge roundings of November and December add 1
    assert ytd == Decimal("41235000") and sum(taxes) == Decimal("4347126")


def test_the_band_method_is_the_codes_year_to_date():
    # 3 436 250 taxable in one month is above a twelfth of the threshold (3 063 541.67): a monthly
    # reading would tax part at 15 %, year to date does not. Year to date is НК 2026 art. 441 and
    # 444 p.1 (osms-rules.md §11a, open question 7 settled): cited where it matters, not warned.
    result = calculate_payslip(PayLine(iin=BORN_1990, period=Period(2026, 1), gross=Decimal("4000000")))
    assert result.ipn.amount == Decimal("343625")
    assert "ipn.band_method@2026-01" in [p.ref for p in result.ipn.parameters]
    assert not any(w.startswith(("ipn.band_method", "open question 7")) for w in result.warnings)


def test_monthly_band_method_as_a_user_rule(tmp_path):
    rules = tmp_path / "monthly.toml"
    rules.write_text(
        '[ipn.band_method]\nunit = "code"\nreviewed_through = "2026-12"\n\n'
        '  [[ipn.band_method.values]]\n  from = "2026-01"\n  value = "monthly"\n'
        '  source = "adviser\'s reading"\n  confidence = "L"\n',
        encoding="utf-8",
    )
    result = calculate_payslip(
        PayLine(iin=BORN_1990, period=Period(2026, 1), gross=Decimal("4000000")), params=load_params([rules])
    )
    # threshold / 12 = 3 063 541.666…; 10 % of it 306 354.1666… + 15 % of 372 708.333… = 55 906.25
    # → 362 260.4166… → 362 260
    assert result.ipn.amount == Decimal("362260")


def test_sn_minimum_base_and_floors(slip):
    result = slip("2026-03", "40000")
    # СН base 40 000 − 4 000 − 800 = 35 200 < 14 МРП = 60 550 → 60 550 × 6 % = 3 633
    # СО on 1 МЗП: 4 250; ОПВР on 1 МЗП: 85 000 × 3.5 % = 2 975; ИПН 0 (below 129 750)
    assert amounts(result) == expect(
        opv=4000, vosms=800, ipn=0, net=35200, oosms=1200, opvr=2975, so=4250, sn=3633, employer_cost=52058
    )
    assert result.sn.base == Decimal("60550")


def test_no_low_income_adjustment_in_2026(slip):
    result = slip("2026-03", "150000")
    # 150 000 − 15 000 − 3 000 − 129 750 = 2 250 × 10 % = 225, nothing adjusted
    assert result.ipn.amount == Decimal("225")
    assert not any(p.param_id.startswith("ipn.low_income") for p in result.ipn.parameters)


def test_above_every_cap(slip):
    result = slip("2026-03", "5000000")
    # ОПВ 4 250 000 × 10 % = 425 000; ВОСМС 34 000; ООСМС 3 400 000 × 3 % = 102 000
    # ИПН: 5 000 000 − 425 000 − 34 000 − 129 750 = 4 411 250 × 10 % = 441 125
    # ОПВР 4 250 000 × 3.5 % = 148 750; СО 595 000 × 5 % = 29 750; СН 4 541 000 × 6 % = 272 460
    assert amounts(result) == expect(
        opv=425000, vosms=34000, ipn=441125, net=4099875, oosms=102000, opvr=148750, so=29750, sn=272460,
        employer_cost=5552960,
    )


def test_categories_and_residence(slip):
    pensioner = slip("2026-03", "500000", "pensioner")
    # (500 000 − 129 750) × 10 % = 37 025; СН 6 % × 500 000 = 30 000
    assert amounts(pensioner) == expect(
        opv=0, vosms=0, ipn=37025, net=462975, oosms=0, opvr=0, so=0, sn=30000, employer_cost=530000
    )
    assert slip("2026-03", "500000", resident=False).ipn.amount == Decimal("50000")
    gpc = slip("2026-03", "500000", "gpc")
    # From 2026 the ГПХ contractor's СО are withheld from the fee (Social Code art. 243 sp.4, 245 p.3
    # as amended by 215-VIII) and leave the ИПН base (НК 2026 art. 402 sp.3), osms-rules.md §11a:
    # СО 5 % × (500 000 − 50 000) = 22 500; ИПН (500 000 − 50 000 − 10 000 − 22 500 − 129 750) × 10 %
    # = 28 775; net 500 000 − 50 000 − 10 000 − 28 775 − 22 500 = 388 725; the customer pays no more.
    assert amounts(gpc) == expect(
        opv=50000, vosms=10000, ipn=28775, net=388725, oosms=0, opvr=0, so=22500, sn=0, employer_cost=500000
    )
    foreigner = slip("2026-03", "500000", "foreigner")
    # no ОСМС, ОПВ, ОПВР or СО; ИПН (500 000 − 129 750) × 10 % = 37 025; СН 6 % × 500 000 = 30 000
    assert amounts(foreigner) == expect(
        opv=0, vosms=0, ipn=37025, net=462975, oosms=0, opvr=0, so=0, sn=30000, employer_cost=530000
    )


def test_opvr_by_birth_date(slip):
    assert slip("2026-03", "500000", iin=iin_for(date(1974, 12, 31))).opvr.amount == 0
    assert slip("2026-03", "500000", iin=iin_for(date(1975, 1, 1))).opvr.amount == Decimal("17500")


def test_a_minor_is_exempt_from_osms_only(slip):
    result = slip("2026-03", "100000", iin=iin_for(date(2010, 5, 1)))
    # ОСМС: exempt as a minor (ИИН); ОПВ 10 000, ОПВР 3 500, СО 90 000 × 5 % = 4 500,
    # СН 90 000 × 6 % = 5 400; ИПН: 100 000 − 10 000 − 129 750 < 0 → 0
    assert result.exempt_reason == "minor"
    assert amounts(result) == expect(
        opv=10000, vosms=0, ipn=0, net=90000, oosms=0, opvr=3500, so=4500, sn=5400, employer_cost=113400
    )
