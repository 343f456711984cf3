"""Read the dated parameter files in ``law/data`` (and user overlays) and validate them.

Each parameter is a TOML table with a ``unit``, a ``reviewed_through`` month and a list of
``values``; each value has ``from`` (``YYYY-MM``), optional ``to``, ``value``, ``source``,
``confidence`` (H/M/L), optional ``note`` and ``open_questions``. A parameter that changes on a
given day (the National Bank's base rate) says ``dated = "day"`` and dates its values with TOML
dates (``from = 2022-02-24``). Every value is checked against
its declared type (:mod:`osms_payroll.law.schema`) here, so anything malformed — a misspelt
choice, a bad date, a table column of the wrong type — fails on load, naming the file and the
key, and a bad January update never reaches a calculation.
"""

from __future__ import annotations

import datetime
import hashlib
import tomllib
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import Message
from osms_payroll.law.model import CONFIDENCE_LEVELS, Parameter, Params, ParamsError, ParamValue
from osms_payroll.law.schema import NO_SCHEME, SchemaError, Table, type_of
from osms_payroll.period import Period, PeriodError

_VALUE_KEYS = {"from", "to", "value", "source", "confidence", "note", "open_questions"}
_PARAMETER_KEYS = {"unit", "description", "reviewed_through", "review_source", "extends", "values", "dated"}


def _period(raw: object, where: str) -> Period:
    if not isinstance(raw, str):
        raise ParamsError(Message("rules.error.period_type", where=where, raw=repr(raw)))
    try:
        return Period.parse(raw)
    except PeriodError:
        raise ParamsError(Message("rules.error.at", where=where, reason=Message("period.format", text=raw))) from None


def _day(raw: object, where: str) -> datetime.date:
    if not isinstance(raw, datetime.date) or isinstance(raw, datetime.datetime):
        raise ParamsError(Message("rules.error.day", where=where, raw=repr(raw)))
    return raw


def _parse_parameter(param_id: str, table: dict[str, Any], file: str, user: bool = False) -> Parameter:
    where = f"{file}: [{param_id}]"
    unit = table.get("unit")
    if not isinstance(unit, str):
        raise ParamsError(Message("rules.error.no_unit", where=where))
    try:
        declared = type_of(param_id, unit)
    except SchemaError as exc:
        raise ParamsError(Message("rules.error.at", where=where, reason=exc.args[0])) from None
    unknown = set(table) - _PARAMETER_KEYS
    if unknown:
        raise ParamsError(Message("rules.error.unknown_keys", where=where, keys=sorted(unknown)))
    raw_values = table.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise ParamsError(Message("rules.error.no_values", where=where, param_id=param_id))
    if "reviewed_through" not in table:
        raise ParamsError(Message("rules.error.no_review", where=where))
    reviewed = _period(table["reviewed_through"], f"{where}.reviewed_through")
    if table.get("dated", "month") not in ("month", "day"):
        raise ParamsError(Message("rules.error.dated", where=where))
    by_day = table.get("dated") == "day"
    starts: list[tuple[datetime.date, dict[str, Any], str]] = []
    for index, raw in enumerate(raw_values):
        item_where = f"{where} values[{index}]"
        extra = set(raw) - _VALUE_KEYS
        if extra:
            raise ParamsError(Message("rules.error.unknown_keys", where=item_where, keys=sorted(extra)))
        for key in ("from", "value", "source", "confidence"):
            if key not in raw:
                raise ParamsError(Message("rules.error.missing_key", where=item_where, key=key))
        if not isinstance(raw["source"], str) or not raw["source"].strip():
            raise ParamsError(Message("rules.error.source", where=item_where))
        if raw["confidence"] not in CONFIDENCE_LEVELS:
            raise ParamsError(Message("rules.error.confidence", where=item_where, levels=", ".join(CONFIDENCE_LEVELS)))
        first = _day(raw["from"], item_where + ".from") if by_day else _period(raw["from"], item_where + ".from").first_day
        starts.append((first, raw, item_where))
    starts.sort(key=lambda item: item[0])
    values: list[ParamValue] = []
    for position, (first, raw, item_where) in enumerate(starts):
        following = starts[position + 1][0] if position + 1 < len(starts) else None
        shown = first.isoformat() if by_day else str(Period.of(first))
        if following == first:
            raise ParamsError(Message("rules.error.same_start", where=item_where, start=shown))
        if "to" in raw:
            last = _day(raw["to"], item_where + ".to") if by_day else _period(raw["to"], item_where + ".to").last_day
            if following is not None and last >= following:
                raise ParamsError(Message("rules.error.overlap", where=item_where, end=raw["to"], next=following if by_day else Period.of(following)))
        elif following is not None:
            last = following - datetime.timedelta(days=1)
        else:
            last = reviewed.last_day
        if last < first:
            raise ParamsError(Message("rules.error.ends_before", where=item_where, end=raw.get("to", last), start=shown))
        start, end = Period.of(first), Period.of(last)
        questions = raw.get("open_questions", [])
        if not isinstance(questions, list) or not all(isinstance(q, int) for q in questions):
            raise ParamsError(Message("rules.error.questions", where=item_where))
        try:
            typed = declared.parse(raw["value"])
        except SchemaError as exc:
            raise ParamsError(Message("rules.error.value", where=item_where, unit=unit, reason=exc.args[0])) from None
        values.append(
            ParamValue(
                param_id=param_id,
                unit=unit,
                start=start,
                end=end,
                value=declared.cite(typed),
                source=raw["source"].strip(),
                confidence=raw["confidence"],
                note=raw.get("note"),
                open_questions=tuple(questions),
                file=file,
                user=user,
                typed=typed,
                first_day=first if by_day else None,
                last_day=last if by_day else None,
            )
        )
    review_source = table.get("review_source", "")
    if not isinstance(review_source, str):
        raise ParamsError(Message("rules.error.review_source", where=where))
    return Parameter(param_id, unit, str(table.get("description", "")), tuple(values), reviewed, review_source.strip())


