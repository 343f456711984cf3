"""Parameters dated by day (the base rate changes mid-month) and the units the penalty and deadline use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from osms_payroll.law import ParameterMissing, ParamsError
from osms_payroll.law import parse_files
from osms_payroll.period import Period


def rules(body: str) -> list[tuple[str, bytes]]:
    return [("t.toml", body.encode())]


def rate(*values: tuple[str, str], dated: str = 'dated = "day"\n', unit: str = "percent_per_year", extra: str = "") -> str:
    body = f'[r]\nunit = "{unit}"\nreviewed_through = "2024-12"\n{dated}'
    for start, value in values:
        body += f'[[r.values]]\nfrom = {start}\nvalue = "{value}"\nsource = "NBK"\nconfidence = "H"\n{extra}'
    return body


def test_values_chain_by_day_and_are_found_on_any_day():
    params = parse_files("t", rules(rate(("2022-02-24", "13.50"), ("2022-04-25", "14.00"))))
    first, second = params.parameters["r"].values
    assert (first.first_day, first.last_day, second.first_day, second.last_day) == (
        date(2022, 2, 24), date(2022, 4, 24), date(2022, 4, 25), date(2024, 12, 31),
    )
    assert params.value_on("r", date(2022, 4, 24)) is first and params.value_on("r", date(2022, 4, 25)) is second
    assert first.ref == "r@2022-02-24" and first.to_dict()["to"] == "2022-04-24"
    # A month lookup answers the value in force on the month's first day.
    assert params.value("r", Period(2022, 4)) is first
    with pytest.raises(ParameterMissing, match="no value of r is in force on 2022-02-23"):
        params.value_on("r", date(2022, 2, 23))
    with pytest.raises(ParameterMissing):
        params.value_on("r", date(2025, 1, 1))


def test_two_values_in_one_month_are_fine_by_day_but_not_on_one_day():
    params = parse_files("t", rules(rate(("2022-01-05", "10"), ("2022-01-20", "11"))))
    assert params.value_on("r", date(2022, 1, 19)).decimal == Decimal(10)
    with pytest.raises(ParamsError, match="two values start in 2022-01-05"):
        parse_files("t", rules(rate(("2022-01-05", "10"), ("2022-01-05", "11"))))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (rate(('"2022-02"', "13")), "expected a TOML date"),
        (rate(('"2022-02-24"', "13")), "expected a TOML date"),
        (rate(("2022-02-01", "13"), dated='dated = "week"\n'), "'dated' must be"),
        (rate(("2022-02-01", "130")), "must be between 0 and 100"),
        (rate(('"2022-02"', "365.5"), dated="", unit="days"), "must be a whole number"),
        (rate(('"2022-02"', "32"), dated="", unit="day_of_month"), "must be between 1 and 31"),
        (rate(("2022-02-01", "13"), extra="to = 2022-01-31\n"), "before it starts"),
    ],
)
def test_bad_day_dated_values_are_refused(body, message):
    with pytest.raises(ParamsError, match=message):
        parse_files("t", rules(body))


def test_who_is_not_charged_a_penalty_is_a_list_of_payer_kinds():
    body = '[penalty.not_charged]\nunit = "code"\nreviewed_through = "2024-12"\n[[penalty.not_charged.values]]\nfrom = "2017-07"\nsource = "405-V art. 31 p.8"\nconfidence = "H"\n'
    params = parse_files("t", rules(body + 'value = ["voluntary"]\n'))
    assert params.value("penalty.not_charged", Period(2020, 1)).items == ("voluntary",)
    with pytest.raises(ParamsError, match="must be one of 'employer', 'self', 'voluntary'"):
        parse_files("t", rules(body + 'value = ["volunteer"]\n'))
