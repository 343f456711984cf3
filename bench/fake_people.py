"""Made-up but valid ИИН and БИН for the benchmarks (adults born 1950–1999, a valid check digit)."""

from __future__ import annotations

import random
from collections.abc import Callable

from osms_payroll.ids._checksum import calc_check_digit


def _checked(head: Callable[[], str]) -> str:
    """The first 11-digit head drawn that has a check digit, with it appended."""
    while True:
        drawn = head()
        digit = calc_check_digit(drawn)
        if digit is not None:
            return drawn + str(digit)


def make_iin(rng: random.Random) -> str:
    return _checked(lambda: f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.choice('34')}{rng.randint(0, 9999):04d}")


def make_bin(rng: random.Random) -> str:
    """A БИН of a legal entity (registered YYMM, type 4, head office 0, a serial, the check digit)."""
    return _checked(lambda: f"{rng.randint(5, 25):02d}{rng.randint(1, 12):02d}40{rng.randint(0, 99999):05d}")


SURNAMES = ("Ахметов", "Сулейменов", "Ким", "Жумабаев", "Оспанов", "Иванов", "Ли", "Нурланов", "Смирнов", "Байжанов")
GIVEN = ("Данияр", "Серик", "Сергей", "Марат", "Ерлан", "Павел", "Нурлан", "Арман", "Олег", "Тимур")
PATRONYMICS = ("Серикович", "Маратович", "Владимирович", "Ерланович", "Кайратович", "", "Игоревич", "Бакытович")


def make_name(rng: random.Random) -> str:
    """A full name the bank takes (letters only: a digit in a name is refused)."""
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {rng.choice(PATRONYMICS)}".strip()
