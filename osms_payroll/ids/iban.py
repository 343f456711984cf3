"""IBAN (ИИК) of a Kazakh bank account, and the bank code ↔ BIC check.

Layout: ``KZ`` + 2 check digits + 3-digit bank code + 13 letters or digits = 20 characters,
checked with ISO 7064 mod 97 by :mod:`stdnum.iban`.  The bank code names the bank that keeps
the account, so it must match the BIC given with it; the table of codes is dated data
(``law/data/banks.toml``) passed in by the caller, which keeps this module free of files.

>>> validate('KZ92 009M EDS3 6860 9103')
'KZ92009MEDS368609103'
>>> bank_code('KZ92009MEDS368609103')
'009'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from osms_payroll.i18n import _
from osms_payroll.ids.errors import IdError

__all__ = [
    "BicError",
    "IbanBankError",
    "IbanChecksumError",
    "IbanCountryError",
    "IbanError",
    "IbanFormatError",
    "IbanLengthError",
    "bank_code",
    "check_bic",
    "compact",
    "is_valid",
    "validate",
    "validate_bic",
]

_COUNTRY = "KZ"
_LENGTH = 20
_BANK_CODE = slice(4, 7)


class IbanError(IdError):
    """Any problem with an IBAN (ИИК)."""

    code = "iban.invalid"


class IbanCountryError(IbanError, InvalidComponent):
    code = "iban.country"


class IbanLengthError(IbanError, InvalidLength):
    code = "iban.length"


class IbanFormatError(IbanError, InvalidFormat):
    code = "iban.format"


class IbanChecksumError(IbanError, InvalidChecksum):
    code = "iban.checksum"


class IbanBankError(IbanError, InvalidComponent):
    code = "iban.bank"


class BicError(IdError, InvalidFormat):
    code = "bic.invalid"


def compact(number: str) -> str:
    """Drop spaces, dashes and dots and upper-case: the 20-character form."""
    return stdnum_iban.compact(number)


@lru_cache(maxsize=1024)
def validate(number: str) -> str:
    """Return the compact IBAN of a Kazakh account or raise an :class:`IbanError` (remembered: the
    same few accounts are checked in every file of a month, and the registry look-up is dear)."""
    number = compact(number)
    if not number.startswith(_COUNTRY):
        raise IbanCountryError(number=number)
    if len(number) != _LENGTH:
        raise IbanLengthError(number=number)
    if not (number.isascii() and number.isalnum() and number[2:7].isdigit()):
        raise IbanFormatError(number=number)
    try:
        stdnum_iban.validate(number)
    except InvalidChecksum:
        raise IbanChecksumError(number=number) from None
    except ValidationError:
        raise IbanFormatError(number=number) from None
    return number


def is_valid(number: str) -> bool:
    try:
        validate(number)
    except IbanError:
        return False
    return True


def bank_code(number: str) -> str:
    """The 3-digit code of the bank that keeps the account."""
    return validate(number)[_BANK_CODE]


def validate_bic(code: str) -> str:
    """Return the compact BIC (SWIFT code format) or raise :class:`BicError`."""
    try:
        return str(stdnum_bic.validate(code))
    except ValidationError:
        raise BicError(number=code) from None


def check_bic(number: str, bic: str, banks: Mapping[str, str]) -> None:
    """Raise :class:`IbanBankError` unless ``banks`` (bank code → BIC) gives ``bic`` for the IBAN.

    A bank code missing from the table is an error too: a payment to an unknown bank cannot be
    checked, and the table is data that can be extended.
    """
    code = bank_code(number)
    expected = banks.get(code)
    if expected is None:
        raise IbanBankError(_("iban.bank_unknown", code=code), number=number)
    if expected != validate_bic(bic)[: len(expected)]:
        raise IbanBankError(_("iban.bank_mismatch", code=code, expected=expected, bic=bic), number=number)
