"""Load, validate and look up the dated parameter files in ``law/data``.

Each parameter is a TOML table with a ``unit`` and a list of ``values``; each value has ``from``
(``YYYY-MM``), optional ``to``, ``value``, ``source``, ``confidence`` (H/M/L), optional ``note``
and ``open_questions``. A value ends where the next begins; the last one ends at the file's
``meta.valid_through`` unless it says ``to``. A parameter that changes on a given day (the
National Bank's base rate) says ``dated = "day"`` and dates its values ``YYYY-MM-DD``. Anything malformed fails on load, naming the file
and the key, so a bad January update never reaches a calculation.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.money import ROUNDING_MODES
from osms_payroll.period import Period, PeriodError

CONFIDENCE_LEVELS = ("H", "M", "L")

#: The value types a parameter may declare, and what a value of that unit must look like.
_DECIMAL_UNITS = {"ratio", "tenge", "mzp", "mrp", "years", "percent_per_year", "multiple", "days", "day_of_month"}
#: Units whose values are whole numbers: a count of days, a day of the month (1..31).
_WHOLE_UNITS = {"days", "day_of_month"}
_TABLE_UNITS = {
    "category": {"oosms", "vosms", "exempt_reason"},
    "rounding": {"quantum", "mode"},
    "bank": {"bic", "name"},
    "payslip_category": {"opv", "opvr", "so", "sn", "ipn"},
}
_TEXT_UNITS = {"code", "text"}
_VALUE_KEYS = {"from", "to", "value", "source", "confidence", "note", "open_questions"}

ParamData = Decimal | str | Mapping[str, str]


class ParamsError(ValueError):
    """A parameter file that breaks the rules above."""


class ParameterMissing(LookupError):
    """No value of a parameter is in force for the asked period."""

    code = "params.missing"

    def __init__(self, param_id: str, period: Period, covered: tuple[Period, Period] | None, day: date | None = None) -> None:
        self.param_id = param_id
        self.period = period
        self.covered = covered
        if covered is None:
            where = "it has no values"
        else:
            where = f"the data covers {covered[0]}..{covered[1]}"
        when = f"for {period}" if day is None else f"on {day.isoformat()}"
        super().__init__(
            f"no value of {param_id} is in force {when}: {where}. "
            "Update the parameter files for that period, or pass --reuse-last-known "
            "to reuse the last known values (every result then says so)."
        )


@attrs.frozen(eq=False)
class ParamValue:
    """One dated value of one parameter, with the law behind it (compared by identity: loaded once)."""

    param_id: str
    unit: str
    start: Period
    end: Period
    value: ParamData
    source: str
    confidence: str
    note: str | None = None
    open_questions: tuple[int, ...] = ()
    file: str = ""
    #: The first and last day in force, for a parameter dated by day (None: whole months).
    first_day: date | None = None
    last_day: date | None = None
    #: Short stable reference, ``oosms.rate@2022-01``, for citing a value many times.
    ref: str = attrs.field(init=False)

    @ref.default
    def _ref(self) -> str:
        return f"{self.param_id}@{self.since}"

    @property
    def since(self) -> str:
        """When the value took effect: the month, or the day for a parameter dated by day."""
        return str(self.start) if self.first_day is None else self.first_day.isoformat()

    def in_force_on(self, day: date) -> bool:
        if self.first_day is None or self.last_day is None:
            return self.start <= Period.of(day) <= self.end
        return self.first_day <= day <= self.last_day

    @property
    def decimal(self) -> Decimal:
        assert isinstance(self.value, Decimal), f"{self.param_id} is not a number"
        return self.value

    @property
    def text(self) -> str:
        assert isinstance(self.value, str), f"{self.param_id} is not text"
        return self.value

    @property
    def table(self) -> Mapping[str, str]:
        assert isinstance(self.value, Mapping), f"{self.param_id} is not a table"
        return self.value

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
    param_id: str
    unit: str
    description: str
    values: tuple[ParamValue, ...]
    #: The file's ``meta.valid_through``: values past it (an explicit ``to``) are scheduled law.
    through: Period | None = None

    def at(self, period: Period) -> ParamValue | None:
        for value in self.values:
            if value.start <= period <= value.end:
                return value
        return None

    def on(self, day: date) -> ParamValue | None:
        for value in self.values:
            if value.in_force_on(day):
                return value
        return None

    @property
    def covered(self) -> tuple[Period, Period]:
        return self.values[0].start, self.values[-1].end


@attrs.frozen
class Snapshot:
    """The values in force for one period; ``reused_from`` is set when values were extrapolated."""

    params: Params
    period: Period
    reused_from: Period | None = None

    def __getitem__(self, param_id: str) -> ParamValue:
        if self.reused_from is not None and self.params.has(param_id, self.period):
            return self.params.value(param_id, self.period)  # scheduled law beats reuse
        return self.params.value(param_id, self.reused_from or self.period)

    def __contains__(self, param_id: str) -> bool:
        return self.params.has(param_id, self.period) or self.params.has(param_id, self.reused_from or self.period)


@attrs.frozen(eq=False)
class Params:
    """A complete rule set: every parameter with its history, and the open questions."""

    name: str
    parameters: Mapping[str, Parameter]
    open_questions: Mapping[int, str]
    digest: str

    @property
    def valid_through(self) -> Period:
        """The last month the data covers: values scheduled past a file's ``valid_through`` do not count."""
        return max(p.through or p.covered[1] for p in self.parameters.values())

    @property
    def valid_from(self) -> Period:
        return min(p.covered[0] for p in self.parameters.values())

    def value(self, param_id: str, period: Period) -> ParamValue:
        parameter = self.parameters.get(param_id)
        if parameter is None:
            raise ParameterMissing(param_id, period, None)
        found = parameter.at(period)
        if found is None:
            raise ParameterMissing(param_id, period, parameter.covered)
        return found

    def value_on(self, param_id: str, day: date) -> ParamValue:
        """The value in force on ``day`` (a parameter dated by day changes mid-month)."""
        parameter = self.parameters.get(param_id)
        found = None if parameter is None else parameter.on(day)
        if found is None:
            raise ParameterMissing(param_id, Period.of(day), None if parameter is None else parameter.covered, day)
        return found

    def has(self, param_id: str, period: Period) -> bool:
        parameter = self.parameters.get(param_id)
        return parameter is not None and parameter.at(period) is not None

    def at(self, period: Period, *, reuse_last_known: bool = False) -> Snapshot:
        """The values in force for ``period``; past the data only with ``reuse_last_known``."""
        if period > self.valid_through and reuse_last_known:
            return Snapshot(self, period, reused_from=self.valid_through)
        return Snapshot(self, period)

    def warnings_for(self, used: Iterable[ParamValue]) -> list[str]:
        """What a result resting on ``used`` must say: each M/L value, each open question touched."""
        out: list[str] = []
        questions: set[int] = set()
        for value in sorted(set(used), key=lambda v: (v.param_id, v.start)):
            if value.confidence != "H":
                out.append(f"{value.param_id} from {value.since} has confidence {value.confidence}: {value.note or value.source}")
            questions.update(value.open_questions)
        out.extend(f"open question {q}: {self.open_questions[q]}" for q in sorted(questions))
        return out

    def in_force(self, period: Period) -> Iterator[ParamValue]:
        """Every parameter value in force for ``period``, sorted by id."""
        for param_id in sorted(self.parameters):
            found = self.parameters[param_id].at(period)
            if found is not None:
                yield found


