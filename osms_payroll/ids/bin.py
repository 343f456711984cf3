"""БИН (БСН): the 12-digit business identification number of Kazakhstan.

Layout: digits 1–4 are the registration year and month YYMM, digit 5 the
entity type (4 resident legal entity, 5 non-resident, 6 joint ИП), digit 6
the division (0 head office, 1 branch, 2 representative office, 3 joint
peasant farm), digits 7–11 a serial and digit 12 the same check digit as
the ИИН.  A sole entrepreneur has no БИН and uses its ИИН.
"""

from __future__ import annotations

from typing import Literal

import attrs
from stdnum.util import clean

from osms_payroll.i18n import _
from osms_payroll.ids._checksum import calc_check_digit
from osms_payroll.ids.errors import (
    BinChecksumError,
    BinDateError,
    BinEntityTypeError,
    BinError,
    BinFormatError,
    BinLengthError,
)

__all__ = [
    "BinInfo",
    "Division",
    "EntityType",
    "compact",
    "format",
    "info",
    "is_valid",
    "validate",
]

EntityType = Literal["resident", "non_resident", "joint_ip"]
Division = Literal["head", "branch", "representative", "joint_farm"]

_ENTITY_TYPES: dict[str, EntityType] = {
    "4": "resident",
    "5": "non_resident",
    "6": "joint_ip",
}
_DIVISIONS: dict[str, Division] = {
    "0": "head",
    "1": "branch",
    "2": "representative",
    "3": "joint_farm",
}

#: Two-digit years from this value up are 19YY (registrations since
#: independence, e.g. 94 = 1994); lower ones are 20YY.
_CENTURY_PIVOT = 90


@attrs.frozen
class BinInfo:
    """What a БИН tells about the registered entity."""

    number: str
    registered: tuple[int, int]
    entity_type: EntityType
    division: Division


def compact(number: str) -> str:
    """Drop spaces, dashes and dots; keep leading zeros (hence text only)."""
    if not isinstance(number, str):
        raise BinFormatError(_("bin.not_text"))
    return "".join(clean(number, " -.").split())


def validate(number: str) -> str:
    """Return the compact БИН or raise a BinError saying what to fix."""
    number = compact(number)
    if len(number) != 12:
        raise BinLengthError(number=number)
    if not (number.isascii() and number.isdigit()):
        raise BinFormatError(number=number)
    if not 1 <= int(number[2:4]) <= 12:
        raise BinDateError(number=number)
    if number[4] not in _ENTITY_TYPES or number[5] not in _DIVISIONS:
        raise BinEntityTypeError(number=number)
    check = calc_check_digit(number[:11])
    if check is None:
        raise BinChecksumError(_("bin.no_check_digit"), number=number)
    if check != int(number[11]):
        raise BinChecksumError(number=number)
    return number


def is_valid(number: str) -> bool:
    """Say whether the БИН is valid, for callers that only need a yes/no."""
    try:
        validate(number)
    except BinError:
        return False
    return True


def info(number: str) -> BinInfo:
    """Decode registration date, entity type and division of a valid БИН.

    The year is four digits: YY >= 90 means 19YY, otherwise 20YY.
    """
    number = validate(number)
    yy = int(number[0:2])
    year = (1900 if yy >= _CENTURY_PIVOT else 2000) + yy
    return BinInfo(
        number=number,
        registered=(year, int(number[2:4])),
        entity_type=_ENTITY_TYPES[number[4]],
        division=_DIVISIONS[number[5]],
    )


def format(number: str) -> str:  # noqa: A001 - stdnum naming convention
    """Return the canonical printed form: the 12 digits, no separators."""
    return compact(number)
