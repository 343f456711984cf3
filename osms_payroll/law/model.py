"""The rule set in memory: dated values with their citations, and snapshots rules read them through.

A value ends where the next begins; a parameter's last value ends at its own
``reviewed_through`` unless it says ``to``, so moving one parameter's review never extends
another's. A :class:`Recorder` is a snapshot that keeps every value a rule read, in order:
those are the rule's citations.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from enum import StrEnum
from pathlib import PurePath
from typing import Any, TypeVar

import attrs

from osms_payroll.i18n import Message, _, date_text, ngettext
from osms_payroll.law.schema import REFERENCES, Cited, Typed
from osms_payroll.money import Rounding
from osms_payroll.period import Period

CONFIDENCE_LEVELS = ("H", "M", "L")

E = TypeVar("E", bound=StrEnum)


class ParamsError(ValueError):
    """A parameter file that breaks the rules of the loader, naming the file and the key."""


class ParameterMissing(LookupError):
    """No value of a parameter is in force for the asked period."""

    code = "params.missing"

    def __init__(
        self,
        param_id: str,
        period: Period,
        covered: tuple[Period, Period] | None,
        reviewed_through: Period | None = None,
        day: datetime.date | None = None,
    ) -> None:
        self.param_id = param_id
        self.period = period
        self.covered = covered
        words: dict[str, object] = {"param": param_id, "period": period}
        if covered is None:
            message = "params.missing.empty"
        else:
            words.update(start=covered[0], end=covered[1])
            message = "params.missing.outside"
            if reviewed_through is not None and period > reviewed_through:
                words["reviewed"] = reviewed_through
                message = "params.missing.unreviewed"
        words["when"] = _("params.when.period", period=period) if day is None else _("params.when.day", day=date_text(day))
        super().__init__(_(message, **words))


class ReferenceMissing(ParameterMissing):
    """A period whose yearly reference values (МЗП, МРП) are not in the rule set: the message names
    each one missing and how to supply it."""

    def __init__(
        self, param_id: str, period: Period, missing: tuple[str, ...], reviewed_through: Period, also: Period | None = None
    ) -> None:
        message = reference_message(period, missing, reviewed_through)
        if also is not None:  # the asked parameter is missing too: supplying the yearly values alone would not do
            message += " " + _("params.reference_also", param=param_id, period=period, reviewed=also)
        LookupError.__init__(self, message)
        self.param_id = param_id
        self.period = period
        self.covered = None
        self.missing = missing


def reference_message(period: Period, missing: tuple[str, ...], reviewed_through: Period) -> str:
    """How an accountant is told which yearly values are missing for ``period`` and how to give them."""
    names = _("reference.and").join(_(f"reference.{ref}") for ref in missing)
    options = " ".join(f"--{ref} AMOUNT" for ref in missing)
    return ngettext(
        "params.reference_missing", "params.reference_missing_plural", len(missing),
        period=period, names=names, reviewed=reviewed_through, year=period.year, options=options,
    )


@attrs.frozen(eq=False)
class ParamValue:
    """One dated value of one parameter, with the law behind it (compared by identity: loaded once).

    ``value`` is the value as cited; ``typed`` is what its declared type parsed it to.
    """

    param_id: str
    unit: str
    start: Period
    end: Period
    value: Cited
    typed: Typed
    source: str
    confidence: str
    note: str | None = None
    open_questions: tuple[int, ...] = ()
    file: str = ""
    #: True when the value comes from a user's rules file (``--rules``), not the shipped law data.
    user: bool = False
    #: The first and last day in force, for a parameter dated by day (None: whole months).
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    #: Short stable reference, ``oosms.rate@2022-01``, for citing a value many times.
    ref: str = attrs.field(init=False)

    @ref.default
    def _ref(self) -> str:
        return f"{self.param_id}@{self.since}"

    @property
    def since(self) -> str:
        """When the value took effect: the month, or the day for a parameter dated by day."""
        return str(self.start) if self.first_day is None else self.first_day.isoformat()

    def in_force_on(self, day: datetime.date) -> bool:
        if self.first_day is None or self.last_day is None:
            return self.start <= Period.of(day) <= self.end
        return self.first_day <= day <= self.last_day

    @property
    def decimal(self) -> Decimal:
        assert isinstance(self.typed, Decimal), f"{self.param_id} is not a number"
        return self.typed

    @property
    def text(self) -> str:
        assert isinstance(self.typed, str) and not isinstance(self.typed, StrEnum), f"{self.param_id} is not text"
        return self.typed

    @property
    def table(self) -> Mapping[str, str]:
        assert isinstance(self.typed, Mapping), f"{self.param_id} is not a table"
        return self.typed

    @property
    def flag(self) -> bool:
        assert isinstance(self.typed, bool), f"{self.param_id} is not a flag"
        return self.typed

    @property
    def date(self) -> datetime.date:
        assert isinstance(self.typed, datetime.date), f"{self.param_id} is not a date"
        return self.typed

    @property
    def items(self) -> tuple[str, ...]:
        assert isinstance(self.typed, tuple), f"{self.param_id} is not a list"
        return self.typed

    @property
    def rounding(self) -> Rounding:
        assert isinstance(self.typed, Rounding), f"{self.param_id} is not a rounding rule"
        return self.typed

    def choice(self, allowed: type[E]) -> E:
        assert isinstance(self.typed, allowed), f"{self.param_id} is not a {allowed.__name__}"
        return self.typed

    def to_dict(self) -> dict[str, Any]:
        value: Any = self.value
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, Mapping):
            value = dict(value)
        out: dict[str, Any] = {
            "id": self.param_id,
            "value": value,
            "unit": self.unit,
            "from": self.since,
            "to": str(self.end) if self.last_day is None else self.last_day.isoformat(),
            "source": self.source,
            "confidence": self.confidence,
        }
        if self.note:
            out["note"] = self.note
        if self.open_questions:
            out["open_questions"] = list(self.open_questions)
        return out


@attrs.frozen
class Parameter:
    """One parameter's history; ``reviewed_through`` is the last month someone checked it for, and
    ``review_source`` what that check read when it moved past the last value's own citation."""

    param_id: str
    unit: str
    description: str
    values: tuple[ParamValue, ...]
    reviewed_through: Period
    review_source: str = ""

    def at(self, period: Period) -> ParamValue | None:
        for value in self.values:
            if value.start <= period <= value.end:
                return value
        return None

    def on(self, day: datetime.date) -> ParamValue | None:
        for value in self.values:
            if value.in_force_on(day):
                return value
        return None

    @property
    def covered(self) -> tuple[Period, Period]:
        return self.values[0].start, self.values[-1].end


