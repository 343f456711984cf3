"""The parameter loader refuses anything a January update could get wrong, naming file and key."""

from __future__ import annotations

from decimal import Decimal

import pytest

from osms_payroll.law import ParameterMissing, ParamsError, default_params
from osms_payroll.law.params import parse_files
from osms_payroll.period import Period

GOOD_VALUE = 'from = "2020-01"\nvalue = "0.02"\nsource = "Law X, art. 1"\nconfidence = "H"\n'


def rules(body: str, valid_through: str = "2026-12") -> list[tuple[str, bytes]]:
    return [("test.toml", f'[meta]\nvalid_through = "{valid_through}"\n{body}'.encode())]


def param(values: str, unit: str = "ratio") -> str:
    return f'[x.rate]\nunit = "{unit}"\n' + "".join(f"[[x.rate.values]]\n{v}" for v in values.split("---"))


def test_a_good_file_loads_and_windows_chain():
    params = parse_files("t", rules(param(GOOD_VALUE + "---" + GOOD_VALUE.replace("2020-01", "2022-07"))))
    first, second = params.parameters["x.rate"].values
    assert (str(first.start), str(first.end), str(second.start), str(second.end)) == ("2020-01", "2022-06", "2022-07", "2026-12")
    assert params.value("x.rate", Period(2022, 6)) is first


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (param(GOOD_VALUE.replace('source = "Law X, art. 1"\n', "")), "missing 'source'"),
        (param(GOOD_VALUE.replace('confidence = "H"\n', "")), "missing 'confidence'"),
        (param(GOOD_VALUE.replace('"H"', '"maybe"')), "confidence must be one of"),
        (param(GOOD_VALUE.replace('source = "Law X, art. 1"', 'source = " "')), "'source' must cite"),
        (param(GOOD_VALUE + "---" + GOOD_VALUE), "two values start in 2020-01"),
        (param(GOOD_VALUE + 'to = "2023-01"\n---' + GOOD_VALUE.replace("2020-01", "2022-07")), "overlapping"),
        (param(GOOD_VALUE.replace('"0.02"', '"1.5"')), "between 0 and 1"),
        (param(GOOD_VALUE.replace('"0.02"', "0.02")), "quoted decimal string"),
        (param(GOOD_VALUE.replace('"0.02"', '"two"')), "not a decimal"),
        (param(GOOD_VALUE, unit="percent"), "unknown unit"),
        (param(GOOD_VALUE.replace('"2020-01"', '"2020-13"')), "month must be 1..12"),
        (param(GOOD_VALUE + "open_questions = [99]\n"), "unknown open question"),
        (param(GOOD_VALUE + "typo = 1\n"), "unknown keys"),
        ('[x.rate]\nunit = "ratio"\n', "needs at least one"),
        (param(GOOD_VALUE, unit="rounding"), "must be a table"),
    ],
)
def test_bad_files_name_file_and_key(body, message):
    with pytest.raises(ParamsError) as info:
        parse_files("t", rules(body))
    assert message in str(info.value)
    assert str(info.value).startswith("test.toml")


def test_shipped_data_is_valid_and_covers_july_2017_to_2026():
    params = default_params()
    assert (str(params.valid_from), str(params.valid_through)) == ("2017-01", "2026-12")
    for value in (v for p in params.parameters.values() for v in p.values):
        assert value.source and value.confidence in ("H", "M", "L")


def test_lookup_is_the_value_in_force_for_the_month():
    params = default_params()
    assert params.value("mzp", Period(2021, 12)).decimal == Decimal("42500")
    assert params.value("mrp", Period(2020, 3)).decimal == Decimal("2651")
    assert params.value("mrp", Period(2020, 4)).decimal == Decimal("2778")
    with pytest.raises(ParameterMissing, match="no value of mzp is in force for 2016-12"):
        params.value("mzp", Period(2016, 12))
