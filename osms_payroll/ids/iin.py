"""ИИН (ЖСН): the 12-digit individual identification number of Kazakhstan.

Layout: digits 1–6 are the birth date YYMMDD, digit 7 encodes century and
sex (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male), digits 8–11 are a
serial and digit 12 is the check digit.

A birth date that is not a real calendar date is only a warning: a few
such numbers were issued and are in use, so payroll must not reject them.

>>> validate('750716 437 162')
'750716437162'
>>> birth_date('750716437162')
datetime.date(1975, 7, 16)
>>> sex('750716437162')
'F'
"""

from __future__ import annotations

from functools import lru_cache

import datetime
from typing import Literal

import attrs
from stdnum.util import clean

from osms_payroll.i18n import _
from osms_payroll.ids._checksum import calc_check_digit
from osms_payroll.ids.errors import (
    IinCenturyError,
    IinChecksumError,
    IinError,
    IinFormatError,
    IinLengthError,
)

__all__ = [
    "WARNING_BIRTH_DATE_INVALID",
    "IinInfo",
    "Sex",
    "age_on",
    "birth_date",
    "compact",
    "format",
    "info",
    "is_valid",
    "sex",
    "validate",
]

Sex = Literal["M", "F"]

#: Warning code: digits 1–6 are not a real date; the number is still valid.
WARNING_BIRTH_DATE_INVALID = "iin.birth_date_invalid"

_CENTURIES = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


@attrs.frozen
class IinInfo:
    """What an ИИН tells about its holder, with warnings instead of failures."""

    number: str
    birth_date: datetime.date | None
    sex: Sex
    century: int
    warnings: tuple[str, ...] = ()


def compact(number: str) -> str:
    """Drop spaces, dashes and dots; keep leading zeros (hence text only)."""
    if not isinstance(number, str):
        raise IinFormatError(_("iin.not_text"))
    if len(number) == 12 and number.isascii() and number.isdigit():
        return number  # the common case, kept cheap for bulk runs
    return "".join(clean(number, " -.").split())


@lru_cache(maxsize=4096)
def validate(number: str) -> str:
    """Return the compact ИИН or raise an IinError saying what to fix.

    Cached: a reader validates each ИИН and the PayLine it builds validates it again.
    """
    number = compact(number)
    if len(number) != 12:
        raise IinLengthError(number=number)
    if not (number.isascii() and number.isdigit()):
        raise IinFormatError(number=number)
    if number[6] not in _CENTURIES:
        raise IinCenturyError(number=number)
    check = calc_check_digit(number[:11])
    if check is None:
        raise IinChecksumError(_("iin.no_check_digit"), number=number)
    if check != int(number[11]):
        raise IinChecksumError(number=number)
    return number


def is_valid(number: str) -> bool:
    """Say whether the ИИН is valid, for callers that only need a yes/no."""
    try:
        validate(number)
    except IinError:
        return False
    return True


def birth_date_unchecked(number: str) -> datetime.date | None:
    """Birth date of an ИИН the caller has already validated (bulk paths avoid a second check)."""
    year = _CENTURIES[number[6]] + int(number[0:2])
    try:
        return datetime.date(year, int(number[2:4]), int(number[4:6]))
    except ValueError:
        return None


def birth_date(number: str) -> datetime.date | None:
    """Return the birth date, or None when digits 1–6 are not a real date."""
    return birth_date_unchecked(validate(number))


def sex(number: str) -> Sex:
    """Return "M" for an odd digit 7, "F" for an even one."""
    return "M" if int(validate(number)[6]) % 2 else "F"


def info(number: str) -> IinInfo:
    """Decode everything at once, reporting soft problems as warning codes."""
    number = validate(number)
    born = birth_date_unchecked(number)
    return IinInfo(
        number=number,
        birth_date=born,
        sex="M" if int(number[6]) % 2 else "F",
        century=_CENTURIES[number[6]],
        warnings=() if born else (WARNING_BIRTH_DATE_INVALID,),
    )


def age_on(number: str, day: datetime.date) -> int | None:
    """Full years of age on ``day``; None when the birth date is unknown.

    Someone born on 29 February turns a year older on 1 March in non-leap
    years.  Raises ValueError if ``day`` is before the birth date, which
    means the input data is wrong.
    """
    born = birth_date(number)
    if born is None:
        return None
    if day < born:
        raise ValueError(_("iin.before_birth"))
    before_birthday = (day.month, day.day) < (born.month, born.day)
    return day.year - born.year - int(before_birthday)


def format(number: str) -> str:  # noqa: A001 - stdnum naming convention
    """Return the canonical printed form: the 12 digits, no separators."""
    return compact(number)
