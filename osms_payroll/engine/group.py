"""Group pay lines into person-months; salary and bonus on two lines are one person-month."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from osms_payroll.i18n import Message
from osms_payroll.issues import Issue
from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.ids import mask
from osms_payroll.period import Period


@attrs.frozen
class Rejection:
    """A person-month (or an input row) that was not computed, and why; its lines are kept so nothing is lost.

    A row that could not be read travels in the same stream as the lines, as a rejection with no
    lines: ``iin`` and ``period`` are set when the row still tells whose month it is (that
    person-month is then rejected whole), None when it does not.
    """

    iin: str | None
    period: Period | None
    issues: tuple[Issue, ...]
    lines: tuple[PayLine, ...] = ()

    @property
    def rows(self) -> int:
        """Input rows this rejection stands for: its lines, or the one unreadable row."""
        return len(self.lines) or 1


def _conflicts(lines: tuple[PayLine, ...]) -> list[Issue]:
    issues: list[Issue] = []
    first = lines[0]
    who = f"ИИН {mask(first.iin)}, {first.period}"
    for line in lines[1:]:
        if line.category != first.category:
            issues.append(
                Issue(
                    "category.conflict",
                    Message("group.category_conflict", who=who, category=repr(line.category), first=repr(first.category), where=str(first.source)),
                    line.source,
                    "category",
                )
            )
    others = {line.vosms_other_income for line in lines if line.vosms_other_income}
    if len(others) > 1:
        issues.append(
            Issue(
                "vosms_other_income.conflict",
                Message("group.other_income_conflict", who=who),
                lines[-1].source,
                "vosms_other_income",
            )
        )
    return issues


def _incomplete(iin: str, period: Period, group: tuple[PayLine, ...]) -> Rejection:
    message = Message("group.incomplete", who=f"ИИН {mask(iin)}, {period}")
    return Rejection(iin, period, tuple(Issue("person_month.incomplete", message, line.source) for line in group), group)


def group_lines(lines: Iterable[PayLine | Rejection]) -> Iterator[PersonMonth | Rejection]:
    """Yield one item per (ИИН, period) in first-seen order, after each row rejection in the input.

    A rejected row of a known person-month blocks it: computing it from the remaining lines would
    understate the amount, so it is rejected whole. Row rejections pass through as they arrive;
    the person-months follow once every line is in (a later line may still join a month).
    """
    # One PayLine per key until a second line arrives: most person-months have a single line.
    groups: dict[tuple[str, Period], PayLine | list[PayLine]] = {}
    blocked: set[tuple[str | None, Period | None]] = set()
    for line in lines:
        if isinstance(line, Rejection):
            if line.iin is not None and line.period is not None:
                blocked.add((line.iin, line.period))
            yield line
            continue
        key = (line.iin, line.period)
        group = groups.get(key)
        if group is None:
            groups[key] = line
        elif isinstance(group, list):
            group.append(line)
        else:
            groups[key] = [group, line]
    for (iin, period), entry in groups.items():
        lines_of = tuple(entry) if isinstance(entry, list) else (entry,)
        if blocked and (iin, period) in blocked:
            yield _incomplete(iin, period, lines_of)
            continue
        issues = _conflicts(lines_of) if len(lines_of) > 1 else None
        if issues:
            yield Rejection(iin, period, tuple(issues), lines_of)
        else:
            yield PersonMonth.from_lines(lines_of)
