"""Check digit shared by ИИН and БИН.

Both identifiers end in the same mod-11 check digit, so the rule lives in
one place and is tested once.
"""

from __future__ import annotations

from operator import mul

__all__ = ["calc_check_digit"]

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def _weighted(digits: list[int], weights: tuple[int, ...]) -> int:
    total: int = sum(map(mul, digits, weights))
    return total % 11


def calc_check_digit(first11: str) -> int | None:
    """Return the check digit for the first 11 digits, or None if none exists.

    The first pass uses weights 1..11; a result of 10 is not a digit, so a
    second pass with weights 3..11,1,2 decides.  If that is 10 too, no
    twelfth digit can make the number valid.
    """
    if len(first11) != 11 or not (first11.isascii() and first11.isdigit()):
        raise ValueError("calc_check_digit needs exactly 11 ASCII digits")
    digits = list(map(int, first11))
    check = _weighted(digits, _FIRST_WEIGHTS)
    if check == 10:
        check = _weighted(digits, _SECOND_WEIGHTS)
    return None if check == 10 else check
