"""Errors raised by ИИН/БИН validation.

Each error subclasses the matching python-stdnum exception, so code that
already catches ``stdnum.exceptions.ValidationError`` keeps working, and
carries a stable ``code`` for machines plus a message that tells a person
what to fix, in the user's language (the catalog entry of the same code).  Messages never contain the full number (personal data); at
most the masked form from :func:`mask`.
"""

from __future__ import annotations

from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from osms_payroll.i18n import _

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
    "mask",
]

_SHOWN = 4


def mask(number: str) -> str:
    """Hide all but the last 4 characters, so logs can reference a number safely.

    Separators are dropped first; inputs of 4 characters or fewer are hidden
    completely because they cannot be told apart from a fragment.
    """
    text = "".join(ch for ch in str(number) if ch not in " -." and not ch.isspace())
    if len(text) <= _SHOWN:
        return "*" * len(text)
    return "*" * (len(text) - _SHOWN) + text[-_SHOWN:]


class IdError(ValidationError):
    """Root of all identifier errors; catch this to handle any of them."""

    code: str = "id.invalid"

    def __init__(self, message: str | None = None, *, number: str | None = None) -> None:
        """Build the message (by default the catalog's text of :attr:`code`); ``number`` is shown only masked."""
        self.masked_number: str | None = None if number is None else mask(number)
        text = _(self.code) if message is None else message
        if self.masked_number:
            text = f"{text} [{self.masked_number}]"
        super().__init__(text)


class IinError(IdError):
    """Any problem with an ИИН (individual identification number)."""

    code = "iin.invalid"


class BinError(IdError):
    """Any problem with a БИН (business identification number)."""

    code = "bin.invalid"


class IinLengthError(IinError, InvalidLength):
    """The ИИН does not have 12 digits."""

    code = "iin.length"


class IinFormatError(IinError, InvalidFormat):
    """The ИИН contains something other than digits."""

    code = "iin.format"


class IinCenturyError(IinError, InvalidComponent):
    """Digit 7 (century and sex) is not 1–6."""

    code = "iin.century"


class IinChecksumError(IinError, InvalidChecksum):
    """The last digit does not match the check digit rule."""

    code = "iin.checksum"


class BinLengthError(BinError, InvalidLength):
    """The БИН does not have 12 digits."""

    code = "bin.length"


class BinFormatError(BinError, InvalidFormat):
    """The БИН contains something other than digits."""

    code = "bin.format"


class BinEntityTypeError(BinError, InvalidComponent):
    """Digit 5 (entity type) or digit 6 (division) has an unknown value."""

    code = "bin.type"


class BinDateError(BinError, InvalidComponent):
    """Digits 3–4 (registration month) are not 01–12."""

    code = "bin.date"


class BinChecksumError(BinError, InvalidChecksum):
    """The last digit does not match the check digit rule."""

    code = "bin.checksum"
