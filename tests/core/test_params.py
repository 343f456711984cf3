"""The parameter loader refuses anything a January update could get wrong, naming file and key."""

from __future__ import annotations

import re

import datetime
from decimal import Decimal

import pytest

from osms_payroll.i18n import _, using
from osms_payroll.law import ParameterMissing, ParamsError, default_params, load_params, parse_files
from osms_payroll.law.schema import CapScope
from osms_payroll.money import Rounding
from osms_payroll.period import Period

GOOD_VALUE = 'from = "2020-01"\nvalue = "0.02"\nsource = "Law X, art. 1"\nconfidence = "H"\n'


def rules(body: str) -> list[tuple[str, bytes]]:
    return [("test.toml", body.encode())]


def param(values: str, unit: str = "ratio", param_id: str = "x.rate", reviewed: str = "2026-12") -> str:
    return f'[{param_id}]\nunit = "{unit}"\nreviewed_through = "{reviewed}"\n' + "".join(
        f"[[{param_id}.values]]\n{v}" for v in values.split("---")
    )


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
        (param(GOOD_VALUE.replace('"2020-01"', '"2020-13"')), "2020-13 is not a month of the form YYYY-MM"),
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


def test_shipped_data_covers_july_2017_to_2026():
    params = default_params()
    assert (str(params.valid_from), str(params.valid_through)) == ("2017-01", "2026-12")


def test_lookup_is_the_value_in_force_for_the_month():
    params = default_params()
    assert params.value("mzp", Period(2021, 12)).decimal == Decimal("42500")
    assert params.value("mrp", Period(2020, 3)).decimal == Decimal("2651")
    assert params.value("mrp", Period(2020, 4)).decimal == Decimal("2778")
    with pytest.raises(ParameterMissing, match=re.escape(_("params.missing.outside", param="mzp", period="2016-12", when=_("params.when.period", period="2016-12"), start="2017-01", end="2026-12"))):
        params.value("mzp", Period(2016, 12))


def _value(value: str, start: str = "2020-01") -> str:
    return f'from = "{start}"\nvalue = {value}\nsource = "Law X, art. 1"\nconfidence = "H"\n'


