"""Money as :class:`decimal.Decimal`: strict parsing, exact formatting and rounding of amounts.

Rounding is law: a :class:`Rounding` rule comes from the parameter data (``rounding.contribution``,
``rounding.payslip``) and :func:`round_amount` is the one place an amount is rounded by it;
:data:`ROUNDING_MODES` maps the mode names a parameter file may use to :mod:`decimal`'s.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

import attrs

from osms_payroll.i18n import _

_AMOUNT_RE = re.compile(r"^\d+(\.\d{1,2})?$")

#: Rounding modes a parameter file may name, mapped to :mod:`decimal`'s constants.
ROUNDING_MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

ZERO = Decimal(0)


@attrs.frozen
class Rounding:
    """A rounding rule of the law: to a multiple of ``quantum`` tenge, by ``mode``."""

    quantum: Decimal
    mode: str  # a key of ROUNDING_MODES
    constant: str = attrs.field(init=False)

    @constant.default
    def _constant(self) -> str:
        return ROUNDING_MODES[self.mode]


def round_amount(value: Decimal, rule: Rounding) -> Decimal:
    """``value`` rounded as the law's ``rule`` says."""
    return value.quantize(rule.quantum, rounding=rule.constant)


class AmountError(ValueError):
    """An amount the contract cannot take; ``code`` is stable for machines, the message is the
    catalog's text of ``message_id`` (default: the code) in the user's language."""

    def __init__(self, code: str, message_id: str | None = None, **params: object) -> None:
        super().__init__(_(message_id or code, **params))
        self.code = code


def parse_amount(value: str | Decimal | int) -> Decimal:
    """Parse a tenge amount: non-negative, decimal point, at most two decimals (tiyn)."""
    if type(value) is Decimal:
        sign, _digits, exponent = value.as_tuple()
        if not sign and isinstance(exponent, int) and exponent >= -2:
            return value  # the common case, cheap: PayLine construction is on the hot path
    if isinstance(value, bool):
        raise AmountError("amount.format")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError("amount.format", "amount.infinite")
        if value < 0:
            raise AmountError("amount.negative")
        if value != value.quantize(Decimal("0.01"), rounding=decimal.ROUND_DOWN):  # legal-number-ok: tiyn, the currency unit
            raise AmountError("amount.precision")
        return value
    text = value.strip()
    if text.startswith("-"):
        raise AmountError("amount.negative")
    if not _AMOUNT_RE.match(text):
        if re.match(r"^\d+\.\d{3,}$", text):
            raise AmountError("amount.precision")
        raise AmountError("amount.format", "amount.text", text=f"«{text[:32]}»")
    return Decimal(text)


def format_amount(amount: Decimal) -> str:
    """Exact decimal text without exponent or trailing zeros: ``15000``, ``850000.5``.

    Written as text, not through ``normalize``: it is called for every amount of every person, and
    ``str`` (five times faster than ``format``) is exact unless it chose an exponent."""
    text = str(amount)
    if "E" in text:
        text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
