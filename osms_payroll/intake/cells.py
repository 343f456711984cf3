"""Spreadsheet cells to the contract's canonical text.

One amount grammar stays in :func:`osms_payroll.money.parse_amount` (strict: ``1234567.89``).
This module only rewrites what people and spreadsheet programs produce — ``1 234 567,89``,
``1,234,567.89``, a float cell, an ИИН stored as a number, a date for a period — into that text.
A cell it cannot read is handed on unchanged, so the contract rejects it with its own code,
located at the cell.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from osms_payroll.ids import iin as iin_id
from osms_payroll.period import Period
from osms_payroll.intake.vocabulary import normalise, vocabulary, words

Cell = str | int | float | bool | date | datetime | time | timedelta | None

#: Day 0 of Excel's 1900 date system (serial 1 is 1900-01-01; the phantom 1900-02-29 is why it
#: is the 30th, not the 31st).
EXCEL_EPOCH = date(1899, 12, 30)  # legal-number-ok: a calendar date, not law
#: Significant digits Excel displays of a number: a float noisier than that is a formula's
#: binary residue (0.1 + 0.2), read as Excel shows it.
EXCEL_DIGITS = 15  # legal-number-ok: Excel's display precision
#: An ИИН has 12 digits; a number cell drops the leading zero of those born 2000–2009.
IIN_DIGITS = 12
#: A whole number this large in a period cell is YYYYMM (Excel serials reach it only in 2173).
YYYYMM_FROM = 100000
#: Years read from period cells written in words or as dates.
YEARS = range(1990, 2100)

_SEPARATORS = str.maketrans("", "", " \u00a0\u202f\u2009\u2007'\u2019")
_COMMA_GROUPS = re.compile(r"^\d{1,3}(,\d{3})+$")
_DOT_GROUPS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_NUMBER_CHARS = frozenset("0123456789.,")
_CANONICAL = re.compile(r"\d+(?:\.\d{1,2})?")
_MINUS = ("-", "\u2212", "\u2013")

_PERIOD_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), 1, 2),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"), 1, 2),
    (re.compile(r"^(\d{1,2})[./-](\d{4})$"), 2, 1),
    (re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s.*)?$"), 3, 2),
    (re.compile(r"^(\d{4})(\d{2})$"), 1, 2),
)
_SERIAL_TEXT = re.compile(r"^\d{5}$")
_DATE_IN_TEXT = re.compile(r"\b\d{1,2}[./](\d{1,2})[./](\d{4})\b")
_MONTH_YEAR_IN_TEXT = re.compile(r"(?<![\d./])(\d{1,2})[./](\d{4})\b")
_YEAR = re.compile(r"\b(\d{4})\b")


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern[str]:
    units = sorted(vocabulary().units | {"₸"}, key=len, reverse=True)
    alternatives = "|".join(re.escape(unit) for unit in units)
    return re.compile(rf"^\s*(?:{alternatives})\.?\s*|\s*(?:{alternatives})\.?\s*$", re.IGNORECASE)


def _float_text(value: float) -> str:  # float-ok: what calamine hands over for a number cell
    text = repr(value)
    if "e" not in text and "n" not in text and len(text) - text.find(".") <= 3:  # the common case: ≤ 2 decimals
        return text[:-2] if text.endswith(".0") else text
    if not math.isfinite(value):
        return text
    if value.is_integer():
        return str(int(value))
    number = Decimal(text)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        shown = Decimal(format(value, f".{EXCEL_DIGITS}g"))
        shown_exponent = shown.as_tuple().exponent
        if isinstance(shown_exponent, int) and shown_exponent >= -2:
            number = shown
    return format(number, "f")


def _grouped(whole: str, separator: str) -> bool:
    if separator not in whole:
        return whole.isdigit()
    pattern = _COMMA_GROUPS if separator == "," else _DOT_GROUPS
    return bool(pattern.match(whole))


def amount_from_text(text: str) -> str:
    """``1 234 567,89``, ``1,234,567.89``, ``1.234.567,89``, ``1234 ₸`` → ``1234567.89``.

    A lone comma before exactly three digits (``1,234``) could be a thousands separator or a
    decimal comma: it is handed on unchanged, so the contract rejects it rather than we guess.
    """
    original = text.strip()
    if _CANONICAL.fullmatch(original):
        return original
    body = original
    if not (body[:1].isdigit() and body[-1:].isdigit()):
        body = _unit_pattern().sub("", body)
    negative = False
    if body.startswith("(") and body.endswith(")"):
        body, negative = body[1:-1].strip(), True
    if body.startswith(_MINUS):
        body, negative = body[1:].strip(), True
    compact = body.translate(_SEPARATORS)
    if not compact or not _NUMBER_CHARS.issuperset(compact):
        return original
    spaced = len(compact) != len(body)
    if "," in compact and "." in compact:
        decimal = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, fraction = compact.rpartition(decimal)
        if not fraction.isdigit() or not _grouped(whole, thousands):
            return original
        number = whole.replace(thousands, "") + "." + fraction
    elif "," in compact:
        if compact.count(",") > 1:
            if not _COMMA_GROUPS.match(compact):
                return original
            number = compact.replace(",", "")
        else:
            whole, fraction = compact.split(",")
            if len(fraction) == 3 and not spaced and whole.isdigit() and len(whole) <= 3 and not whole.startswith("0"):
                return original
            number = whole + "." + fraction
    elif compact.count(".") > 1:
        if not _DOT_GROUPS.match(compact):
            return original
        number = compact.replace(".", "")
    else:
        number = compact
    if number.endswith("."):
        number = number[:-1]
    if number.startswith("."):
        number = "0" + number
    if not number or number == "." or number.count(".") > 1:
        return original
    return ("-" if negative else "") + number


def amount_text(cell: Cell) -> str | None:
    """A money cell as contract text; None when empty."""
    if isinstance(cell, float):
        return _float_text(cell)
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        return amount_from_text(cell) if cell.strip() else None
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, int):
        return str(cell)
    return str(cell)


def iin_text(cell: Cell) -> tuple[str | None, bool]:
    """An ИИН cell as text, and whether a leading zero lost to a number cell was put back."""
    if cell is None or cell == "":
        return None, False
    if isinstance(cell, float) and not isinstance(cell, bool):
        if not (cell.is_integer() and cell >= 0):
            return repr(cell), False
        text = str(int(cell))
    elif isinstance(cell, int) and not isinstance(cell, bool):
        text = str(cell)
    elif isinstance(cell, str):
        text = cell.strip().lstrip("'")
        if not text:
            return None, False
    else:
        return str(cell), False
    if len(text) == IIN_DIGITS - 1 and text.isascii() and text.isdigit():
        # A number cell surely lost the zero; 11 digits typed as text only when the zero makes it valid
        # (a CSV saved from a number column), else the contract reports the length as typed.
        if not isinstance(cell, str) or iin_id.is_valid("0" + text):
            return "0" + text, True
    return text, False


def _period(year: int, month: int) -> str | None:
    if year in YEARS and 1 <= month <= 12:  # legal-number-ok: months of a year
        return f"{year:04d}-{month:02d}"
    return None


def _serial_period(serial: int) -> str | None:
    try:
        day = EXCEL_EPOCH + timedelta(days=serial)
    except OverflowError:
        return None
    return _period(day.year, day.month)


def _month_in_words(text: str) -> str | None:
    months = vocabulary().months
    found = {months[word] for word in words(text) if word in months}
    years = {int(year) for year in _YEAR.findall(text)}
    if len(found) == 1 and len(years) == 1:
        return _period(years.pop(), found.pop())
    return None


def period_text(cell: Cell) -> str | None:
    """A period cell as ``YYYY-MM``: a date, an Excel serial, ``10.2026``, ``01.10.2026``,
    ``202610``, ``октябрь 2026``, ``2026 ж. қазан``; anything else unchanged (the contract says why)."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime | date):
        return f"{cell.year:04d}-{cell.month:02d}"
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        if not float(cell).is_integer():  # float-ok: a period cell, not money
            return repr(cell)
        number = int(cell)
        if number >= YYYYMM_FROM:
            return _period(*divmod(number, 100)) or str(number)
        return (_serial_period(number) if number > 0 else None) or str(number)
    if not isinstance(cell, str):
        return str(cell)
    text = cell.strip()
    if not text:
        return None
    for pattern, year_group, month_group in _PERIOD_PATTERNS:
        match = pattern.match(text)
        if match:
            return _period(int(match.group(year_group)), int(match.group(month_group))) or text
    if _SERIAL_TEXT.match(text):
        return _serial_period(int(text)) or text
    return _month_in_words(text) or text