def _extend(earlier: Parameter | None, later: Parameter, where: str) -> Parameter:
    """``earlier``'s history up to ``later``'s first value, then ``later``'s values and review mark."""
    if earlier is None:
        raise ParamsError(Message("rules.error.extends_nothing", where=where))
    if earlier.unit != later.unit:
        raise ParamsError(Message("rules.error.extends_unit", where=where, unit=repr(later.unit), earlier=repr(earlier.unit)))
    if any(value.first_day is not None for value in (*earlier.values, *later.values)):
        raise ParamsError(Message("rules.error.extends_day", where=where))
    first = later.values[0].start
    kept = [value for value in earlier.values if value.start < first]
    if kept and kept[-1].end >= first:
        kept[-1] = attrs.evolve(kept[-1], end=first.previous())
    return attrs.evolve(
        later,
        description=later.description or earlier.description,
        values=(*kept, *later.values),
        review_source=later.review_source or earlier.review_source,
    )


def _walk(prefix: str, table: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (dotted id, table) for every table that declares a ``unit``."""
    if "unit" in table:
        yield prefix, table
        return
    for key, child in table.items():
        if not isinstance(child, dict):
            raise ParamsError(Message("rules.error.not_table", prefix=prefix, key=repr(key)))
        yield from _walk(f"{prefix}.{key}" if prefix else key, child)


def _parse_questions(table: dict[str, Any], file: str, reused: dict[str, list[int]]) -> dict[int, str]:
    """The questions' texts; ``reused`` collects, per parameter, the questions a result reusing it
    past its review must carry (a question's optional ``reused = ["mzp", …]``)."""
    questions: dict[int, str] = {}
    for key, entry in table.items():
        if not key.isdigit() or not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise ParamsError(Message("rules.error.question", file=file, key=key))
        names = entry.get("reused", [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise ParamsError(Message("rules.error.question_reused", file=file, key=key))
        questions[int(key)] = entry["text"]
        for name in names:
            reused.setdefault(name, []).append(int(key))
    return questions


def parse_files(name: str, files: Iterable[tuple[str, bytes]], user_files: Collection[str] = ()) -> Params:
    """Build a validated rule set from ``(file name, TOML bytes)`` pairs; later files override.

    A parameter in a later file replaces the earlier one whole, unless it says ``extends = true``:
    then its values replace the earlier ones from its first value on and the earlier history stays
    (a new year's МЗП added to the shipped ones). Values from ``user_files`` are marked as the user's.
    """
    parameters: dict[str, Parameter] = {}
    questions: dict[int, str] = {}
    reused: dict[str, list[int]] = {}
    digest = hashlib.sha256()
    for file, content in files:
        digest.update(file.encode() + b"\0" + content + b"\0")
        try:
            document = tomllib.loads(content.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ParamsError(Message("rules.error.toml", file=file, reason=str(exc))) from None
        if "meta" in document:
            raise ParamsError(Message("rules.error.meta", file=file))
        questions.update(_parse_questions(document.pop("question", {}), file, reused))
        for param_id, table in _walk("", document):
            parameter = _parse_parameter(param_id, table, file, file in user_files)
            extends = table.get("extends", False)
            if not isinstance(extends, bool):
                raise ParamsError(Message("rules.error.extends_flag", where=f"{file}: [{param_id}]"))
            parameters[param_id] = _extend(parameters.get(param_id), parameter, f"{file}: [{param_id}]") if extends else parameter
    for parameter in parameters.values():
        declared = type_of(parameter.param_id, parameter.unit)
        schemes = declared.schemes if isinstance(declared, Table) else ()
        for value in parameter.values:
            missing = [q for q in value.open_questions if q not in questions]
            if missing:
                raise ParamsError(Message("rules.error.unknown_question", where=f"{value.file}: [{value.param_id}]", start=value.start, numbers=missing))
            for column in schemes:
                scheme = value.table[column]
                if scheme != NO_SCHEME and f"{scheme}.rate" not in parameters:
                    raise ParamsError(Message(
                        "rules.error.scheme", where=f"{value.file}: [{value.param_id}]", start=value.start, column=repr(column),
                        scheme=repr(scheme), rate=f"{scheme}.rate", none=repr(NO_SCHEME),
                    ))
    if not parameters:
        raise ParamsError(Message("rules.error.empty", name=repr(name)))
    return Params(
        name=name, parameters=parameters, open_questions=questions, digest=digest.hexdigest(),
        reuse_questions={pid: tuple(numbers) for pid, numbers in reused.items()},
    )


def shipped_files() -> list[tuple[str, bytes]]:
    """The shipped law data files, as ``(name, bytes)`` in load order."""
    folder = resources.files("osms_payroll.law") / "data"
    return sorted((entry.name, entry.read_bytes()) for entry in folder.iterdir() if entry.name.endswith(".toml"))


def load_params(overlays: Iterable[Path] = ()) -> Params:
    """The shipped rule set, with optional user files whose parameters replace the shipped ones."""
    files = shipped_files()
    overlay_list = [(str(path), Path(path).read_bytes()) for path in overlays]
    name = "applied" if not overlay_list else "applied+" + "+".join(Path(f).name for f, _ in overlay_list)
    return parse_files(name, files + overlay_list, {file for file, _ in overlay_list})


@lru_cache(maxsize=1)
def default_params() -> Params:
    """The shipped rule set (what applied), loaded and validated once per process."""
    return load_params()
