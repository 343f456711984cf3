"""Employer profile: the sample loads; every problem is reported with file, key and what to do."""

from __future__ import annotations

import re

import pytest

from osms_payroll.i18n import _, using
from osms_payroll import Period, default_params
from osms_payroll.remit.payer import DEFAULT_OPV_CODE, Employer, Mt102Profile, ProfileError, bank_table, load_employer, registry_banks
from tests.remit.conftest import SAMPLE_EMPLOYER

GOOD = """
[employer]
name = "ТОО «Тест»"
bin_iin = "150340012340"
iban = "KZ29601A000DEMO00001"
bic = "HSBKKZKX"
kod = "17"
"""


def test_sample_profile_loads_with_valid_requisites():
    employer = load_employer(SAMPLE_EMPLOYER, params=default_params())
    assert (employer.bin_iin, employer.iban, employer.bic, employer.kod) == ("150340012340", "KZ29601A000DEMO00001", "HSBKKZKX", "17")
    assert employer.mt102 == Mt102Profile(opv_code=DEFAULT_OPV_CODE, encoding="kz1048", transliterate=False, transfer="gross")
    assert employer.terminal_address == "HSBKKZKXAXXX"


def test_minimal_profile_defaults(tmp_path):
    path = tmp_path / "e.toml"
    path.write_text(GOOD, encoding="utf-8")
    employer = load_employer(path)
    assert (employer.head, employer.chief_accountant, employer.terminal) == ("", "", None)


def test_every_problem_is_located(tmp_path):
    path = tmp_path / "e.toml"
    path.write_text(
        GOOD.replace("150340012340", "150340012341").replace("DEMO00001", "DEMO00002").replace('"17"', '"31"')
        + 'head = "' + "Я" * 55 + '"\ncolour = "red"\n[mt102]\nencoding = "koi8-r"\ntransliterate = "yes"\n',
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as caught:
        load_employer(path)
    text = str(caught.value)
    for key in ("employer.colour", "mt102.transliterate"):
        assert f"{path}: {key}:" in text
    path.write_text(
        GOOD.replace("150340012340", "150340012341").replace("DEMO00001", "DEMO00002").replace('"17"', '"31"')
        + 'head = "' + "Я" * 55 + '"\n[mt102]\nencoding = "koi8-r"\n',
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as caught:
        load_employer(path)
    keys = [problem.key for problem in caught.value.problems]
    assert keys == ["employer.head", "employer.bin_iin", "employer.iban", "employer.kod", "mt102.encoding"]
    text = str(caught.value)
    assert f"{path}: employer.iban: {_('iban.checksum')}" in text
    assert "use the short form of the name" in text and "cp1251, cp866, utf-8" in text


def test_missing_keys_and_unreadable_files(tmp_path):
    path = tmp_path / "e.toml"
    path.write_text('[employer]\nname = "X"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"employer.bin_iin: is missing; see templates/sample/employer.toml"):
        load_employer(path)
    path.write_text("[employer\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="is not UTF-8 TOML"):
        load_employer(path)
    with pytest.raises(ProfileError, match="cannot be read"):
        load_employer(tmp_path / "missing.toml")


def test_bank_code_must_match_the_bic(tmp_path):
    path = tmp_path / "e.toml"
    path.write_text(GOOD.replace("HSBKKZKX", "CASPKZKA"), encoding="utf-8")
    assert load_employer(path).bic == "CASPKZKA"  # without the bank table only the format is checked
    with pytest.raises(ProfileError, match=r"employer.bic: .*" + re.escape(_("iban.bank_mismatch", code="601", expected="HSBKKZKX", bic="CASPKZKA"))):
        load_employer(path, params=default_params())


def test_bank_table_is_schwiftys_registry_with_our_dated_overrides():
    table = bank_table(default_params(), Period(2026, 10))
    # remittance-formats.md §4: the codes of the banks accountants use, and the National Bank.
    assert table["601"] == "HSBKKZKX" and table["009"] == "GCVPKZ2A" and table["722"] == "CASPKZKA"
    assert table["125"] == "NBRKKZKX" and table["070"] == "KKMFKZ2A" and table["856"] == "KCJBKZKX"
    assert registry_banks()["914"] == "SABRKZKA"  # the registry still has Сбербанк's BIC ...
    assert table["914"] == "BRKEKZKA"  # ... law/data/banks.toml gives Bereke Bank's
    assert len(table) >= 49
    assert bank_table(default_params(), Period(2030, 1)) == table  # past the data: the last known


def test_a_payer_at_the_national_bank_is_known(tmp_path):
    profile = tmp_path / "employer.toml"
    text = SAMPLE_EMPLOYER.read_text(encoding="utf-8")
    profile.write_text(text.replace("KZ29601A000DEMO00001", "KZ33125A000DEMO00001").replace('bic = "HSBKKZKX"', 'bic = "NBRKKZKX"'), encoding="utf-8")
    assert load_employer(profile, params=default_params()).bic == "NBRKKZKX"


def test_opv_code_none_and_names_the_bank_refuses_in_the_profile():
    assert Mt102Profile(opv_code="none").problems() == []
    with using("en"):  # an exception's text is the stable English; the CLI says it in the user's language
        digit = _("name.bad_character", what=_("name.part.value"), kind=_("name.kind.digit"), char="'1' (DIGIT ONE)", position=9)
    with pytest.raises(ProfileError, match=re.escape(f"employer.head: {digit}")):
        Employer(name="ТОО «Ақниет-2020»", bin_iin="150340012340", iban="KZ29601A000DEMO00001", bic="HSBKKZKX", kod="17", head="Ахметов 1")


def test_sdk_construction_is_validated_too():
    with pytest.raises(ProfileError, match="employer.name: is empty"):
        Employer(name=" ", bin_iin="150340012340", iban="KZ29601A000DEMO00001", bic="HSBKKZKX", kod="17")
    with pytest.raises(ProfileError, match="mt102.opv_code"):
        Employer(name="X", bin_iin="150340012340", iban="KZ29601A000DEMO00001", bic="HSBKKZKX", kod="17", mt102=Mt102Profile(opv_code="s"))
