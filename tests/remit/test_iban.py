"""IBAN (ИИК) of Kazakh accounts: mod 97 via stdnum, bank code against the BIC."""

from __future__ import annotations

import re

import pytest
from stdnum.exceptions import InvalidChecksum, ValidationError

from osms_payroll.i18n import _
from osms_payroll.ids import IdError, iban


def test_valid_accounts():
    assert iban.validate("kz92 009M EDS3 6860 9103") == "KZ92009MEDS368609103"  # the State Corporation's
    assert iban.bank_code("KZ29601A000DEMO00001") == "601"
    assert iban.is_valid("KZ29601A000DEMO00001")


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("DE89370400440532013000", iban.IbanCountryError),
        ("KZ92009MEDS36860910", iban.IbanLengthError),
        ("KZ9200AMEDS368609103", iban.IbanFormatError),
        ("KZ93009MEDS368609103", iban.IbanChecksumError),
        ("KZ92009MEDS368609130", iban.IbanChecksumError),  # two characters swapped
    ],
)
def test_invalid_accounts(number, error):
    with pytest.raises(error) as caught:
        iban.validate(number)
    assert isinstance(caught.value, IdError) and isinstance(caught.value, ValidationError)
    assert number[-4:] in str(caught.value) and number[:-4] not in str(caught.value)


def test_checksum_error_is_stdnums():
    with pytest.raises(InvalidChecksum):
        iban.validate("KZ93009MEDS368609103")


def test_bic_check():
    banks = {"601": "HSBKKZKX", "009": "GCVPKZ2A"}
    iban.check_bic("KZ29601A000DEMO00001", "HSBKKZKX", banks)
    iban.check_bic("KZ29601A000DEMO00001", "HSBKKZKXXXX", banks)  # 11-character form of the same BIC
    with pytest.raises(iban.IbanBankError, match=re.escape(_("iban.bank_mismatch", code="601", expected="HSBKKZKX", bic="CASPKZKA"))):
        iban.check_bic("KZ29601A000DEMO00001", "CASPKZKA", banks)
    with pytest.raises(iban.IbanBankError, match=re.escape(_("iban.bank_unknown", code="722"))):
        iban.check_bic("KZ32722S000000000042", "CASPKZKA", banks)
    with pytest.raises(iban.BicError):
        iban.validate_bic("HSBK")