def _period(raw: object, where: str) -> Period:
    if not isinstance(raw, str):
        raise ParamsError(f"{where}: expected a 'YYYY-MM' string, got {raw!r}")
    try:
        return Period.parse(raw)
    except PeriodError as exc:
        raise ParamsError(f"{where}: {exc}") from None


_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(raw: object, where: str) -> date:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if isinstance(raw, str) and _DAY_RE.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise ParamsError(f"{where}: expected a 'YYYY-MM-DD' date, got {raw!r}")


def _typed_value(unit: str, raw: object, where: str) -> ParamData:
    if unit in _DECIMAL_UNITS:
        if not isinstance(raw, str):
            raise ParamsError(f"{where}: a {unit} value must be a quoted decimal string, got {raw!r}")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise ParamsError(f"{where}: {raw!r} is not a decimal number") from None
        if not number.is_finite() or number < 0:
            raise ParamsError(f"{where}: {raw!r} must be a finite non-negative number")
        if unit == "ratio" and number > 1:
            raise ParamsError(f"{where}: a ratio must be between 0 and 1, got {raw}")
        if unit == "percent_per_year" and number > 100:  # legal-number-ok: the definition of a percentage
            raise ParamsError(f"{where}: a percentage must be between 0 and 100, got {raw}")
        if unit in _WHOLE_UNITS and number != number.to_integral_value():
            raise ParamsError(f"{where}: a {unit} value must be a whole number, got {raw}")
        if unit == "day_of_month" and not 1 <= number <= 31:  # legal-number-ok: the longest month
            raise ParamsError(f"{where}: a day of the month must be 1..31, got {raw}")
        return number
    if unit in _TEXT_UNITS:
        if not isinstance(raw, str) or not raw.strip():
            raise ParamsError(f"{where}: a {unit} value must be a non-empty string")
        return raw
    if unit in _TABLE_UNITS:
        if not isinstance(raw, dict) or set(raw) != _TABLE_UNITS[unit]:
            raise ParamsError(f"{where}: a {unit} value must be a table with keys {sorted(_TABLE_UNITS[unit])}")
        if not all(isinstance(v, str) for v in raw.values()):
            raise ParamsError(f"{where}: the keys of a {unit} value must hold strings")
        if unit == "rounding":
            if raw["mode"] not in ROUNDING_MODES:
                raise ParamsError(f"{where}: rounding mode must be one of {sorted(ROUNDING_MODES)}")
            _typed_value("tenge", raw["quantum"], where + ".quantum")
        return dict(raw)
    raise ParamsError(f"{where}: unknown unit {unit!r}")


