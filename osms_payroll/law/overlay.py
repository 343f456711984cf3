"""User rules files (``--rules``): the yearly МЗП and МРП written for a new year, and what a file changes.

A new year's МЗП and МРП are set by the budget law, often published late in December. Until a
release ships them, ``new_year_overlay`` writes them into a small file whose parameters *extend*
the shipped ones (``extends = true``: the history stays, the new values follow it), and every
result computed with that file says its values came from the user's file. ``overlay_changes``
says, parameter by parameter, what a file adds, replaces or removes.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

import attrs

from osms_payroll.i18n import Message
from osms_payroll.law.load import default_params, load_params, parse_files, shipped_files
from osms_payroll.law.model import CONFIDENCE_LEVELS, Parameter, Params, ParamsError, ParamValue
from osms_payroll.law.schema import REFERENCES
from osms_payroll.period import Period


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \uXXXX for control characters).
    return json.dumps(text, ensure_ascii=False)


def new_year_overlay(year: int, values: Mapping[str, Decimal], source: str, confidence: str = "M") -> str:
    """The text of a rules file giving the reference values (``mzp``, ``mrp``) from January of ``year``.

    Raises ParamsError when a value or the source is unusable, or the result would not load.
    """
    if not source.strip():
        raise ParamsError(Message("rules.error.no_source"))
    if confidence not in CONFIDENCE_LEVELS:
        raise ParamsError(Message("rules.error.confidence_option", levels=", ".join(CONFIDENCE_LEVELS)))
    unknown = sorted(set(values) - set(REFERENCES))
    if unknown or not values:
        raise ParamsError(Message("rules.error.references", wanted=", ".join(REFERENCES), given=", ".join(unknown) or "—"))
    start = Period(year, 1)
    lines = [
        f"# The yearly reference values for {year}, for --rules (written by `osms-payroll rules new-year {year}`).",
        "# They come from you, not from the shipped law data: every result computed with this file says so.",
        "# Check it with `osms-payroll rules check FILE`; stop passing it once a release ships these values.",
    ]
    for param_id, amount in values.items():
        if not amount.is_finite() or amount <= 0:
            raise ParamsError(Message("rules.error.amount", param_id=param_id, amount=amount))
        lines += [
            "",
            f"[{param_id}]",
            'unit = "tenge"',
            "extends = true",
            f'reviewed_through = "{year}-12"',
            "",
            f"  [[{param_id}.values]]",
            f'  from = "{start}"',
            f'  value = "{amount}"',
            f"  source = {_toml_string(source.strip())}",
            f'  confidence = "{confidence}"',
            f'  note = "Given by the user with osms-payroll rules new-year {year}: the {REFERENCES[param_id]}."',
        ]
    text = "\n".join(lines) + "\n"
    parse_files("check", [*shipped_files(), ("new-year.toml", text.encode())], {"new-year.toml"})
    return text


@attrs.frozen
class Change:
    """What a rules file does to one parameter, in words."""

    param_id: str
    what: Message
    values: tuple[str, ...]


def _describe(value: ParamValue) -> str:
    shown = value.to_dict()["value"]
    return f"{value.start}..{value.end}: {shown} [{value.confidence}] — {value.source}"


def _diff(before: Parameter | None, after: Parameter) -> Change:
    if before is None:
        return Change(after.param_id, Message("rules.change.new"), tuple(_describe(v) for v in after.values))
    old = {(v.start, v.end, str(v.value), v.source, v.confidence) for v in before.values}
    new = {(v.start, v.end, str(v.value), v.source, v.confidence) for v in after.values}
    lines = [f"+ {_describe(v)}" for v in after.values if (v.start, v.end, str(v.value), v.source, v.confidence) not in old]
    lines += [f"- {_describe(v)}" for v in before.values if (v.start, v.end, str(v.value), v.source, v.confidence) not in new]
    added = any(line.startswith("+") for line in lines)
    removed = any(line.startswith("-") for line in lines)
    what = Message({(True, False): "rules.change.adds", (False, True): "rules.change.removes", (True, True): "rules.change.changes"}.get(
        (added, removed), "rules.change.unchanged"))
    if before.reviewed_through != after.reviewed_through:
        what = Message("rules.change.reviewed", what=what, before=before.reviewed_through, after=after.reviewed_through)
    return Change(after.param_id, what, tuple(lines))


def _ids(document: dict[str, object], prefix: str = "") -> Iterable[str]:
    if "unit" in document:
        yield prefix
        return
    for key, child in document.items():
        if isinstance(child, dict) and key != "question":
            yield from _ids(child, f"{prefix}.{key}" if prefix else key)


def overlay_changes(path: Path) -> tuple[Params, list[Change]]:
    """Load ``path`` over the shipped rule set (validating it) and say what it changes, by parameter."""
    combined = load_params([path])
    shipped = default_params()
    document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    changes = [_diff(shipped.parameters.get(pid), combined.parameters[pid]) for pid in _ids(document)]
    return combined, changes