def period_in_titles(texts: Iterable[str]) -> Period | None:
    """The one month a report's title rows name (``за октябрь 2026 г.``, ``с 01.10.2026 по 31.10.2026``)."""
    named: set[str] = set()
    dated: set[str] = set()
    for text in texts:
        found = _month_in_words(text)
        if found:
            named.add(found)
        for month, year in _DATE_IN_TEXT.findall(text) + _MONTH_YEAR_IN_TEXT.findall(text):
            period = _period(int(year), int(month))
            if period:
                dated.add(period)
    chosen = named or dated
    return Period.parse(chosen.pop()) if len(chosen) == 1 else None


def flag_text(cell: Cell) -> str | None:
    """A yes/no cell: TRUE/FALSE cells and 1/0 numbers become contract text; words pass through."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return plain_text(cell)


def plain_text(cell: Cell) -> str | None:
    """Text of a cell; a whole-number float loses its ``.0``."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = cell.strip() if isinstance(cell, str) else str(cell)
    return text or None


def category_text(cell: Cell, extra: Mapping[str, str]) -> str | None:
    """A category cell: a code, or a spelling of one (``Пенсионер``, ``Зейнеткер``) turned into it."""
    text = plain_text(cell)
    if text is None:
        return None
    return extra.get(normalise(text)) or vocabulary().category(text) or text
