"""One input through the core, one way: ``read_lines(rows) → calculate_many(...)``, then the screen.

:func:`read_lines` turns rows into pay lines, or into rejections that travel in the same stream
(nothing is set aside for the engine to read back); :func:`compute` runs them through the
calculator and the screen and hands on results and rejections alike, for
:func:`~osms_payroll.engine.tally.fan_out` to fold into the totals and the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from osms_payroll.i18n import _
from osms_payroll.intake.contract import ParsedRow, parse_row
from osms_payroll.engine.group import Rejection
from osms_payroll.issues import Issue
from osms_payroll.engine.model import PayLine
from osms_payroll.engine.osms import ENGINE, MINOR, PersonCalculator
from osms_payroll.law.payments import kinds
from osms_payroll.engine.result import Result
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.intake.rows import SourceRow


#: Problems that reject one computed person (empty: the person goes on).
Screen = Callable[[Result], Sequence[Issue]]


def payment_kinds(calculator: PersonCalculator) -> tuple[str, ...]:
    """The payment kinds the calculator's results carry, in payments-table order (what totals name)."""
    return tuple(kinds(calculator.params, engine=ENGINE))


def compute(
    rows: Iterable[SourceRow], calculator: PersonCalculator, *, default_period: Period | None = None,
    from_net: bool = False, only_period: Period | None = None, screen: Screen | None = None,
) -> Iterator[Result | Rejection]:
    """Every computed result, and every rejection, in one stream.

    ``from_net`` reads each row's ``net`` instead of its ``gross`` (a gross-up calculator's input);
    ``only_period`` rejects rows of any other month (a remittance run covers one month).
    ``screen`` (e.g. the bank's, :class:`~osms_payroll.remit.mt102.screen.BankScreen`) returns the
    problems that reject one computed person: that person becomes a rejection of their rows,
    everyone else goes on.
    """
    lines = read_lines(rows, calculator.params, default_period=default_period, from_net=from_net, only_period=only_period)
    for item in calculator.calculate_many(lines):
        if screen is None or isinstance(item, Rejection):
            yield item
            continue
        problems = screen(item)
        person = item.person
        yield Rejection(person.iin, person.period, tuple(problems), person.lines) if problems else item


def read_lines(
    rows: Iterable[SourceRow], params: Params, *, default_period: Period | None = None, from_net: bool = False,
    only_period: Period | None = None,
) -> Iterator[PayLine | Rejection]:
    """Each row as a :class:`PayLine`, or as a :class:`Rejection` carrying its located issues.

    ``from_net`` reads ``net`` instead of ``gross``; ``only_period`` rejects rows of any other month.
    """
    categories = {
        pid.split(".", 1)[1] for pid in params.parameters if pid.startswith("category.") and pid != f"category.{MINOR}"
    }
    for row in rows:
        parsed = parse_row(row, default_period, categories, from_net=from_net)
        line = parsed.line
        if line is not None and only_period not in (None, line.period):
            message = _("period.other", period=line.period, run=only_period)
            issue = Issue("period.other", message, row.location, "period", row.cells.get("period"))
            parsed = ParsedRow(None, (issue,), parsed.key)
        if parsed.line is not None:
            yield parsed.line
            continue
        iin, period = parsed.key if parsed.key is not None else (None, None)
        yield Rejection(iin, period, parsed.issues)
