"""Made-up but valid ИИН for the benchmarks (adults born 1950–1999, a valid check digit)."""

from __future__ import annotations

import random

from osms_payroll.ids._checksum import calc_check_digit


def make_iin(rng: random.Random) -> str:
    while True:
        head = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.choice('34')}{rng.randint(0, 9999):04d}"
        digit = calc_check_digit(head)
        if digit is not None:
            return head + str(digit)
