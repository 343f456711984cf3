"""A pay period is one calendar month: the unit every ОСМС amount is computed and rounded for."""

from __future__ import annotations

import calendar
import re
from datetime import date

import attrs

from osms_payroll.i18n import _

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period string that is not a real ``YYYY-MM`` month."""

    code = "period.format"


@attrs.frozen(eq=True, order=False, cache_hash=True)
class Period:
    """Ordered by time. The comparisons are written out: every lookup of the law compares periods,
    and attrs' generated ones build each tuple through a generator in Python."""

    year: int
    month: int = attrs.field()

    def __lt__(self, other: Period) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        return (self.year, self.month) < (other.year, other.month)

    def __le__(self, other: Period) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        return (self.year, self.month) <= (other.year, other.month)

    def __gt__(self, other: Period) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        return (self.year, self.month) > (other.year, other.month)

    def __ge__(self, other: Period) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        return (self.year, self.month) >= (other.year, other.month)

    @month.validator
    def _check_month(self, _attribute: object, value: int) -> None:
        if not 1 <= value <= 12:  # legal-number-ok: months of a year
            raise PeriodError(_("period.bad_month", month=value))

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``YYYY-MM`` (the only spelling the contract accepts, so files sort and diff well)."""
        match = _PERIOD_RE.match(text.strip())
        if match is None:
            raise PeriodError(_("period.bad_form", text=repr(text)))
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
