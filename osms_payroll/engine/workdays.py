"""Kazakhstan's days off, from the maintained ``holidays`` package rather than a hand-kept list.

The package encodes the law «О праздниках в РК» (its holidays by year, the weekend moves of
art. 5, 7 January and Курбан айт that do not move) and the Government's yearly transfer decrees;
what it lacks (which years' decrees it has, whether a year's Курбан айт is set) is law data,
read by :mod:`osms_payroll.engine.deadlines`. A day off keeps the package's English name (the
JSON says it so) and its reason in the catalogs' words: ``holiday.<id>`` names each holiday (the
package names Kazakhstan's holidays in English and Kazakh only, not Russian), ``weekday.<n>`` a
weekend day.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from functools import lru_cache

import attrs

from osms_payroll.i18n import Message, translations

WEEKEND = "weekend"
HOLIDAY = "holiday"
MOVED_HOLIDAY = "moved_holiday"
TRANSFER = "transfer"

_TRANSFER_NAME = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")
_ESTIMATED = "estimated)"
#: How the JSON names a day off a decree transferred, before the day it came from.
_TRANSFERRED = "day off transferred from "
#: The package's marks after a holiday's name: moved off a weekend, a date not yet set.
_MARKS = {" (observed)": "holiday.observed", " (estimated)": "holiday.estimated"}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def holiday_id(name: str) -> str:
    """The stable id of a holiday the package names in English: ``Nowruz Holiday`` → ``nowruz_holiday``."""
    return _NOT_WORD.sub("_", name.lower()).strip("_")


def holiday_words(name: str) -> str:
    """A holiday's name in the user's language (a :class:`Message`): the package's English name
    with its marks, or that name itself for a holiday the catalogs do not know yet."""
    for mark, code in _MARKS.items():
        if name.endswith(mark):
            return Message(code, name=holiday_words(name.removesuffix(mark)))
    code = f"holiday.{holiday_id(name)}"
    return Message(code) if translations("en").gettext(code) != code else name


@attrs.frozen
class DayOff:
    """One non-working day and why: a weekend, a holiday, a holiday moved off a weekend, a transfer."""

    day: date
    kind: str
    name: str
    #: The package estimates the date (an Islamic holiday not yet set for the year).
    estimated: bool = False

    @property
    def reason(self) -> str:
        """Why the day is off, a :class:`Message` (English text, said in the user's language)."""
        if self.kind == WEEKEND:
            return Message(f"weekday.{self.day.weekday()}")
        if self.kind == TRANSFER:
            return Message("dayoff.transfer", date=self.name.removeprefix(_TRANSFERRED))
        code = "dayoff.moved" if self.kind == MOVED_HOLIDAY else "dayoff.holiday"
        return Message(code, name=self._names())

    def _names(self) -> str:
        names = [holiday_words(name) for name in self.name.split(", ")]
        joined = names[0]
        for name in names[1:]:
            joined = Message("dayoff.and", left=joined, right=name)
        return joined

    def to_dict(self) -> dict[str, str | bool]:
        return {"date": self.day.isoformat(), "kind": self.kind, "name": self.name, "estimated": self.estimated, "reason": self.reason}


def _transfer_name(name: str) -> str | None:
    match = _TRANSFER_NAME.match(name)
    if match is None:
        return None
    month, day, year = match.groups()
    return f"{_TRANSFERRED}{day}.{month}.{year}"


class WorkCalendar:
    """Which days are not working days in Kazakhstan, each with its reason."""

    def __init__(self) -> None:
        import holidays  # on first use: importing it costs every other command a tenth of a second

        self._observed = holidays.country_holidays("KZ", language="en_US")
        self._law = holidays.country_holidays("KZ", language="en_US", observed=False)

    def day_off(self, day: date) -> DayOff | None:
        """The reason ``day`` is not a working day, or None for a working day (a worked Saturday too)."""
        if self._observed.is_working_day(day):
            return None
        names = self._observed.get_list(day)
        estimated = any(name.endswith(_ESTIMATED) for name in names)
        for name in names:
            transfer = _transfer_name(name)
            if transfer is not None:
                return DayOff(day, TRANSFER, transfer)
        law_names = self._law.get_list(day)
        if law_names:
            return DayOff(day, HOLIDAY, ", ".join(law_names), estimated)
        if names:
            return DayOff(day, MOVED_HOLIDAY, ", ".join(names), estimated)
        return DayOff(day, WEEKEND, day.strftime("%A"))

    def estimated_in(self, year: int, month: int) -> list[DayOff]:
        """The package's estimated (not yet set) days off of a month."""
        days = (date(year, month, n) for n in range(1, monthrange(year, month)[1] + 1))
        return [DayOff(day, HOLIDAY, name, estimated=True) for day in days for name in self._observed.get_list(day) if name.endswith(_ESTIMATED)]


@lru_cache(maxsize=1)
def kazakh_calendar() -> WorkCalendar:
    """The calendar, built once per process (the package computes each year on first use)."""
    return WorkCalendar()
