"""2027 on 1 January: the enacted values apply; the МЗП and МРП for 2027 are not published, so a
2027 month is refused naming them, until the accountant writes them with ``rules new-year`` and
passes that file with ``--rules`` — through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from osms_payroll import ParameterMissing, PayLine, Period, calculate, calculate_payslip, load_params
from osms_payroll.law import ParamsError, parse_files
from osms_payroll.law.load import shipped_files
from osms_payroll.i18n import _, ngettext, using
from tests.conftest import iin_for

#: The refusal of a month whose МЗП and МРП are not yet in the data, as the catalog says it in Russian.
RUSSIAN_2027 = ngettext(
    "params.reference_missing", "params.reference_missing_plural", 2, period="2027-01",
    names=_("reference.mzp") + _("reference.and") + _("reference.mrp"), reviewed="2026-12", year=2027,
    options="--mzp AMOUNT --mrp AMOUNT",
)

CLI = str(Path(sys.executable).with_name("osms-payroll"))
A = iin_for(date(1990, 6, 15))
SOURCE = "Закон РК «О республиканском бюджете на 2027–2029 годы» (пример для теста)"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_a_2027_month_is_refused_naming_exactly_the_two_values_and_the_way_to_give_them():
    with pytest.raises(ParameterMissing) as info:
        calculate(PayLine(iin=A, period=Period(2027, 1), gross="100000"))
    assert str(info.value) == RUSSIAN_2027  # the default language; the same words in English:
    with using("en"), pytest.raises(ParameterMissing) as info:
        calculate(PayLine(iin=A, period=Period(2027, 1), gross="100000"))
    assert str(info.value) == (
        "2027-01 cannot be computed yet: the МЗП (minimum monthly wage) and the МРП (monthly calculation index) "
        "in force for 2027-01 are not in the rule set (set each year by the republican budget law; the shipped "
        "values are reviewed through 2026-12). Once published, write them into a rules file with "
        '`osms-payroll rules new-year 2027 --mzp AMOUNT --mrp AMOUNT --source "<the budget law>"` and pass that '
        "file with --rules FILE; or pass --reuse-last-known to compute with the last known values (every result "
        "then names them)."
    )
    assert info.value.code == "params.missing"


def test_what_is_enacted_for_2027_is_in_the_data():
    params = load_params()
    at = Period(2027, 6)
    # ОПВР 4.5 % in 2027, 5 % from 2028 (ЕНПФ, M); ОСМС rates and caps, СН, СО unchanged
    assert params.value("opvr.rate", at).decimal == Decimal("0.045") and params.value("opvr.rate", at).confidence == "M"
    assert params.value("opvr.rate", Period(2028, 1)).decimal == Decimal("0.05")
    assert [params.value(pid, at).decimal for pid in ("oosms.rate", "oosms.base_cap_mzp", "vosms.rate", "vosms.base_cap_mzp")] == [
        Decimal("0.03"), Decimal("40"), Decimal("0.02"), Decimal("20"),
    ]
    assert [params.value(pid, at).decimal for pid in ("sn.rate", "so.rate", "ipn.rate", "ipn.band_rate", "self_employed.rate")] == [
        Decimal("0.06"), Decimal("0.05"), Decimal("0.1"), Decimal("0.15"), Decimal("0.01"),
    ]


def test_reuse_names_the_values_it_reused():
    result = calculate(PayLine(iin=A, period=Period(2027, 1), gross="5000000"), reuse_last_known=True)
    assert result.warnings[0] == (
        "period 2027-01 is past the parameter data (through 2026-12); reused on request (--reuse-last-known), not "
        "the values for this period: МЗП = 85000 (mzp from 2024-01, data through 2026-12); open question 9: The МЗП "
        "and МРП for 2027 are not published (the 2027–2029 budget law was not found); give them in a rules file "
        "(osms-payroll rules new-year) or reuse the 2026 values on request"
    )
    # 3 % × 40 × 85 000 = 102 000 with the reused МЗП
    assert result.oosms.amount == Decimal("102000")
    slip = calculate_payslip(PayLine(iin=A, period=Period(2027, 1), gross="500000"), reuse_last_known=True)
    assert any(w.startswith("period 2027-01: the payslip also reused on request") and "МРП = 4325" in w for w in slip.warnings)


def test_new_year_then_calc_with_the_file(tmp_path):
    written = cli("rules", "new-year", "2027", "--mzp", "90 000", "--mrp", "4500", "--source", SOURCE, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    rules = tmp_path / "rules-2027.toml"
    assert "confidence = \"M\"" in rules.read_text(encoding="utf-8")
    checked = cli("rules", "check", str(rules), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[:3] == [
        ngettext("rules.valid", "rules.valid_plural", 2, file=rules),
        "  mzp: " + _("rules.change.reviewed", what=_("rules.change.adds"), before="2026-12", after="2027-12"),
        f"      + 2027-01..2027-12: 90000 [M] — {SOURCE}",
    ]
    payroll = tmp_path / "payroll.csv"
    payroll.write_text(f"iin,full_name,period,gross\n{A},,2027-01,5000000\n{A},,2026-12,5000000\n", encoding="utf-8")
    refused = cli("calc", str(payroll), cwd=tmp_path)
    assert refused.returncode == 1 and RUSSIAN_2027 in refused.stderr
    done = cli("calc", str(payroll), "--rules", str(rules), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    january, december = json.loads(done.stdout)["results"]
    # 3 % × 40 × 90 000 = 108 000; 2 % × 20 × 90 000 = 36 000 (the hypothetical МЗП of the file)
    assert (january["oosms"], january["vosms"]) == ("108000", "36000")
    assert any(
        w.startswith("mzp from 2027-01 = 90000 comes from the user's rules file rules-2027.toml, not the shipped law data (confidence M")
        for w in january["warnings"]
    )
    # 2026 keeps the shipped МЗП 85 000: 102 000 / 34 000, and no user-file warning
    assert (december["oosms"], december["vosms"]) == ("102000", "34000")
    assert not any("user's rules file" in w for w in december["warnings"])
    again = cli("rules", "new-year", "2027", "--mzp", "1", "--mrp", "1", "--source", SOURCE, cwd=tmp_path)
    assert again.returncode == 2 and _("rules.exists", file="rules-2027.toml") in again.stderr


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_rules_check_refuses_a_broken_file_in_the_users_language(tmp_path, lang):
    bad = tmp_path / "bad.toml"
    bad.write_text('[mzp]\nunit = "tenge"\nextends = true\nreviewed_through = "2027-12"\n[[mzp.values]]\nfrom = "2027-01"\nvalue = "-5"\nsource = "x"\nconfidence = "M"\n', encoding="utf-8")
    result = cli("--lang", lang, "rules", "check", str(bad), cwd=tmp_path)
    refused = cli("--lang", lang, "rules", "new-year", "2027", "--mzp", "0", "--mrp", "4500", "--source", SOURCE, cwd=tmp_path)
    overlay = cli("--lang", lang, "rates", "--period", "2027-01", "--rules", str(bad), cwd=tmp_path)
    with using(lang):
        reason = _("rules.error.value", where=f"{bad}: [mzp] values[0]", unit="tenge", reason=_("schema.negative", raw="'-5'"))
        assert result.returncode == 2
        assert result.stderr.strip() == _("error.prefix", message=_("rules.unusable", file=bad, reason=reason))
        assert refused.returncode == 2 and _("rules.error.amount", param_id="mzp", amount="0") in refused.stderr
        assert overlay.returncode == 2 and _("cli.rule_files", reason=reason) in overlay.stderr
    if lang == "en":  # the English text is the one the loader always wrote
        assert "[mzp] values[0].value (tenge): '-5' must be a finite non-negative number" in result.stderr


def test_extends_keeps_the_history_and_replaces_from_its_first_value():
    overlay = (
        '[mrp]\nunit = "tenge"\nextends = true\nreviewed_through = "2027-12"\n'
        '[[mrp.values]]\nfrom = "2026-07"\nvalue = "4400"\nsource = "Закон X, ст. 1"\nconfidence = "M"\n'
    )
    params = parse_files("t", [*shipped_files(), ("o.toml", overlay.encode())], {"o.toml"})
    values = params.parameters["mrp"].values
    assert [str(v.start) for v in values[-2:]] == ["2026-01", "2026-07"]
    assert (str(values[-2].end), values[-1].user, values[-2].user) == ("2026-06", True, False)
    assert params.value("mrp", Period(2020, 5)).decimal == Decimal("2778")
    with pytest.raises(ParamsError, match=r"'extends = true' but no earlier file has this parameter"):
        parse_files("t", [("o.toml", overlay.replace("[mrp", "[x").replace("[[mrp", "[[x").encode())])


def test_rates_for_2027_names_the_missing_values_then_lists_the_file(tmp_path):
    refused = cli("rates", "--period", "2027-01", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.startswith(RUSSIAN_2027)
    assert cli("rules", "new-year", "2027", "--mzp", "90000", "--mrp", "4500", "--source", SOURCE, cwd=tmp_path).returncode == 0
    listed = cli("rates", "--period", "2027-01", "--rules", "rules-2027.toml", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    values = {p["id"]: p for p in json.loads(listed.stdout)["parameters"]}
    assert (values["mzp"]["value"], values["mzp"]["confidence"], values["opvr.rate"]["value"]) == ("90000", "M", "0.045")


def test_a_period_without_payment_kinds_is_refused_not_zero():
    # The payments table ends at its review: a month past it must be refused, never computed as nothing owed.
    files = [
        (name, data.replace(b'reviewed_through = "2027-12"', b'reviewed_through = "2026-12"') if name == "payments.toml" else data)
        for name, data in shipped_files()
    ]
    extra = f'[mzp]\nunit = "tenge"\nextends = true\nreviewed_through = "2027-12"\n[[mzp.values]]\nfrom = "2027-01"\nvalue = "90000"\nsource = "{SOURCE}"\nconfidence = "M"\n'
    params = parse_files("t", [*files, ("o.toml", extra.encode())], {"o.toml"})
    with pytest.raises(ParameterMissing, match="payment"):
        calculate(PayLine(iin=A, period=Period(2027, 1), gross="100000"), params=params)
