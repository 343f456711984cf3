"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from osms_payroll.ids._checksum import calc_check_digit

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI speaks the locale's language when not told; tests pin a locale that names none, so
    every command speaks the default (Russian) unless a test sets ``--lang`` or ``LANG`` itself."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def iin_for(born: date, male: bool = True, serial: int = 1) -> str:
    """A valid ИИН for a birth date: the first serial from ``serial`` on that has a check digit."""
    century = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (0 if male else 1)
    while True:
        head = f"{born:%y%m%d}{century}{serial:04d}"
        check = calc_check_digit(head)
        if check is not None:
            return head + str(check)
        serial += 1


@pytest.fixture
def make_iin() -> Callable[..., str]:
    return iin_for


@pytest.fixture
def golden_csv() -> Path:
    return DATA / "osms-cases.csv"
