"""Reconciling the ООСМС/ВОСМС a sheet already holds (1C exports carry them) with ours, per person.

Each difference gets a reason: ``category`` (one side says nothing is due), ``rounding`` (within
one rounding quantum), ``rate`` (the sheet's amount is the base times a rate in force in another
period), ``cap`` (our base was capped and the sheet's was not, or the other way round), or ``base``
(none of those: the sheet counted a different base — other lines, exclusions, a floor).
A sheet without those columns is not touched: :meth:`Reconciler.of` returns None.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from osms_payroll.i18n import Message, _, say
from osms_payroll.issues import Issue, IssueLog, Location
from osms_payroll.engine.result import Contribution, Result
from osms_payroll.law import Params
from osms_payroll.money import ZERO, AmountError, format_amount, parse_amount, round_amount
from osms_payroll.period import Period
from osms_payroll.intake.records import reported_fields
from osms_payroll.intake.rows import RowSource, SourceRow

REASONS = ("category", "rounding", "rate", "cap", "base")
_NAMES = {"oosms": "ООСМС", "vosms": "ВОСМС"}


@attrs.frozen
class Difference:
    """One payment of one person-month where the sheet and we disagree, and why."""

    iin: str
    period: Period
    payment: str
    sheet: Decimal
    ours: Decimal
    reason: str
    message: str
    cells: tuple[str, ...]
    location: Location | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "iin": self.iin,
            "period": str(self.period),
            "payment": self.payment,
            "sheet": format_amount(self.sheet),
            "ours": format_amount(self.ours),
            "difference": format_amount(self.sheet - self.ours) if self.sheet >= self.ours else "-" + format_amount(self.ours - self.sheet),
            "reason": self.reason,
            "message": self.message,
            "cells": list(self.cells),
            "row": None if self.location is None else self.location.row,
        }


def classify(contribution: Contribution, sheet: Decimal, params: Params, period: Period, category: str) -> tuple[str, Message]:
    """The reason code and an explanation for ``sheet`` differing from ``contribution.amount``."""
    rule = contribution.rule
    ours = contribution.amount
    quantum = rule.rounding.quantum
    name = _NAMES.get(rule.payment, rule.payment)
    if contribution.not_due in ("exempt", "category"):
        return "category", Message("reconcile.not_due", payment=name, reason=contribution.reason, sheet=format_amount(sheet))
    if contribution.not_due == "no_rate":
        return "rate", Message("reconcile.no_rate", payment=name, period=period, reason=contribution.reason)
    if sheet == 0:
        return "category", Message("reconcile.sheet_none", payment=name, category=repr(category), ours=format_amount(ours))
    product = {"base": format_amount(contribution.base), "rate": rule.rate, "ours": format_amount(ours)}
    if abs(sheet - ours) <= quantum:
        return "rounding", Message("reconcile.rounding", quantum=format_amount(quantum), **product)
    rates = params.parameters.get(f"{rule.scheme}.rate") if rule.scheme else None
    if rates is not None and contribution.base > 0:
        for value in rates.values:
            rate = value.decimal
            if rate and rate != rule.rate and abs(round_amount(contribution.base * rate, rule.rounding) - sheet) <= quantum:
                return "rate", Message(
                    "reconcile.other_rate", sheet_rate=rate, start=value.start, end=value.end, period=period, payment=name, **product
                )
    if contribution.base < contribution.base_before_cap:
        uncapped = round_amount(contribution.base_before_cap * rule.rate, rule.rounding)
        code = "reconcile.cap_not_applied" if abs(uncapped - sheet) <= quantum else "reconcile.cap_not_reflected"
        return "cap", Message(code, uncapped=format_amount(contribution.base_before_cap), **product)
    if rule.cap is not None and rule.rate and sheet < ours:
        implied = (sheet / rule.rate).quantize(quantum)
        return "cap", Message(
            "reconcile.cap_other", rate=rule.rate, implied=format_amount(implied), base=format_amount(contribution.base),
            cap=format_amount(rule.cap),
        )
    code = "reconcile.base_floor" if contribution.floor_applied else "reconcile.base"
    return "base", Message(code, base=format_amount(contribution.base))

class Reconciler:
    """Remembers the sheet's own amounts as rows pass, and compares them as a sink of the results."""

    def __init__(self, params: Params, fields: tuple[str, ...]) -> None:
        self.params = params
        self.fields = fields
        self.differences: list[Difference] = []
        self._reported: dict[Location, tuple[SourceRow, dict[str, Decimal]]] = {}

    @classmethod
    def of(cls, source: RowSource, params: Params) -> Reconciler | None:
        """A reconciler when the sheet has its own ООСМС/ВОСМС columns, else None."""
        fields = reported_fields(source.layout)
        return cls(params, fields) if fields else None

    def rows(self, rows: Iterable[SourceRow], log: IssueLog) -> Iterator[SourceRow]:
        """The rows passed on; a sheet amount that cannot be read is a warning in ``log``."""
        for row in rows:
            amounts: dict[str, Decimal] = {}
            for field in self.fields:
                text = row.values.get(field)
                if text is None:
                    continue
                try:
                    amounts[field] = parse_amount(text)
                except AmountError as exc:
                    log.warn(Issue(
                        "reconcile.unreadable",
                        _("reconcile.unreadable", payment=_NAMES[field], reason=exc),
                        row.location, field, row.cells.get(field),
                    ))
            if amounts:
                self._reported[row.location] = (row, amounts)
            yield row

    def add(self, result: Result) -> None:
        """Compare one result with the sheet's amounts of its rows (a difference is kept with its reason)."""
        person = result.person
        seen = [self._reported.pop(line.source) for line in person.lines if line.source in self._reported]
        if not seen:
            return
        for field in self.fields:
            stated = [amounts[field] for _row, amounts in seen if field in amounts]
            if not stated:
                continue
            sheet = sum(stated, ZERO)
            contribution: Contribution = getattr(result, field)
            if sheet == contribution.amount:
                continue
            reason, message = classify(contribution, sheet, self.params, person.period, person.category)
            sheet_name = seen[0][0].location.sheet
            cells = tuple(
                f"{sheet_name}!{row.cells[field]}" if sheet_name else row.cells[field]
                for row, amounts in seen
                if field in amounts and field in row.cells
            )
            self.differences.append(
                Difference(person.iin, person.period, field, sheet, contribution.amount, reason, message, cells, seen[0][0].location)
            )


def note_lines(differences: Iterable[Difference]) -> list[str]:
    """The reconciliation as lines for a terminal table (a count by reason, then each difference)."""
    items = list(differences)
    if not items:
        return [_("reconcile.all_match")]
    counts = {reason: sum(1 for d in items if d.reason == reason) for reason in REASONS}
    summary = ", ".join(_(f"reconcile.reason.{reason}", count=count) for reason, count in counts.items() if count)
    lines = [_("reconcile.summary", count=len(items), summary=summary)]
    for d in items:
        where = ", ".join(d.cells) or (str(d.location) if d.location else "")
        lines.append("  " + _(
            "reconcile.line", iin=d.iin, period=d.period, payment=_NAMES[d.payment], sheet=format_amount(d.sheet),
            ours=format_amount(d.ours), reason=d.reason, where=where, message=say(d.message),
        ))
    return lines
