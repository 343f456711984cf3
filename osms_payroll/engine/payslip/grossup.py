"""Gross-up: the gross that gives a wanted net pay, found exactly on the money grid.

Net = gross − ОПВ − ВОСМС − ИПН, each rounded, so to the tenge the net is only nearly monotone:
when ОПВ and ВОСМС round up on the same tenge the net can fall by a tenge. The exact
(unrounded) net does not fall, and the rounded one strays from it by at most ``q/2`` for each
of the three withheld payments plus ``q/2`` for each rounded payment inside the ИПН base (ОПВ and
ВОСМС), ``q`` being the rounding quantum. So the search brackets the answer by bisection with
that slack on both sides and then walks the bracket step by step: the first gross whose net is
the asked one wins; if none is, the one whose net is nearest above. The only place the exact net
itself falls is the limit of the 90 % ИПН adjustment, so the search treats each side apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from osms_payroll.engine.group import Rejection
from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.engine.osms import each_person
from osms_payroll.engine.payslip.calculator import PayslipCalculator
from osms_payroll.engine.payslip.lines import PayslipInputError
from osms_payroll.engine.payslip.result import Payslip
from osms_payroll.engine.result import Result
from osms_payroll.i18n import Message, _
from osms_payroll.ids import mask
from osms_payroll.law import Params
from osms_payroll.money import ZERO, format_amount

#: Payments rounded on the way from gross to net, and the rounded payments inside the ИПН base
#: (СО count where they are withheld, the ГПХ contractor's from 2026).
WITHHELD = ("opv", "vosms", "ipn", "so")
IN_IPN_BASE = ("opv", "vosms", "so")


class GrossUpError(PayslipInputError):
    """No gross gives the asked net under these rules (they take almost all of any gross)."""


@attrs.frozen(slots=False)  # same layout as Payslip
class GrossUp(Payslip):
    """A payslip found from the net asked for; ``exact`` is False when no gross on the grid
    gives that net and this is the payslip with the nearest net above it."""

    net_asked: Decimal
    exact: bool

    @property
    def message(self) -> str | None:
        if self.exact:
            return None
        return Message(
            "payslip.grossup_inexact", net_asked=format_amount(self.net_asked), net=format_amount(self.net), gross=format_amount(self.gross),
        )

    def to_dict(self, *, citations: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in super().to_dict(citations=citations).items():
            out[key] = value
            if key == "net":
                out["net_asked"] = format_amount(self.net_asked)
                out["net_exact"] = self.exact
        return out


def _search(
    net_at: Callable[[int], Decimal], low: int, high: int | None, net: Decimal, slack: Decimal, limit: int
) -> tuple[int | None, int | None]:
    """(grid index of the first gross whose net is ``net``, index of the nearest net above) in
    [low, high]; ``high`` None means unbounded, searched up to ``limit``."""
    if high is None:
        high = low
        while net_at(high) < net + slack:
            if high > limit:
                return None, None
            high = (high << 1) + 1
    elif net_at(high) < net - slack:
        return None, None  # the whole side stays below the asked net
    first, last = low, high
    while first < last:  # the first index whose net reaches the bracket
        middle = (first + last) >> 1
        if net_at(middle) >= net - slack:
            last = middle
        else:
            first = middle + 1
    above = None
    for index in range(first, high + 1):
        got = net_at(index)
        if got == net:
            return index, None
        if got > net and (above is None or got < net_at(above)):
            above = index
        if got > net + slack:
            break
    return None, above


class GrossUpCalculator:
    """Payslips of person-months given by their net (every line carries ``net``), searched with
    a payslip calculator."""

    def __init__(self, params: Params, *, reuse_last_known: bool = False) -> None:
        self.payslips = PayslipCalculator(params, reuse_last_known=reuse_last_known)
        self.params = params

    def calculate_many(self, lines: Iterable[PayLine | Rejection]) -> Iterator[Result | Rejection]:
        """Group ``lines`` per person-month and gross each up; a failure rejects that person only."""
        return each_person(lines, self.from_net, self.payslips.rejectable)

    def from_net(self, person: PersonMonth) -> GrossUp:
        """The payslip whose net is the sum of the person-month's nets."""
        if any(line.net is None for line in person.lines):
            raise PayslipInputError(
                "net.missing", "net", _("net.missing", who=f"ИИН {mask(person.iin)}, {person.period}")
            )
        return self.gross_up(person.lines[0], sum((line.net or ZERO for line in person.lines), ZERO), full_name=person.full_name)

    def gross_up(self, line: PayLine, net: Decimal, *, step: Decimal | None = None, full_name: str | None = None) -> GrossUp:
        """The payslip of ``line`` (its gross ignored) whose net is ``net``, searched on ``step``
        (default: the rounding quantum, whole tenge). Raises GrossUpError when out of reach."""
        quantum = self.payslips.quantum(line.period, line.category)
        step = step or quantum
        template = attrs.evolve(line, full_name=line.full_name if full_name is None else full_name, net=net)
        slips: dict[int, Payslip] = {}

        def slip_at(index: int) -> Payslip:
            found = slips.get(index)
            if found is None:
                found = slips[index] = self.payslips.payslip(PersonMonth.of(attrs.evolve(template, gross=step * index)))
            return found

        def net_at(index: int) -> Decimal:
            return slip_at(index).net

        slack = quantum * (len(WITHHELD) + len(IN_IPN_BASE))
        limit = int((net + slack) * 100 / step)  # a gross a hundred times the net: out of reach
        sides: list[tuple[int, int | None]] = []
        low = 0
        for drop in self.payslips.net_drops(template):
            sides.append((low, int(drop / step)))
            low = int(drop / step) + 1
        sides.append((low, None))
        least = int(max(net - slack, ZERO) / step)  # the net never exceeds the gross
        nearest: int | None = None
        for low, high in sides:
            if high is not None and high < least:
                continue
            exact, above = _search(net_at, max(low, least), high, net, slack, limit)
            if exact is not None:
                return self._result(slip_at(exact), net, True)
            if above is not None and (nearest is None or net_at(above) < net_at(nearest)):
                nearest = above
        if nearest is None:
            raise GrossUpError(
                "net.unreachable", "net", _("net.unreachable", who=f"ИИН {mask(line.iin)}, {line.period}", net=format_amount(net))
            )
        return self._result(slip_at(nearest), net, False)

    @staticmethod
    def _result(slip: Payslip, net: Decimal, exact: bool) -> GrossUp:
        fields = {field.name: getattr(slip, field.name) for field in attrs.fields(Payslip)}
        found = GrossUp(**fields, net_asked=net, exact=exact)
        if not exact:
            found = attrs.evolve(found, warnings=(*found.warnings, found.message or ""))
        return found
