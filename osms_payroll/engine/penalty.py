"""The penalty (пеня) on a late ООСМС or ВОСМС payment, Law № 405-V art. 31 p.1.

Each day from the day after the due date through the payment day inclusive costs the law's
multiple (1,25) of the National Bank's rate in force that day, divided by the day count, on the
amount of the payment order; the sum is rounded once (a decision: the law sets no rounding).
Consecutive days at the same rate under the same wording form one segment. Pure: dates come
in, the law data is passed, no clock is asked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from osms_payroll.engine.corrections import Listed
from osms_payroll.engine.deadlines import PAYERS, Deadline
from osms_payroll.engine.model import PersonMonth
from osms_payroll.engine.result import Contribution, PaymentRule, Result
from osms_payroll.i18n import Amount, Message, date_text
from osms_payroll.ids import iin as iin_id
from osms_payroll.law import ParameterMissing, Params, ParamValue
from osms_payroll.law.payments import payments
from osms_payroll.money import ZERO, format_amount, round_amount
from osms_payroll.period import Period

#: The payments table's engine of the penalty kinds (each levied on the payment its
#: ``category_column`` names).
ENGINE = "penalty"
KIND_NAMES = {"oosms": "ООСМС (отчисления)", "vosms": "ВОСМС (взносы)"}

_RATE = "nbk.base_rate"
_SHOWN = Decimal("0.01")  # legal-number-ok: tiyn, how an unrounded segment amount is shown
_CITATION = "Закон № 405-V «Об ОСМС», ст. 31 п.1"


@attrs.frozen
class Segment:
    """Consecutive days of delay charged at one rate under one wording of the law."""

    first: date
    last: date
    rate: Decimal
    #: The base-rate values in force on these days (one, or several confirming the same level).
    rates: tuple[ParamValue, ...]
    multiplier: ParamValue
    day_count: ParamValue
    #: Unrounded: the penalty is the sum of the segments, rounded once.
    amount: Decimal

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "days": self.days,
            "rate": str(self.rate),
            "multiplier": format_amount(self.multiplier.decimal),
            "day_count": format_amount(self.day_count.decimal),
            "amount": format_amount(self.amount.quantize(_SHOWN, ROUND_HALF_UP)),
            "rate_sources": [{"ref": v.ref, "source": v.source, "confidence": v.confidence} for v in self.rates],
            "wording": self.multiplier.source,
        }


@attrs.frozen
class Penalty:
    """The penalty on one late payment, with the days, rates and law it rests on."""

    kind: str
    #: The penalty's own payment kind (``oosms_penalty``), paid by its own order.
    payment: str
    period: Period
    payer: str
    amount: Decimal
    due: date
    paid: date
    segments: tuple[Segment, ...]
    penalty: Decimal
    #: What the figure is: how it was computed, or why it is 0.
    reason: Message
    knp: ParamValue | None
    used: tuple[ParamValue, ...]
    warnings: tuple[str, ...]
    #: The due date as computed from the calendar (None when the caller gave it).
    deadline: Deadline | None = None

    @property
    def days(self) -> int:
        return sum(segment.days for segment in self.segments)

    @property
    def unrounded(self) -> Decimal:
        return sum((segment.amount for segment in self.segments), ZERO)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "payment": self.payment,
            "knp": None if self.knp is None else self.knp.text,
            "period": str(self.period),
            "payer": self.payer,
            "amount": format_amount(self.amount),
            "due": self.due.isoformat(),
            "due_moved_past": [] if self.deadline is None else [off.to_dict() for off in self.deadline.moved_past],
            "paid": self.paid.isoformat(),
            "days": self.days,
            "segments": [segment.to_dict() for segment in self.segments],
            "unrounded": format_amount(self.unrounded.quantize(_SHOWN, ROUND_HALF_UP)),
            "penalty": format_amount(self.penalty),
            "reason": self.reason,
            "citation": _CITATION,
            "parameters": [value.to_dict() for value in self.used],
            "warnings": list(self.warnings),
        }


def compute_penalty(
    kind: str,
    amount: Decimal,
    period: Period,
    paid: date,
    params: Params,
    *,
    due: date,
    payer: str = "employer",
    deadline: Deadline | None = None,
    reuse_last_known: bool = False,
) -> Penalty:
    """The penalty on ``amount`` of ``period``'s ``kind`` (oosms or vosms) due ``due``, paid ``paid``.

    Raises :class:`~osms_payroll.law.ParameterMissing` for a day of delay without a known rate
    (unless ``reuse_last_known``: the last known rate is used and said), and ValueError for a
    kind or payer the law does not know.
    """
    if payer not in PAYERS:
        raise ValueError(f"payer must be one of {', '.join(PAYERS)}, got {payer!r}")
    if kind == "oosms" and payer != "employer":
        raise ValueError("ООСМС (отчисления) is paid by employers only; a payer for themselves pays ВОСМС")
    first_late = due + timedelta(days=1)
    of_period = params.at(period, reuse_last_known=reuse_last_known)
    levied = {p.category_column: p for p in payments(of_period, engine=ENGINE)}
    if kind not in levied:
        raise ValueError(f"kind must be one of {', '.join(levied)}, got {kind!r}")
    payment = levied[kind]
    knp = of_period[payment.knp] if payment.knp in of_period else None
    inherited = () if deadline is None else deadline.warnings

    def result(segments: tuple[Segment, ...], penalty: Decimal, reason: Message, used: tuple[ParamValue, ...], warnings: tuple[str, ...]) -> Penalty:
        return Penalty(kind, payment.kind, period, payer, amount, due, paid, segments, penalty, reason, knp, used, warnings, deadline)

    not_charged = params.at(Period.of(first_late), reuse_last_known=reuse_last_known)["penalty.not_charged"]
    if payer in not_charged.items:
        reason = Message("penalty.reason.not_charged", payer=payer)
        return result((), ZERO, reason, (not_charged,), inherited)
    if paid <= due:
        reason = Message("penalty.reason.on_time", paid=date_text(paid), due=date_text(due))
        return result((), ZERO, reason, (), inherited)
    segments, reused = _segments(amount, first_late, paid, params, reuse_last_known)
    snapshot = params.at(Period.of(paid), reuse_last_known=reuse_last_known)
    rounding = snapshot["penalty.rounding"]
    rules = (snapshot["penalty.days"], snapshot["penalty.daily_rate"], rounding)
    unrounded = sum((segment.amount for segment in segments), ZERO)
    penalty = round_amount(unrounded, rounding.rounding)
    used: dict[ParamValue, None] = dict.fromkeys(rules)
    for segment in segments:
        used.update(dict.fromkeys((*segment.rates, segment.multiplier, segment.day_count)))
    if knp is not None:
        used[knp] = None
    warnings = [*inherited, *reused, *params.warnings_for(used)]
    reason = Message(
        "penalty.reason.computed", days=sum(s.days for s in segments), first=date_text(first_late), paid=date_text(paid),
        unrounded=Amount(unrounded.quantize(_SHOWN, ROUND_HALF_UP)), penalty=Amount(penalty),
    )
    return result(tuple(segments), penalty, reason, tuple(used), tuple(dict.fromkeys(warnings)))


def _segments(amount: Decimal, first: date, last: date, params: Params, reuse_last_known: bool) -> tuple[list[Segment], list[str]]:
    """Group the days ``first``..``last`` by (rate, wording, day count) and charge each group."""
    segments: list[Segment] = []
    notes: list[str] = []
    for piece in _pieces(first, last, params, reuse_last_known, notes):
        previous = segments[-1] if segments else None
        if previous is not None and (previous.rate, previous.multiplier, previous.day_count) == (piece.rate, piece.multiplier, piece.day_count):
            piece = Segment(
                previous.first, piece.last, piece.rate, tuple(dict.fromkeys((*previous.rates, *piece.rates))),
                piece.multiplier, piece.day_count, ZERO,
            )
            segments.pop()
        segments.append(attrs.evolve(piece, amount=_charge(amount, piece)))
    return segments, list(dict.fromkeys(notes))


def _charge(amount: Decimal, segment: Segment) -> Decimal:
    return amount * segment.days * segment.multiplier.decimal * segment.rate.scaleb(-2) / segment.day_count.decimal


def _pieces(first: date, last: date, params: Params, reuse_last_known: bool, notes: list[str]) -> Iterator[Segment]:
    """The days of delay cut where the rate or the month (and so the wording) changes."""
    rate_parameter = params.parameters.get(_RATE)
    if rate_parameter is None:
        raise ParameterMissing(_RATE, Period.of(first), None)
    known_until = rate_parameter.values[-1].last_day or date.max
    day = first
    while day <= last:
        if day > known_until and reuse_last_known:
            rate = rate_parameter.values[-1]
            rate_until = date.max
            notes.append(Message("penalty.base_rate_reused", known=date_text(known_until), rate=rate.decimal, ref=rate.ref))
        else:
            rate = params.value_on(_RATE, day)
            rate_until = rate.last_day or Period.of(day).last_day
        month = Period.of(day)
        snapshot = params.at(month, reuse_last_known=reuse_last_known)
        if snapshot.reused_from is not None:
            notes.append(Message("penalty.reused", end=snapshot.reused_from))
        end = min(last, rate_until, month.last_day)
        yield Segment(day, end, rate.decimal, (rate,), snapshot["penalty.multiplier"], snapshot["penalty.day_count"], ZERO)
        day = end + timedelta(days=1)


_SHARE = Decimal("0.01")  # legal-number-ok: tiyn, the smallest amount a bank list takes


def allocate(penalty: Decimal, amounts: Sequence[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    """Split a penalty over the persons of the late order in proportion to their amounts.

    Shares are whole tiyn by the largest remainder (ties in list order), so they add up to the
    penalty exactly; a person whose share is 0 is left out (a bank list takes no zero line).
    """
    total = sum((amount for _, amount in amounts), ZERO)
    if not penalty or not total:
        return []
    exact = [(key, penalty * amount / total) for key, amount in amounts]
    floors = [(key, share.quantize(_SHARE, ROUND_DOWN)) for key, share in exact]
    left = int((penalty - sum((share for _, share in floors), ZERO)) / _SHARE)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - floors[i][1]), i))
    bumped = set(order[:left])
    shares = [(key, share + _SHARE if index in bumped else share) for index, (key, share) in enumerate(floors)]
    return [(key, share) for key, share in shares if share]


_RATE_SHOWN = Decimal("1E-6")  # legal-number-ok: how finely the order's effective rate is printed


def penalty_lines(penalties: Sequence[Penalty], persons: Sequence[Listed], params: Params) -> list[Result]:
    """The persons of the penalty orders: each person of the late orders with their share.

    A penalty is computed on the order (a decision, osms-rules §7a); its order's list names the
    persons of the late order, each with the share of the penalty their amount bears (whole
    tiyn, :func:`allocate`), so the list adds up to the penalty exactly. The contribution's base
    is the person's late amount and its rate the order's penalty per tenge late.
    """
    shares: dict[str, dict[str, Contribution]] = {}
    for item in penalties:
        if not item.penalty or item.knp is None:
            continue
        rounding = next(v for v in item.used if v.param_id == "penalty.rounding")
        late = {p.iin: p.amounts.get(item.kind, ZERO) for p in persons}
        rule = PaymentRule(
            item.payment, item.knp.text, None, (item.penalty / item.amount).quantize(_RATE_SHOWN, ROUND_HALF_UP),
            None, ZERO, False, None, rounding.rounding, item.used,
        )
        for iin, share in allocate(item.penalty, [(iin, amount) for iin, amount in late.items() if amount > 0]):
            shares.setdefault(iin, {})[item.payment] = Contribution(rule, late[iin], None, late[iin], share)
    results: list[Result] = []
    if not shares:
        return results
    warnings = tuple(dict.fromkeys(w for item in penalties for w in item.warnings))
    period = penalties[0].period
    for person in persons:
        if person.iin not in shares:
            continue
        month = PersonMonth(person.iin, period, person.category, person.full_name, person.gross, ZERO, ZERO, ())
        category = params.value(f"category.{person.category}", period)
        results.append(Result(month, shares[person.iin], None, category, warnings, iin_id.birth_date_unchecked(person.iin)))
    return results
