"""Errors raised by ИИН/БИН validation.

Each error subclasses the matching python-stdnum exception, so code that
already catches ``stdnum.exceptions.ValidationError`` keeps working, and
carries a stable ``code`` for machines plus a message that tells a person
what to fix.  Messages never contain the full number (personal data); at
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
    message = "The identifier is invalid; check it against the source document."

    def __init__(self, message: str | None = None, *, number: str | None = None) -> None:
        """Build the message; ``number`` is stored and shown only masked."""
        self.masked_number: str | None = None if number is None else mask(number)
        text = self.message if message is None else message
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
    message = "ИИН must have 12 digits; check the number on the ID card."


class IinFormatError(IinError, InvalidFormat):
    """The ИИН contains something other than digits."""

    code = "iin.format"
    message = (
        "ИИН must contain digits only; remove letters and other characters "
        "and re-enter it from the ID card."
    )


class IinCenturyError(IinError, InvalidComponent):
    """Digit 7 (century and sex) is not 1–6."""

    code = "iin.century"
    message = (
        "ИИН digit 7 (century and sex) must be 1–6; "
        "check the number on the ID card."
    )


class IinChecksumError(IinError, InvalidChecksum):
    """The last digit does not match the check digit rule."""

    code = "iin.checksum"
    message = (
        "ИИН check digit does not match, so the number has a typo; "
        "re-enter it from the ID card."
    )


class BinLengthError(BinError, InvalidLength):
    """The БИН does not have 12 digits."""

    code = "bin.length"
    message = (
        "БИН must have 12 digits; check the number in the state "
        "registration certificate."
    )


class BinFormatError(BinError, InvalidFormat):
    """The БИН contains something other than digits."""

    code = "bin.format"
    message = (
        "БИН must contain digits only; remove letters and other characters "
        "and re-enter it from the state registration certificate."
    )


class BinEntityTypeError(BinError, InvalidComponent):
    """Digit 5 (entity type) or digit 6 (division) has an unknown value."""

    code = "bin.type"
    message = (
        "БИН digit 5 (entity type) must be 4, 5 or 6 and digit 6 (division) "
        "0–3; check the registration certificate.  A sole entrepreneur uses "
        "an ИИН instead."
    )


class BinDateError(BinError, InvalidComponent):
    """Digits 3–4 (registration month) are not 01–12."""

    code = "bin.date"
    message = (
        "БИН digits 3–4 (registration month) must be 01–12; "
        "check the number in the state registration certificate."
    )


class BinChecksumError(BinError, InvalidChecksum):
    """The last digit does not match the check digit rule."""

    code = "bin.checksum"
    message = (
        "БИН check digit does not match, so the number has a typo; "
        "re-enter it from the state registration certificate."
    )
