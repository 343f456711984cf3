"""When ООСМС and ВОСМС are due: the law's day of the following month, moved past days off.

Law № 405-V art. 30 p.6 sets the day (the 25th) of the month after the month the income was
paid (employers) or after the reporting month (payers for themselves); Civil Code art. 175 moves
a deadline on a day off to the next working day. Pure: the calendar and the law data come in,
nothing is read and no clock is asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import attrs

from osms_payroll.engine.workdays import DayOff, WorkCalendar, holiday_words
from osms_payroll.i18n import Message, _, date_text, say
from osms_payroll.law import ParameterMissing, Params, ParamValue
from osms_payroll.law.schema import Payer
from osms_payroll.period import Period

#: Who pays (a voluntary payer has the deadline of a payer for themselves).
PAYERS = tuple(payer.value for payer in Payer)

_DAY_PARAM = {
    "employer": "deadline.employer.day_of_month",
    "self": "deadline.self.day_of_month",
    "voluntary": "deadline.self.day_of_month",
}
_MOVE_PARAM = "deadline.non_working_day"
_TRANSFERS = "calendar.transfer_decree"
_KURBAN = "calendar.kurban_ait"
#: Whose rule a payer follows (a voluntary payer's is a payer's for themselves).
_RULE_OF = {"employer": "employer", "self": "self", "voluntary": "self"}


@attrs.frozen
class Deadline:
    """The due date of one month's payments, with the days off it was moved past and why."""

    period: Period
    payer: str
    #: The law's day (the 25th of the following month) before any move.
    nominal: date
    due: date
    moved_past: tuple[DayOff, ...]
    used: tuple[ParamValue, ...]
    warnings: tuple[str, ...]

    @property
    def reason(self) -> str:
        """Why the due date is not the nominal day, in the user's language ("" when it is not moved)."""
        return "; ".join(f"{date_text(off.day)} {say(off.reason)}" for off in self.moved_past)

    @property
    def rule(self) -> str:
        """The rule the due date follows, a :class:`Message` (English in the JSON)."""
        return Message(f"deadline.rule.{_RULE_OF[self.payer]}", day=self.nominal.day)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": str(self.period),
            "payer": self.payer,
            "nominal": self.nominal.isoformat(),
            "due": self.due.isoformat(),
            "rule": self.rule,
            "moved_past": [off.to_dict() for off in self.moved_past],
            "parameters": [value.to_dict() for value in self.used],
            "warnings": list(self.warnings),
        }


def due_date(period: Period, payer: str, calendar: WorkCalendar, params: Params, *, reuse_last_known: bool = False) -> Deadline:
    """The due date of ``period``'s ООСМС/ВОСМС for ``payer`` (one of :data:`PAYERS`).

    Raises :class:`~osms_payroll.law.ParameterMissing` for a month the deadline rule does not
    cover (before July 2017, or past the data unless ``reuse_last_known``).
    """
    if payer not in PAYERS:
        raise ValueError(_("deadline.payer", payers=", ".join(PAYERS), payer=payer))
    snapshot = params.at(period, reuse_last_known=reuse_last_known)
    day_value = snapshot[_DAY_PARAM[payer]]
    following = Period.of(period.last_day + timedelta(days=1))
    nominal = following.first_day.replace(day=int(day_value.decimal))
    due, moved_past = nominal, []
    while (off := calendar.day_off(due)) is not None:
        moved_past.append(off)
        due += timedelta(days=1)
    used = [day_value]
    if moved_past:
        used.append(snapshot[_MOVE_PARAM])
    warnings = params.warnings_for(used)
    if snapshot.reused_from is not None:
        warnings.insert(0, Message("deadline.reused", end=snapshot.reused_from))
    warnings.extend(_calendar_gaps(nominal, due, calendar, params))
    return Deadline(period, payer, nominal, due, tuple(moved_past), tuple(used), tuple(dict.fromkeys(warnings)))


def year_deadlines(year: int, payer: str, calendar: WorkCalendar, params: Params, *, reuse_last_known: bool = False) -> list[Deadline]:
    """The due date of each month of ``year`` the deadline rule covers (none before July 2017).

    Raises :class:`~osms_payroll.law.ParameterMissing` (for the year's first month) when none is.
    """
    if payer not in PAYERS:
        raise ValueError(_("deadline.payer", payers=", ".join(PAYERS), payer=payer))
    param_id = _DAY_PARAM[payer]
    months = [Period(year, month) for month in range(1, 13)]
    covered = [m for m in months if param_id in params.at(m, reuse_last_known=reuse_last_known)]
    if not covered:
        parameter = params.parameters.get(param_id)
        raise ParameterMissing(param_id, months[0], None if parameter is None else parameter.covered)
    return [due_date(month, payer, calendar, params, reuse_last_known=reuse_last_known) for month in covered]


def _calendar_gaps(nominal: date, due: date, calendar: WorkCalendar, params: Params) -> Iterable[str]:
    """What the calendar does not know about the days the due date rests on."""
    for year in sorted({nominal.year, due.year}):
        month = Period(year, nominal.month if year == nominal.year else due.month)
        if params.has(_TRANSFERS, month):
            yield from params.warnings_for([params.value(_TRANSFERS, month)])
        else:
            yield Message("calendar.not_covered.transfers", year=year)
    for estimated in calendar.estimated_in(nominal.year, nominal.month):
        month = Period.of(estimated.day)
        if params.has(_KURBAN, month):
            yield from params.warnings_for([params.value(_KURBAN, month)])
        else:
            yield Message(
                "calendar.not_covered.estimate", holiday=holiday_words(estimated.name.removesuffix(" (estimated)")),
                year=estimated.day.year, day=date_text(estimated.day),
            )
