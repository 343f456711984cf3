"""Person records in the shape our writer writes, recognised by one pattern and checked a run at a time.

A record ``:21:`` ``:32B:`` ``:70:[/OPV/]`` ``/FM/ /NM/ [/FT/] [/DT/] /IDN/ /PERIOD/`` whose every
field already has the form the rules ask — a running number, an amount above zero in tenge and
tiyn, names of the letters banks take, a 12-digit ИИН whose /DT/ is its birth digits, a month
01–12 — and that the next record or the total follows, is matched by :data:`RECORD` in C. A run
of such records passes when, together, their running numbers follow on, their ИИН check digits
hold and their birth dates are real ones of the ИИН's century (:func:`checked_run`). A run with a
single doubt, and every record of any other shape, goes through :class:`~.checks.Checker` line
by line, which names the problem: the rules stay in one place, and the check keeps pace with
the writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

import attrs

from osms_payroll.ids import iin as iin_id
from osms_payroll.period import Period
from osms_payroll.remit.mt102.model import Mt102Person
from osms_payroll.remit.mt102.spec import CURRENCY, parse_date, parse_period
from osms_payroll.remit.names import PERSON_CHARACTERS

_LETTERS = re.escape("".join(sorted(PERSON_CHARACTERS)))
_SOLID = re.escape("".join(sorted(PERSON_CHARACTERS - {" "})))
#: A surname or first name: the letters banks take, not only spaces.
_NAME = f" *[{_SOLID}][{_LETTERS}]*"
#: One clean person record; the groups, in order, are what :func:`checked_run` reads.
RECORD = re.compile(
    r"^:21:(?P<number>[1-9][0-9]*)\n"
    rf":32B:{CURRENCY}(?!0,00\n)(?P<tenge>0|[1-9][0-9]*),(?P<tiyn>[0-9]{{2}})\n"
    r":70:(?:/OPV/(?P<code>[^\n]*))?\n"
    rf"/FM/(?P<surname>{_NAME})\n/NM/(?P<given>{_NAME})\n(?:/FT/(?P<patronymic>[{_LETTERS}]*)\n)?"
    r"(?:/DT/(?P<dt>[0-9]{2}(?P<born>[0-9]{6}))\n)?"
    r"/IDN/(?P<iin>(?(born)(?P=born)|[0-9]{6})(?P<sex>[1-6])[0-9]{5})\n"
    r"/PERIOD/(?P<period>(?:0[1-9]|1[0-2])[0-9]{4})\n"
    r"(?=:21:|:32A:)",
    re.MULTILINE,
)

_IIN_LENGTH = 12
#: The two weightings of the ИИН check digit (ids/_checksum.py), one per position of the first 11 digits.
_WEIGHTS = (tuple(range(1, 12)), (*range(3, 12), 1, 2))
_MODULUS = 11
#: A pass's result that is no digit: the next pass decides, and after the last no ИИН is valid.
_NO_DIGIT = _MODULUS - 1
_DIGITS = b"0123456789"
_BYTE = range(256)
#: Per weighting and position: an ASCII digit → (digit × weight) mod 11, as a byte.
_WEIGHED = tuple(
    tuple(bytes.maketrans(_DIGITS, bytes(digit * weight % _MODULUS for digit in range(len(_DIGITS)))) for weight in weights)
    for weights in _WEIGHTS
)
_REDUCE = bytes(value % _MODULUS for value in _BYTE)
#: (first pass × 11 + second pass) → the check digit: the first pass's unless it is no digit, then the second's.
_PICK = bytes(first if first != _NO_DIGIT else second for first, second in (divmod(value, _MODULUS) for value in _BYTE))
_VALUE = bytes.maketrans(_DIGITS, bytes(range(len(_DIGITS))))


def check_digits_hold(numbers: Sequence[str]) -> bool:
    """Whether every ИИН of ``numbers`` (12 ASCII digits each) ends in its check digit.

    Column by column in C: position ``i`` of all numbers is one byte string, each digit turned
    into its weighted value mod 11 by ``bytes.translate``; the columns are added as big integers
    (a byte's sum is at most 110, so no carry crosses numbers), reduced mod 11 per byte, and the
    two passes are combined the way :func:`~osms_payroll.ids._checksum.calc_check_digit` does.
    """
    count = len(numbers)
    if count == 0:
        return True
    blob = "".join(numbers).encode("ascii")
    passes = []
    for tables in _WEIGHED:
        total = sum(int.from_bytes(blob[at::_IIN_LENGTH].translate(table)) for at, table in enumerate(tables))
        passes.append(int.from_bytes(total.to_bytes(count).translate(_REDUCE)))
    picked = (passes[0] * _MODULUS + passes[1]).to_bytes(count).translate(_PICK)
    return picked == blob[_IIN_LENGTH - 1::_IIN_LENGTH].translate(_VALUE)


@lru_cache(maxsize=1 << 16)
def _real_birth(dt: str, sex: str) -> bool:
    """``/DT/`` YYYYMMDD is a real date and the birth date of an ИИН of that century digit."""
    born = parse_date(dt, century=True)
    return born is not None and born == iin_id.birth_date_unchecked(dt[2:] + sex)


@attrs.frozen
class Run:
    """What a run of clean records adds to the list: persons, their sum, fingerprint and months."""

    count: int
    amount: Decimal
    digest: bytes
    periods: frozenset[Period]


def checked_run(matches: Sequence[re.Match[str]], first_number: int) -> Run | None:
    """The run's totals when the records pass every rule, their running numbers from ``first_number``;
    None when any of them may not (then each record is checked on its own)."""
    numbers, tenge, tiyn, _code, _surname, _given, _patronymic, dts, _born, iins, sexes, periods = zip(
        *(match.groups() for match in matches)
    )
    if list(numbers) != list(map(str, range(first_number, first_number + len(numbers)))):
        return None
    births = {(dt, sex) for dt, sex in zip(dts, sexes) if dt is not None}
    if not all(_real_birth(dt, sex) for dt, sex in births) or not check_digits_hold(iins):
        return None
    return Run(
        count=len(numbers),
        amount=Decimal(sum(map(int, map(str.__add__, tenge, tiyn)))).scaleb(-2),
        digest="".join(map("{}:{}.{}\n".format, iins, tenge, tiyn)).encode(),
        periods=frozenset(map(parse_period, set(periods))),  # type: ignore[arg-type]  # the pattern takes months only
    )


def person(match: re.Match[str], line: int) -> Mt102Person:
    """The person of a clean record starting on ``line`` (for :func:`~.reader.read_mt102`)."""
    dt = match["dt"]
    birth: date | None = parse_date(dt, century=True) if dt else None
    return Mt102Person(
        line=line, number=int(match["number"]), amount=Decimal(f"{match['tenge']}.{match['tiyn']}"),
        code=match["code"] or None, surname=match["surname"], given=match["given"],
        patronymic=match["patronymic"] or "", birth_date=birth, iin=match["iin"], period=parse_period(match["period"]),
    )
