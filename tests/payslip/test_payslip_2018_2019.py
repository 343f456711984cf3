"""2018–2019: МЗП 28 284 (2018), 42 500 (2019); МРП 2 405, 2 525. No ВОСМС for employees; ООСМС
1.5 % capped at 15 МЗП (2018) / 10 МЗП (2019); ОПВ 10 % capped at 75 МЗП; ИПН 10 % of
income − ОПВ − 1 МЗП, the 90 % adjustment from 2019 at income ≤ 25 МРП; СО 3.5 % within 1–7 МЗП;
СН 9.5 % less СО (osms-rules.md §1, §2, §6)."""

from __future__ import annotations

from decimal import Decimal

from tests.payslip.conftest import amounts, expect


def test_above_every_cap_2018(slip):
    result = slip("2018-07", "3000000")
    # ОПВ: cap 75 × 28 284 = 2 121 300 × 10 % = 212 130; ООСМС 15 × 28 284 = 424 260 × 1.5 % = 6 363.9 → 6 364
    # ИПН: 3 000 000 − 212 130 − 28 284 = 2 759 586 × 10 % = 275 958.6 → 275 959
    # СО: 7 × 28 284 = 197 988 × 3.5 % = 6 929.58 → 6 930; СН: 2 787 870 × 9.5 % = 264 847.65 → 264 848 − 6 930
    assert amounts(result) == expect(
        opv=212130, vosms=0, ipn=275959, net=2511911, oosms=6364, opvr=0, so=6930, sn=257918, employer_cost=3271212
    )
    assert any(w.startswith("opv.base_cap_mzp from 2018-01 has confidence M") for w in result.warnings)
    # no ВОСМС and no ВОСМС deduction: the base is the same either way
    assert result.ipn_base == result.ipn_base_without_vosms


def test_low_income_adjustment_starts_in_2019(slip):
    # 2019, limit 25 × 2 525 = 63 125: 60 000 − 6 000 − 42 500 = 11 500; less 90 % = 1 150 × 10 % = 115
    assert slip("2019-04", "60000").ipn.amount == Decimal("115")
    # 2018 has no adjustment: 25 000 − 2 500 − 28 284 < 0 → 0, and 40 000 − 4 000 − 28 284 = 7 716 → 771.6 → 772
    assert slip("2018-04", "40000").ipn.amount == Decimal("772")