@attrs.frozen
class Snapshot:
    """The values in force for one period; ``reused_from`` is set when values were extrapolated.

    Past a parameter's data, a reusing snapshot gives the value in force at the end of that
    parameter's own review; scheduled law (a value that covers the period) beats reuse.
    """

    params: Params
    period: Period
    reused_from: Period | None = None

    def __getitem__(self, param_id: str) -> ParamValue:
        if self.reused_from is None or self.params.has(param_id, self.period):
            return self.params.value(param_id, self.period)
        return self.params.value(param_id, self._reuse_period(param_id))

    def __contains__(self, param_id: str) -> bool:
        return self.params.has(param_id, self.period) or (
            self.reused_from is not None and self.params.has(param_id, self._reuse_period(param_id))
        )

    def _reuse_period(self, param_id: str) -> Period:
        parameter = self.params.parameters.get(param_id)
        return self.period if parameter is None else min(self.period, parameter.reviewed_through)

    def year_start(self) -> Snapshot:
        """The snapshot of January of this period's year (amounts fixed in МРП of 1 January)."""
        return self.params.at(Period(self.period.year, 1), reuse_last_known=self.reused_from is not None)

    def recording(self) -> Recorder:
        """A view of this snapshot that records every value read through it."""
        return Recorder(self)

    def reused(self, used: Iterable[ParamValue]) -> tuple[ParamValue, ...]:
        """The values of ``used`` that were reused past their data (``reuse_last_known``)."""
        if self.reused_from is None:
            return ()
        return tuple(value for value in dict.fromkeys(used) if value.end < self.period)

    def reuse_warning(self, used: Iterable[ParamValue], *, prefix: str | None = None) -> str | None:
        """What a result must say when it rests on reused values: each one, by name and value
        (a :class:`~osms_payroll.i18n.Message`; ``prefix``, one too, replaces the opening words)."""
        reused = self.reused(used)
        if not reused:
            return None
        named: str = ""
        for v in sorted(reused, key=lambda v: v.param_id):
            value = Message(
                "reuse.value", name=REFERENCES.get(v.param_id, v.param_id).split(" (")[0], value=v.value,
                param=v.param_id, start=v.start, end=v.end,
            )
            named = Message("reuse.and", left=named, right=value) if named else value
        head = prefix or Message("reuse.period", period=self.period, through=self.reused_from)
        asked: str = ""
        for q in sorted({q for v in reused for q in self.params.reuse_questions.get(v.param_id, ())}):
            asked = Message("reuse.question", before=asked, number=q, text=self.params.open_questions[q])
        return Message("reuse.warning", head=head, named=named, asked=asked)


