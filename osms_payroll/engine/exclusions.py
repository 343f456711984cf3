"""Pay lines outside the ОСМС object: each must carry a reason code valid for its period.

The codes are law data (``osms_exclusion.<code>`` parameters, one per reason, dated by the months
it applies to, each citing its article); a line marked excluded without a code, or with a code that
is not a reason in that period (severance from 2026, say), rejects the person-month naming the
codes that are.
"""

from __future__ import annotations

from osms_payroll.engine.model import PersonMonth
from osms_payroll.i18n import Message
from osms_payroll.ids import mask
from osms_payroll.law import Params, ParamValue, Snapshot

PREFIX = "osms_exclusion."


class ExclusionError(ValueError):
    """An excluded pay line without a reason valid for its period; ``column`` names the input."""

    column = "osms_exclusion"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def codes_for(params: Params, snap: Snapshot) -> list[str]:
    """The reason codes valid in the snapshot's period, each with the reason in the law data's words."""
    return [f"{pid[len(PREFIX):]} ({snap[pid].text})" for pid in sorted(params.parameters) if pid.startswith(PREFIX) and pid in snap]


def exclusion_reasons(params: Params, snap: Snapshot, person: PersonMonth) -> tuple[ParamValue, ...]:
    """The reasons of the person-month's excluded lines, each checked valid for its period."""
    reasons: dict[ParamValue, None] = {}
    who = f"ИИН {mask(person.iin)}, {person.period}"
    for line in person.lines:
        if not line.excluded:
            continue
        code = line.osms_exclusion
        if not code:
            raise ExclusionError("osms_exclusion.missing", Message("exclusion.missing", who=who, codes="; ".join(codes_for(params, snap))))
        if PREFIX + code not in snap:
            codes = "; ".join(codes_for(params, snap))
            if PREFIX + code in params.parameters:
                first, last = params.parameters[PREFIX + code].covered
                message = Message("exclusion.out_of_period", who=who, code=code, period=person.period, first=first, last=last, codes=codes)
            else:
                message = Message("exclusion.unknown", who=who, code=code, period=person.period, codes=codes)
            raise ExclusionError("osms_exclusion.unknown", message)
        reasons[snap[PREFIX + code]] = None
    return tuple(reasons)