@pytest.mark.parametrize(
    ("param_id", "value", "message"),
    [
        ("vosms.cap_scope", '"person-total"', "must be one of 'employer', 'person_total', got 'person-total'"),
        ("ipn.band_method", '"yearly"', "must be one of 'ytd', 'monthly'"),
        ("sn.so_offset", '"subtract"', "must be one of 'deduct', 'none'"),
        ("ipn.vosms_deductible", '"yes"', "must be true or false"),
        ("opvr.born_from", '"1975-01-01"', "must be a TOML date"),
        ("opvr.born_from", "1975-01-01T00:00:00", "must be a TOML date"),
        ("kpn.deductible", '"oosms opvr"', "must be a list"),
        ("kpn.deductible", '["oosms", "vosms"]', "must be one of 'oosms', 'opvr', 'so', 'sn', got 'vosms'"),
        ("kpn.deductible", '["so", "so"]', "names a value twice"),
    ],
)
def test_a_bad_choice_flag_date_or_list_is_refused_at_load(tmp_path, param_id, value, message):
    # An overlay as a user passes it with --rules: refused when the files load, before any rule runs.
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(param(_value(value), unit="code", param_id=param_id), encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params([overlay])
    text = str(info.value)
    assert text.startswith(f"{overlay}: [{param_id}] values[0].value (code): ")
    assert message in text


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("rounding", '{ quantum = "1", mode = "half-up" }', "column 'mode' (rounding mode) must be one of 'half_up'"),
        ("rounding", '{ quantum = 1, mode = "half_up" }', "column 'quantum' (tenge) must be a quoted decimal string"),
        ("rounding", '{ quantum = "0", mode = "half_up" }', "column 'quantum' (tenge) must be positive"),
        ("category", '{ oosms = "oosms", vosms = 1, exempt_reason = "" }', "column 'vosms' (code) must be a non-empty string"),
        ("bank", '{ bic = "", name = "Bank" }', "column 'bic' (code) must be a non-empty string"),
        ("bank", '{ bic = "X", name = "Bank", city = "Almaty" }', "must be a table with keys ['bic', 'name']"),
    ],
)
def test_a_table_column_of_the_wrong_type_is_refused_at_load(tmp_path, unit, value, message):
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(param(_value(value), unit=unit, param_id=f"{unit}.test"), encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params([overlay])
    assert str(info.value).startswith(f"{overlay}: [{unit}.test] values[0].value ({unit}): ")
    assert message in str(info.value)


def test_a_typed_parameter_declared_with_another_unit_is_refused():
    with pytest.raises(ParamsError, match=r"^test.toml: \[oosms.cap_scope\]: unit must be 'code' for this parameter, got 'text'"):
        parse_files("t", rules(param(_value('"employer"'), unit="text", param_id="oosms.cap_scope")))


def test_typed_values_are_read_as_their_type_and_cited_as_before():
    params = default_params()
    at = Period(2026, 10)
    assert params.value("vosms.cap_scope", at).choice(CapScope) is CapScope.PERSON_TOTAL
    assert params.value("ipn.vosms_deductible", at).flag is True
    assert params.value("ipn.vosms_deductible", Period(2019, 5)).flag is False
    assert params.value("opvr.born_from", at).date == datetime.date(1975, 1, 1)
    assert params.value("kpn.deductible", at).items == ("oosms", "opvr", "so", "sn")
    assert params.value("rounding.payslip", at).rounding == Rounding(Decimal("1"), "half_up")
    # The cited form (the calc contract, schema 1) is unchanged by the typing.
    assert [params.value(pid, at).to_dict()["value"] for pid in ("ipn.vosms_deductible", "opvr.born_from", "kpn.deductible")] == [
        "yes", "1975-01-01", "oosms opvr so sn",
    ]
    assert params.value("rounding.payslip", at).to_dict()["value"] == {"quantum": "1", "mode": "half_up"}


def test_a_file_wide_valid_through_is_refused_with_the_way_out():
    with pytest.raises(ParamsError, match=r"^test.toml: \[meta\] is no longer read: give each parameter its own reviewed_through"):
        parse_files("t", rules('[meta]\nvalid_through = "2026-12"\n' + param(GOOD_VALUE)))


def test_a_parameter_without_a_review_mark_is_refused():
    body = param(GOOD_VALUE).replace('reviewed_through = "2026-12"\n', "")
    with pytest.raises(ParamsError, match=r"^test.toml: \[x.rate\]: missing 'reviewed_through'"):
        parse_files("t", rules(body))


def test_each_parameter_ends_at_its_own_review():
    # Moving one parameter's review extends that parameter only; the other still ends at its own.
    params = parse_files("t", rules(param(GOOD_VALUE, reviewed="2027-06") + param(GOOD_VALUE, param_id="y.rate")))
    assert str(params.parameters["x.rate"].values[-1].end) == "2027-06"
    assert str(params.parameters["y.rate"].values[-1].end) == "2026-12"
    assert params.valid_through == Period(2026, 12)
    assert params.value("x.rate", Period(2027, 3)).decimal == Decimal("0.02")
    with pytest.raises(ParameterMissing) as info:
        params.value("y.rate", Period(2027, 3))
    assert info.value.code == "params.missing"
    assert str(info.value) == _(
        "params.missing.unreviewed", param="y.rate", period="2027-03", when=_("params.when.period", period="2027-03"), start="2020-01", end="2026-12", reviewed="2026-12",
    )
    with using("en"), pytest.raises(ParameterMissing) as info:
        params.value("y.rate", Period(2027, 3))
    assert str(info.value) == (
        "No value of y.rate is in force for 2027-03: the data covers 2020-01..2026-12 and is reviewed through "
        "2026-12. Give y.rate a value from 2027-03 (or, once checked, a later reviewed_through) in a --rules file, "
        "or pass --reuse-last-known to reuse the last known values (every result then says so)."
    )
    # Reuse takes each parameter's value at the end of its own review.
    snap = params.at(Period(2027, 9), reuse_last_known=True)
    assert snap["x.rate"].end == Period(2027, 6) and snap["y.rate"].end == Period(2026, 12)


def test_a_recorder_keeps_what_was_read_in_order_once():
    params = default_params()
    cited = params.at(Period(2026, 10)).recording()
    assert "oosms.base_floor_mzp" in cited and cited.used == ()  # a membership test is not a read
    rate, mzp = cited["oosms.rate"], cited["mzp"]
    cited["oosms.rate"]
    mrp = cited.year_start()["mrp"]
    assert cited.used == (rate, mzp, mrp)
    assert mrp.start == Period(2026, 1)


def test_a_category_naming_a_scheme_that_does_not_exist_is_refused_at_load(tmp_path):
    overlay = tmp_path / "overlay.toml"
    overlay.write_text(
        param(_value('{ oosms = "oosms", vosms = "vosms_gph", exempt_reason = "" }'), unit="category", param_id="category.gpc"),
        encoding="utf-8",
    )
    with pytest.raises(ParamsError) as info:
        load_params([overlay])
    assert str(info.value) == (
        f"{overlay}: [category.gpc] values from 2020-01: column 'vosms' names the scheme 'vosms_gph', but no parameter "
        "vosms_gph.rate exists; name a scheme of the rule set or 'none'"
    )
