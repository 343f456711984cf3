"""Kazakh personal and business identifiers (ИИН, БИН) and accounts (IBAN), python-stdnum style.

python-stdnum has no Kazakh module, so these live here; the errors subclass
stdnum's exceptions so generic stdnum error handling still applies.
"""

from __future__ import annotations

from osms_payroll.ids import bin, iban, iin
from osms_payroll.ids.errors import (
    BinChecksumError,
    BinDateError,
    BinEntityTypeError,
    BinError,
    BinFormatError,
    BinLengthError,
    IdError,
    IinCenturyError,
    IinChecksumError,
    IinError,
    IinFormatError,
    IinLengthError,
    mask,
)

__all__ = [
    "BinChecksumError",
    "BinDateError",
    "BinEntityTypeError",
    "BinError",
    "BinFormatError",
    "BinLengthError",
    "IdError",
    "IinCenturyError",
    "IinChecksumError",
    "IinError",
    "IinFormatError",
    "IinLengthError",
    "bin",
    "iban",
    "iin",
    "mask",
    "validate_taxpayer_id",
]

_BIN_TYPE_DIGITS = "456"


def validate_taxpayer_id(number: str) -> str:
    """Validate the identifier of an employer or payer: a БИН or an ИИН.

    A sole entrepreneur is identified by its ИИН, so both are accepted.
    Digit 5 decides: 4/5/6 is a БИН entity type (an ИИН has the first digit
    of the birth day there, 0–3), anything else is checked as an ИИН.
    Returns the compact number or raises the БИН or ИИН error.
    """
    number = iin.compact(number)
    if len(number) >= 5 and number[4] in _BIN_TYPE_DIGITS:
        return bin.validate(number)
    return iin.validate(number)
