"""Person records in the shape our writer writes, recognised by one pattern and checked a chunk at a time.

A record ``:21:`` ``:32B:`` ``:70:[/OPV/]`` ``/FM/ /NM/ [/FT/] [/DT/] /IDN/ /PERIOD/`` whose every
field already has the form the rules ask — a running number, an amount above zero in tenge and
tiyn, names of the letters banks take, a 12-digit ИИН whose /DT/ is a real date and the ИИН's
birth digits and century, a month 01–12 — is matched by :func:`record_pattern` in C, on the
file's bytes as they are (no decoding; lines ending in CRLF, as the writer ends them, or in LF).
The records of a chunk between its first record and its last record or total line are read with
one ``findall`` (:func:`clean_run`); they pass when they fill that stretch without a gap, their
running numbers follow on and their ИИН check digits hold. A stretch with a single doubt, and
every record of any other shape, goes through :class:`~.checks.Checker` line by line, which names
the problem: the rules stay in one place, and the check keeps pace with the writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import cache

import attrs

from osms_payroll.period import Period
from osms_payroll.remit.mt102.model import Mt102Person
from osms_payroll.remit.mt102.spec import CURRENCY, parse_date, parse_period
from osms_payroll.remit.names import PERSON_CHARACTERS

#: A real month and day other than 29 February; then the years (YY) of each century that have one.
_MONTH_DAY = r"(?:0[13578]|1[02])(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)(?:0[1-9]|[12][0-9]|30)|02(?:0[1-9]|1[0-9]|2[0-8])"
_LEAP = {  # legal-number-ok: centuries of the calendar, not law
    "18": r"0[48]|[2468][048]|[13579][26]", "19": r"0[48]|[2468][048]|[13579][26]", "20": r"[02468][048]|[13579][26]",  # legal-number-ok: centuries
}
#: /DT/ YYYYMMDD, a real date: the century, then YYMMDD in the group its ИИН century digits go with.
_BIRTH = "|".join(
    f"{century}(?P<born{century}>[0-9]{{2}}(?:{_MONTH_DAY})|(?:{leap})0229)" for century, leap in _LEAP.items()
)
#: The ИИН: its first seven digits are the /DT/ date's YYMMDD and century digit when there is one.
_IIN = r"((?(born18)(?P=born18)[12]|(?(born19)(?P=born19)[34]|(?(born20)(?P=born20)[56]|[0-9]{6}[1-6])))[0-9]{5})"
#: One clean person record, of whole lines (``<letter>`` and ``<solid>``: one name character, one
#: other than a space; ``\n`` stands for the line break); ``findall`` gives (record, number,
#: tenge, tiyn, the three birth groups, ИИН, period) for each.
_RECORD = (
    r"^(:21:([1-9][0-9]*)\n"
    rf":32B:{CURRENCY}(?!0,00\n)(0|[1-9][0-9]*),([0-9]{{2}})\n"
    r":70:(?:/OPV/[^\n]*)?\n"
    r"/FM/ *<solid><letter>*\n/NM/ *<solid><letter>*\n(?:/FT/<letter>*\n)?"
    rf"(?:/DT/(?:{_BIRTH})\n)?"
    rf"/IDN/{_IIN}\n"
    r"/PERIOD/((?:0[1-9]|1[0-2])[0-9]{4})\n)"
)
#: Lines a record is followed by: the next record, or the total.
NEXT = (b"\n:21:", b"\n:32A:")
CRLF = b"\r\n"


def _one_of(chars: Iterable[str], encoding: str) -> bytes:
    """A bytes pattern for one of ``chars`` as ``encoding`` writes them (those it cannot are left out):
    a class of the one-byte ones, and per leading bytes a class of the last byte of the longer ones."""
    by_lead: dict[bytes, set[int]] = {}
    for char in chars:
        try:
            data = char.encode(encoding)
        except UnicodeEncodeError:
            continue
        by_lead.setdefault(data[:-1], set()).add(data[-1])
    return b"(?:" + b"|".join(
        re.escape(lead) + b"[" + b"".join(re.escape(bytes((byte,))) for byte in sorted(last)) + b"]"
        for lead, last in sorted(by_lead.items())
    ) + b")"


@cache
def record_pattern(encoding: str, newline: bytes) -> re.Pattern[bytes]:
    """:data:`_RECORD` for a file in ``encoding`` whose lines end in ``newline`` (CRLF or LF), its name
    characters as that encoding writes them."""
    pattern = _RECORD.encode("ascii").replace(rb"\n", re.escape(newline))
    pattern = pattern.replace(b"<solid>", _one_of(PERSON_CHARACTERS - {" "}, encoding))
    pattern = pattern.replace(b"<letter>", _one_of(PERSON_CHARACTERS, encoding))
    return re.compile(pattern, re.MULTILINE)


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


def check_digits_hold(numbers: Sequence[bytes]) -> bool:
    """Whether every ИИН of ``numbers`` (12 ASCII digits each) ends in its check digit.

    Column by column in C: position ``i`` of all numbers is one byte string, each digit turned
    into its weighted value mod 11 by ``bytes.translate``; the columns are added as big integers
    (a byte's sum is at most 110, so no carry crosses numbers), reduced mod 11 per byte, and the
    two passes are combined the way :func:`~osms_payroll.ids._checksum.calc_check_digit` does.
    """
    count = len(numbers)
    if count == 0:
        return True
    blob = b"".join(numbers)
    passes = []
    for tables in _WEIGHED:
        total = sum(int.from_bytes(blob[at::_IIN_LENGTH].translate(table)) for at, table in enumerate(tables))
        passes.append(int.from_bytes(total.to_bytes(count).translate(_REDUCE)))
    picked = (passes[0] * _MODULUS + passes[1]).to_bytes(count).translate(_PICK)
    return picked == blob[_IIN_LENGTH - 1::_IIN_LENGTH].translate(_VALUE)


@attrs.frozen
class Run:
    """What a stretch of clean records adds to the list: persons, their sum, fingerprint and months;
    ``records`` are their bytes, for :func:`person`."""

    count: int
    amount: Decimal
    digest: bytes
    periods: frozenset[Period]
    records: tuple[bytes, ...]


def clean_run(data: bytes, start: int, end: int, encoding: str, first_number: int) -> Run | None:
    """The totals of ``data[start:end]`` (whole lines, each ending in the line break its last one
    ends in) when it is clean records only, numbered on from ``first_number``, that pass every rule;
    None when any line may not."""
    rows = record_pattern(encoding, newline_of(data, end)).findall(data, start, end)
    if not rows:
        return None
    records, numbers, tenge, tiyn, _born18, _born19, _born20, iins, periods = zip(*rows)
    if sum(map(len, records)) != end - start:  # a line no record took: a gap, or a record of another shape
        return None
    if list(numbers) != list(map(b"%d".__mod__, range(first_number, first_number + len(numbers)))):
        return None
    if not check_digits_hold(iins):
        return None
    return Run(
        count=len(numbers),
        amount=Decimal(sum(map(int, tenge))) + Decimal(sum(map(int, tiyn))).scaleb(-2),
        digest=b"".join(map(b"%b:%b.%b\n".__mod__, zip(iins, tenge, tiyn))),
        periods=frozenset(map(parse_period, {period.decode("ascii") for period in set(periods)})),  # type: ignore[arg-type]  # months only
        records=records,
    )


def newline_of(data: bytes, end: int) -> bytes:
    """The line break ending the line that ends at ``data[end - 1]``: CRLF or LF."""
    return CRLF if data.endswith(CRLF, 0, end) else b"\n"


def person(record: str, line: int, newline: str) -> Mt102Person:
    """The person of a clean record's text starting on ``line`` (for :func:`~.reader.read_mt102`)."""
    number, amount, details, *subs = record.split(newline)[:-1]
    values = {key: value for key, _, value in (sub[1:].partition("/") for sub in subs)}
    dt = values.get("DT")
    birth: date | None = parse_date(dt, century=True) if dt else None
    return Mt102Person(
        line=line, number=int(number[len(":21:"):]), amount=Decimal(amount[len(f":32B:{CURRENCY}"):].replace(",", ".")),
        code=details[len(":70:/OPV/"):] or None, surname=values["FM"], given=values["NM"],
        patronymic=values.get("FT", ""), birth_date=birth, iin=values["IDN"], period=parse_period(values["PERIOD"]),
    )