def _parse_parameter(param_id: str, table: dict[str, Any], file: str, valid_through: Period) -> Parameter:
    where = f"{file}: [{param_id}]"
    unit = table.get("unit")
    if not isinstance(unit, str):
        raise ParamsError(f"{where}: missing 'unit'")
    raw_values = table.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise ParamsError(f"{where}: needs at least one [[{param_id}.values]] entry")
    unknown = set(table) - {"unit", "description", "values", "dated"}
    if unknown:
        raise ParamsError(f"{where}: unknown keys {sorted(unknown)}")
    by_day = table.get("dated", "month") == "day"
    if table.get("dated", "month") not in ("month", "day"):
        raise ParamsError(f"{where}: 'dated' must be \"month\" or \"day\"")
    starts: list[tuple[date, dict[str, Any], str]] = []
    for index, raw in enumerate(raw_values):
        item_where = f"{where} values[{index}]"
        extra = set(raw) - _VALUE_KEYS
        if extra:
            raise ParamsError(f"{item_where}: unknown keys {sorted(extra)}")
        for key in ("from", "value", "source", "confidence"):
            if key not in raw:
                raise ParamsError(f"{item_where}: missing '{key}' (every value needs a citation and a confidence)")
        if not isinstance(raw["source"], str) or not raw["source"].strip():
            raise ParamsError(f"{item_where}: 'source' must cite the act, article or publication")
        if raw["confidence"] not in CONFIDENCE_LEVELS:
            raise ParamsError(f"{item_where}: confidence must be one of H, M, L")
        first = _day(raw["from"], item_where + ".from") if by_day else _period(raw["from"], item_where + ".from").first_day
        starts.append((first, raw, item_where))
    starts.sort(key=lambda item: item[0])
    values: list[ParamValue] = []
    for position, (first, raw, item_where) in enumerate(starts):
        following = starts[position + 1][0] if position + 1 < len(starts) else None
        shown = first.isoformat() if by_day else str(Period.of(first))
        if following == first:
            raise ParamsError(f"{item_where}: two values start in {shown}")
        if "to" in raw:
            last = _day(raw["to"], item_where + ".to") if by_day else _period(raw["to"], item_where + ".to").last_day
            if following is not None and last >= following:
                raise ParamsError(f"{item_where}: ends {raw['to']}, overlapping the next value")
        elif following is not None:
            last = following - timedelta(days=1)
        else:
            last = valid_through.last_day
        if last < first:
            raise ParamsError(f"{item_where}: ends {last} before it starts {shown}")
        start, end = Period.of(first), Period.of(last)
        questions = raw.get("open_questions", [])
        if not isinstance(questions, list) or not all(isinstance(q, int) for q in questions):
            raise ParamsError(f"{item_where}: open_questions must be a list of question numbers")
        values.append(
            ParamValue(
                param_id=param_id,
                unit=unit,
                start=start,
                end=end,
                value=_typed_value(unit, raw["value"], item_where + ".value"),
                source=raw["source"].strip(),
                confidence=raw["confidence"],
                note=raw.get("note"),
                open_questions=tuple(questions),
                file=file,
                first_day=first if by_day else None,
                last_day=last if by_day else None,
            )
        )
    return Parameter(param_id, unit, str(table.get("description", "")), tuple(values), valid_through)


