"""Gross-up: the gross for a wanted net, exact to the tenge, or the nearest net above and saying so."""

from __future__ import annotations

from decimal import Decimal

import pytest

from osms_payroll.i18n import say, using
from osms_payroll import GrossUpError, PayLine, Period, calculate_payslip, gross_up, load_params
from tests.payslip.conftest import BORN_1990


def line(period: str, **inputs: object) -> PayLine:
    return PayLine(iin=BORN_1990, period=Period.parse(period), gross="0", **inputs)


def net_at(period: str, gross: str) -> Decimal:
    return calculate_payslip(PayLine(iin=BORN_1990, period=Period.parse(period), gross=gross)).net


@pytest.mark.parametrize(
    ("period", "net", "gross"),
    [("2024-05", "401169", "500000"), ("2025-11", "401505", "500000"), ("2026-03", "408975", "500000"), ("2026-03", "1602375", "2000000")],
)
def test_worked_months_back_from_their_net(period, net, gross):
    result = gross_up(line(period), net)
    assert (result.gross, result.net, result.exact, result.message) == (Decimal(gross), Decimal(net), True, None)


def test_the_net_is_not_monotone_to_the_tenge_and_the_first_gross_wins():
    # at 500 025 ОПВ (50 002.5 → 50 003) and ВОСМС (10 000.5 → 10 001) both round up while ИПН stays
    # 38 833: the net falls from 401 189 (at 500 024) to 401 188, the net of 500 023 as well
    assert [net_at("2024-05", str(g)) for g in (500023, 500024, 500025)] == [Decimal("401188"), Decimal("401189"), Decimal("401188")]
    assert gross_up(line("2024-05"), "401188").gross == Decimal("500023")


def test_a_net_between_two_tenge_is_met_from_above():
    result = gross_up(line("2024-05"), "401188.50")
    assert (result.exact, result.gross, result.net) == (False, Decimal("500024"), Decimal("401189"))
    assert result.message == "no gross gives a net of 401188.5 exactly; the nearest net above is 401189, at gross 500024"
    assert result.warnings[-1] == result.message
    with using("ru"):  # the errors report says it in the user's language
        assert str(say(result.message)) == "ни одно начисление не даёт на руки ровно 401188.5; ближайшая сумма на руки выше — 401189, при начислении 500024"
    assert result.to_dict()["net_asked"] == "401188.5" and result.to_dict()["net_exact"] is False


def test_on_a_tiyn_grid_the_same_net_is_exact():
    result = gross_up(line("2024-05"), "401188.50", step="0.01")
    assert result.exact and result.net == Decimal("401188.5")
    # 500 023.50: ОПВ 50 002.35 → 50 002, ВОСМС 10 000.47 → 10 000, ИПН 38 833.35 → 38 833
    assert result.gross == Decimal("500023.5")


def test_the_smaller_gross_below_the_adjustment_limit_wins():
    # 2024, limit 25 МРП = 92 300: the net falls from 80 929 (92 300) to 78 271 (92 301), so 80 000
    # is reached on both sides. 91 234: ОПВ 9 123.4 → 9 123, ВОСМС 1 824.68 → 1 825,
    # taxable 91 234 − 9 123 − 1 825 − 51 688 = 28 598, adjusted 2 859.8 × 10 % = 285.98 → 286,
    # net 91 234 − 9 123 − 1 825 − 286 = 80 000 (and 91 233 gives 79 999)
    assert (net_at("2024-05", "92300"), net_at("2024-05", "92301")) == (Decimal("80929"), Decimal("78271"))
    result = gross_up(line("2024-05"), "80000")
    assert (result.gross, result.exact) == (Decimal("91234"), True)


def test_the_inputs_of_the_line_are_kept():
    result = gross_up(line("2026-03", category="pensioner", resident=False), "450000")
    # a non-resident pensioner: net = 90 % of gross → 500 000
    assert (result.gross, result.person.category, result.resident) == (Decimal("500000"), "pensioner", False)


def test_zero_net_and_net_from_the_line():
    assert gross_up(line("2026-03"), "0").gross == 0
    assert gross_up(line("2026-03", net="408975")).gross == Decimal("500000")
    with using("en"), pytest.raises(ValueError, match="needs the net"):  # said at once, in the language in use
        gross_up(line("2026-03"))


def test_rules_that_take_everything_make_a_net_unreachable(tmp_path):
    rules = tmp_path / "all.toml"
    rules.write_text(
        '[ipn.rate]\nunit = "ratio"\nreviewed_through = "2026-12"\n\n'
        '  [[ipn.rate.values]]\n  from = "2018-01"\n  value = "1"\n  source = "test"\n  confidence = "L"\n',
        encoding="utf-8",
    )
    with using("en"), pytest.raises(GrossUpError, match="no gross gives a net of 1000"):
        gross_up(line("2026-03", standard_deduction=False), "1000", params=load_params([rules]))
