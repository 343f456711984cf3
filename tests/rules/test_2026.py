"""2026: МЗП 85 000; ООСМС 3 % capped at 40 МЗП (max 102 000), ВОСМС 2 % capped at 20 МЗП
(max 34 000); rounding to whole tenge by Tax Code art. 204 (osms-rules.md §2, §3, §7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from osms_payroll import ParameterMissing, PayLine, Period, calculate, calculate_many
from tests.conftest import iin_for


def test_published_maxima(compute):
    result = compute("2026-10", "3399999")
    # 3 % × 3 399 999 = 101 999.97 → 102 000; ВОСМС: 2 % × 1 700 000 = 34 000
    assert (result.oosms.base, result.oosms.amount) == (Decimal("3399999"), Decimal("102000"))
    assert (result.vosms.base_before_cap, result.vosms.base) == (Decimal("3399999"), Decimal("1700000"))
    assert result.vosms.amount == Decimal("34000")
    assert compute("2026-01", "9000000").oosms.amount == Decimal("102000")


def test_other_employers(compute):
    # 1 700 000 − 1 200 000 = 500 000 left; 2 % × 500 000 = 10 000
    result = compute("2026-10", "1000000", other="1200000")
    assert (result.vosms.base, result.vosms.amount) == (Decimal("500000"), Decimal("10000"))
    assert result.oosms.amount == Decimal("30000")


def test_every_2026_employee_result_flags_the_cap_scope_question(compute):
    # The payment channel is settled by 405-V art. 30 p.6 as amended (osms-rules.md §11a, question 6);
    # the 2026 ООСМС cap scope (art. 27 p.2-2) is open question 8 and the rounding is M (НК 2026
    # art. 204 p.1 gives no rule).
    warnings = compute("2026-02", "100000").warnings
    assert not any(w.startswith("open question 6") for w in warnings)
    assert any(w.startswith("open question 8: The 2026 ООСМС cap scope") for w in warnings)
    assert any(w.startswith("oosms.cap_scope from 2026-01 has confidence M: Decision: each employer") for w in warnings)
    assert any(w.startswith("rounding.contribution from 2026-01 has confidence M") for w in warnings)


@pytest.mark.parametrize(
    ("born", "minor"),
    [
        (date(2009, 2, 20), True),  # 17 on 1 October 2026
        (date(2008, 10, 2), True),  # turns 18 on 2 October: still 17 on the 1st
        (date(2008, 10, 1), False),  # 18 on the 1st
        (date(1990, 1, 1), False),
    ],
)
def test_minor_from_the_iin(compute, born, minor):
    result = compute("2026-10", "150000", iin=iin_for(born))
    assert (result.exempt_reason == "minor") is minor
    assert (result.oosms.amount == 0) is minor


def test_excluded_lines_leave_the_object_and_warn():
    iin = iin_for(date(1980, 5, 5))
    period = Period.parse("2026-03")
    lines = [
        PayLine(iin=iin, period=period, gross="500000"),
        PayLine(iin=iin, period=period, gross="100000", osms_excluded=True, osms_exclusion="burial_aid"),
    ]
    (result,) = calculate_many(lines)
    assert result.person.gross == Decimal("600000") and result.person.osms_object == Decimal("500000")
    assert (result.oosms.amount, result.vosms.amount) == (Decimal("15000"), Decimal("10000"))
    # The 2026 list was read (215-VIII; open question 3 settled): each reason cites its article and
    # its application is M.
    assert [p.ref for p in result.exclusions] == ["osms_exclusion.burial_aid@2026-01"]
    assert any(w.startswith("osms_exclusion.burial_aid from 2026-01 has confidence M") for w in result.warnings)
    assert not any(w.startswith("open question 3") for w in result.warnings)


def test_past_the_data_is_refused_unless_asked(compute):
    with pytest.raises(ParameterMissing, match=r"2027-01.*--reuse-last-known"):
        compute("2027-01", "100000")
    line = PayLine(iin=iin_for(date(1985, 1, 1)), period=Period.parse("2027-01"), gross="100000")
    reused = calculate(line, reuse_last_known=True)
    assert (reused.oosms.amount, reused.vosms.amount) == (Decimal("3000"), Decimal("2000"))
    assert reused.warnings[0].startswith("period 2027-01 is past the parameter data (through 2026-12)")


def test_before_the_data_is_refused_even_when_reusing(compute):
    line = PayLine(iin=iin_for(date(1985, 1, 1)), period=Period.parse("2016-12"), gross="100000")
    with pytest.raises(ParameterMissing, match="2016-12"):
        calculate(line, reuse_last_known=True)