def _walk(prefix: str, table: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (dotted id, table) for every table that declares a ``unit``."""
    if "unit" in table:
        yield prefix, table
        return
    for key, child in table.items():
        if not isinstance(child, dict):
            raise ParamsError(f"[{prefix}] key {key!r}: expected a parameter table with 'unit'")
        yield from _walk(f"{prefix}.{key}" if prefix else key, child)


def _parse_questions(table: dict[str, Any], file: str) -> dict[int, str]:
    questions: dict[int, str] = {}
    for key, entry in table.items():
        if not key.isdigit() or not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise ParamsError(f"{file}: [question.{key}] needs a numeric key and a 'text'")
        questions[int(key)] = entry["text"]
    return questions


def parse_files(name: str, files: Iterable[tuple[str, bytes]]) -> Params:
    """Build a validated rule set from ``(file name, TOML bytes)`` pairs; later files override."""
    parameters: dict[str, Parameter] = {}
    questions: dict[int, str] = {}
    digest = hashlib.sha256()
    for file, content in files:
        digest.update(file.encode() + b"\0" + content + b"\0")
        try:
            document = tomllib.loads(content.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ParamsError(f"{file}: not valid UTF-8 TOML: {exc}") from None
        meta = document.pop("meta", {})
        questions.update(_parse_questions(document.pop("question", {}), file))
        if not document:
            continue
        valid_through = _period(meta.get("valid_through"), f"{file}: meta.valid_through")
        for param_id, table in _walk("", document):
            parameters[param_id] = _parse_parameter(param_id, table, file, valid_through)
    for parameter in parameters.values():
        for value in parameter.values:
            missing = [q for q in value.open_questions if q not in questions]
            if missing:
                raise ParamsError(f"{value.file}: [{value.param_id}] from {value.start}: unknown open question {missing}")
    if not parameters:
        raise ParamsError(f"rule set {name!r} has no parameters")
    return Params(name=name, parameters=parameters, open_questions=questions, digest=digest.hexdigest())


def _package_files() -> list[tuple[str, bytes]]:
    folder = resources.files("osms_payroll.law") / "data"
    return sorted((entry.name, entry.read_bytes()) for entry in folder.iterdir() if entry.name.endswith(".toml"))


def load_params(overlays: Iterable[Path] = ()) -> Params:
    """The shipped rule set, with optional user files whose parameters replace the shipped ones."""
    files = _package_files()
    overlay_list = [(str(path), Path(path).read_bytes()) for path in overlays]
    name = "applied" if not overlay_list else "applied+" + "+".join(Path(f).name for f, _ in overlay_list)
    return parse_files(name, files + overlay_list)


@lru_cache(maxsize=1)
def default_params() -> Params:
    """The shipped rule set (what applied), loaded and validated once per process."""
    return load_params()