@attrs.define
class Recorder:
    """A snapshot view whose :attr:`used` is every value read through it, in reading order.

    Membership tests (``in``) are not reads. :meth:`year_start` shares the record.
    """

    snapshot: Snapshot
    _read: dict[ParamValue, None] = attrs.field(factory=dict)

    @property
    def period(self) -> Period:
        return self.snapshot.period

    @property
    def used(self) -> tuple[ParamValue, ...]:
        return tuple(self._read)

    def __getitem__(self, param_id: str) -> ParamValue:
        value = self.snapshot[param_id]
        self._read[value] = None
        return value

    def __contains__(self, param_id: str) -> bool:
        return param_id in self.snapshot

    def year_start(self) -> Recorder:
        return Recorder(self.snapshot.year_start(), self._read)


@attrs.frozen(eq=False)
class Params:
    """A complete rule set: every parameter with its history, and the open questions."""

    name: str
    parameters: Mapping[str, Parameter]
    open_questions: Mapping[int, str]
    digest: str
    #: Per parameter, the open questions a result that reuses it past its review carries.
    reuse_questions: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)

    @functools.cached_property
    def valid_through(self) -> Period:
        """The last month every parameter is reviewed through (scheduled values past it still apply)."""
        return min(p.reviewed_through for p in self.parameters.values())

    @functools.cached_property
    def valid_from(self) -> Period:
        return min(p.covered[0] for p in self.parameters.values())

    def value(self, param_id: str, period: Period) -> ParamValue:
        parameter = self.parameters.get(param_id)
        if parameter is None:
            raise ParameterMissing(param_id, period, None)
        found = parameter.at(period)
        if found is None:
            missing = self.references_missing(period)
            if missing:
                also = None if param_id in missing else parameter.reviewed_through
                raise ReferenceMissing(param_id, period, missing, self.parameters[missing[0]].reviewed_through, also)
            raise ParameterMissing(param_id, period, parameter.covered, parameter.reviewed_through)
        return found

    def references_missing(self, period: Period) -> tuple[str, ...]:
        """The yearly reference values (МЗП, МРП) that have no value for ``period`` past their review."""
        return tuple(
            ref
            for ref in REFERENCES
            if ref in self.parameters
            and not self.has(ref, period)
            and period > self.parameters[ref].reviewed_through
        )

    def value_on(self, param_id: str, day: datetime.date) -> ParamValue:
        """The value in force on ``day`` (a parameter dated by day changes mid-month)."""
        parameter = self.parameters.get(param_id)
        found = None if parameter is None else parameter.on(day)
        if found is None:
            covered = None if parameter is None else parameter.covered
            raise ParameterMissing(param_id, Period.of(day), covered, None if parameter is None else parameter.reviewed_through, day)
        return found

    def has(self, param_id: str, period: Period) -> bool:
        parameter = self.parameters.get(param_id)
        return parameter is not None and parameter.at(period) is not None

    def at(self, period: Period, *, reuse_last_known: bool = False) -> Snapshot:
        """The values in force for ``period``; past a parameter's review only with ``reuse_last_known``."""
        if period > self.valid_through and reuse_last_known:
            return Snapshot(self, period, reused_from=self.valid_through)
        return Snapshot(self, period)

    def warnings_for(self, used: Iterable[ParamValue]) -> list[str]:
        """What a result resting on ``used`` must say: each M/L value, each open question touched.

        Each is a :class:`~osms_payroll.i18n.Message`: English text in the results, said in the
        user's language by a report.
        """
        out: list[str] = []
        questions: set[int] = set()
        for value in sorted(set(used), key=lambda v: (v.param_id, v.start)):
            if value.user:
                out.append(Message(
                    "warning.user_value", param=value.param_id, start=value.since, value=value.value,
                    file=PurePath(value.file).name, confidence=Message(f"confidence.{value.confidence}"), source=value.source,
                ))
            elif value.confidence != "H":
                out.append(Message(
                    "warning.confidence", param=value.param_id, start=value.since,
                    confidence=Message(f"confidence.{value.confidence}"), detail=value.note or value.source, source=value.source,
                ))
            questions.update(value.open_questions)
        out.extend(Message("warning.open_question", number=q, text=self.open_questions[q]) for q in sorted(questions))
        return out

    def in_force(self, period: Period) -> Iterator[ParamValue]:
        """Every parameter value in force for ``period``, sorted by id."""
        for param_id in sorted(self.parameters):
            found = self.parameters[param_id].at(period)
            if found is not None:
                yield found
