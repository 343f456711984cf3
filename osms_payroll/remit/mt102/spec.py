"""The MT102 client-file format as Kazakh bank validators check it (remittance-formats.md §2).

Field limits, fixed codes, and the text forms of amounts, dates and periods, shared by the
writer and the reader so that both sides of a round trip follow one definition.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal

from osms_payroll.i18n import Message
from osms_payroll.period import Period

EOL = "\r\n"
CURRENCY = "KZT"
REFERENCE_LIMIT = 16
NUMBER_LIMIT = 9
ASSIGN_LINES = 7  # legal-number-ok: MT102 purpose lines, a format limit
#: Purpose lines we write are at most 60 characters; real files carry up to 70 and are read.
LINE_LIMIT = 60
READ_LINE_LIMIT = 70
KNP_DIGITS = 3
#: Payer and beneficiary names: 60 in most validators, 54 in the strictest (warned on reading).
NAME_LINE_LIMIT = 60
STRICT_NAME_LIMIT = 54
TAG_REFERENCE = "20"  # legal-number-ok: MT field tag :20:
TAG_PAYER = "50"  # legal-number-ok: MT field tag :50:
#: Written for a head or chief accountant the payer does not have.
NOT_PROVIDED = "НЕ ПРЕДУСМОТРЕНО"
#: Constants every generator of social lists writes, in this order (M).
SOCIAL_CODES = (("SEND", "07"), ("VO", "01"), ("PSO", "01"), ("PRT", "05"))  # legal-number-ok: MT102 header codes, not law
#: Session and sequence numbers of block 1; banks overwrite them.
SESSION, SEQUENCE = "0001", "000001"
#: ``{1:F01<12-character terminal><4-digit session><6-digit sequence>}``.
BLOCK1_RE = re.compile(r"^F01[A-Z0-9]{12}\d{4}\d{6}$")
#: ``{2:I102S<GROSS|CLEAR>000000U3003}``: 21 characters.
BLOCK2_RE = re.compile(r"^I102S(GROSS|CLEAR)\d{6}U\d{4}$")
TIYN = Decimal("0.01")  # legal-number-ok: the tiyn, MT102 amounts have two decimals
#: ``/OPV/`` value that means "write a bare ``:70:`` line" (salary lists have no list code).
OPV_NONE = "none"

def amount_text(amount: Decimal) -> str | None:
    """``15000`` → ``15000,00``: comma, exactly two decimals; None if the amount has more than two."""
    tiyns = amount.quantize(TIYN)
    if amount != tiyns:
        return None
    return str(tiyns).replace(".", ",")  # two decimal places: str never chooses an exponent


def parse_amount_text(text: str) -> Decimal | None:
    """``12000,00`` → ``Decimal('12000.00')``; None unless digits, a comma and exactly two decimals."""
    whole, comma, cents = text.partition(",")
    digits = whole + cents
    if comma and whole and len(cents) == 2 and digits.isascii() and digits.isdigit():
        return Decimal(f"{whole}.{cents}")
    return None


@functools.lru_cache(maxsize=256)
def period_text(period: Period) -> str:
    """``/PERIOD/`` is MMYYYY."""
    return f"{period.month:02d}{period.year:04d}"


def parse_date(text: str, century: bool) -> date | None:
    """``YYYYMMDD`` (``century``) or ``YYMMDD`` (20YY) → a date; None if not a real one."""
    width = len("YYYYMMDD") if century else len("YYMMDD")
    if len(text) != width or not text.isdigit():
        return None
    year = int(text[:-4]) + (0 if century else 2000)
    try:
        return date(year, int(text[-4:-2]), int(text[-2:]))
    except ValueError:
        return None


def parse_period(text: str) -> Period | None:
    if len(text) == len("MMYYYY") and text.isdigit() and 1 <= int(text[:2]) <= 12:  # legal-number-ok: months of a year
        return Period(int(text[2:]), int(text[:2]))
    return None


def assign_lines(purpose: str) -> list[str]:
    """Wrap the purpose at word boundaries: the first line carries ``/ASSIGN/``, each ≤ 60 characters."""
    lines: list[str] = []
    current = "/ASSIGN/"
    fresh = True
    for word in purpose.split():
        candidate = current + ("" if fresh else " ") + word
        if len(candidate) <= LINE_LIMIT:
            current, fresh = candidate, False
            continue
        if fresh:
            raise ValueError(Message("mt102.purpose_word", limit=LINE_LIMIT))
        lines.append(current)
        current, fresh = word, False
    lines.append(current)
    if len(lines) > ASSIGN_LINES:
        raise ValueError(Message("mt102.purpose_lines", lines=len(lines), limit=ASSIGN_LINES))
    return lines
