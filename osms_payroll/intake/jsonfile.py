"""The ``calc`` contract as JSON: ``{"period": "YYYY-MM", "lines": [{"iin": …, "gross": …}, …]}``.

The same columns as the CSV contract (schema 1, ``osms-payroll schema calc``), for systems that
speak JSON (a vendor's payroll, the web API). Amounts may be JSON numbers or strings and are read
as exact decimal text, never through a float; flags may be booleans. Line *n* (1-based) is
reported as row *n*. A document of the wrong shape is an :class:`InputError`; a bad line is
rejected by the contract like a bad CSV row, and the others are computed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from osms_payroll.i18n import _
from osms_payroll.issues import Issue, IssueLog, Location
from osms_payroll.period import Period, PeriodError
from osms_payroll.intake.rows import CONTRACT_COLUMNS, InputError, RowSource, SourceRow

SUFFIXES = (".json",)
#: Keys of the document; the web API adds its own options (``payslip``) before handing it here.
DOCUMENT_KEYS = ("schema", "period", "lines")
_SCHEMA = 1


def decode(text: str, file: str) -> Any:
    """Parse JSON keeping every number's exact text (no float); a syntax error is an :class:`InputError`."""
    try:
        return json.loads(text, parse_float=str, parse_int=str, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(_("json.invalid", file=file, line=exc.lineno, column=exc.colno, reason=exc.msg)) from None
    except ValueError as exc:
        raise InputError(f"{file}: {exc}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(_("json.not_number", name=name))


def _cell(value: Any) -> str | None:
    """JSON value → the raw cell text the contract parses (numbers arrive as their text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)  # a list or object: rejected by the contract, shown as given


def document_period(document: dict[str, Any], file: str) -> Period | None:
    """The document's ``period`` (it fills the lines without one), or None."""
    value = document.get("period")
    if value is None:
        return None
    try:
        return Period.parse(str(value))
    except PeriodError as exc:
        raise InputError(f"{file}: period: {exc}") from None


def lines_source(document: Any, file: str, *, allowed: tuple[str, ...] = DOCUMENT_KEYS) -> RowSource:
    """The lines of a parsed document as contract rows; ``allowed`` are the top-level keys taken."""
    if not isinstance(document, dict):
        raise InputError(_("json.not_object", file=file))
    unknown = sorted(set(document) - set(allowed))
    if unknown:
        raise InputError(_("json.unknown_keys", file=file, keys=", ".join(unknown), allowed=", ".join(allowed)))
    if document.get("schema", str(_SCHEMA)) != str(_SCHEMA):
        raise InputError(_("json.schema", file=file, schema=repr(document["schema"]), ours=_SCHEMA))
    lines = document.get("lines")
    if not isinstance(lines, list):
        raise InputError(_("json.lines_not_list", file=file))
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            raise InputError(_("json.line_not_object", file=file, line=number, columns=", ".join(CONTRACT_COLUMNS)))
    warnings: list[Issue] = []
    extra = sorted({key for line in lines for key in line if key not in CONTRACT_COLUMNS})
    for key in extra:
        warnings.append(Issue(
            "column.unknown", _("json.column_unknown", key=repr(key), columns=", ".join(CONTRACT_COLUMNS)),
            Location(file, None), key,
        ))

    own = document_period(document, file)

    def rows(log: IssueLog) -> Iterator[SourceRow]:
        """The lines as rows (a line warns of nothing the opening did not)."""
        for number, line in enumerate(lines, start=1):
            values = {column: _cell(line[column]) for column in CONTRACT_COLUMNS if column in line}
            if own is not None and not values.get("period"):
                values["period"] = str(own)
            yield SourceRow(Location(file, number), values)

    return RowSource(file, tuple(warnings), rows)


def open_json(path: Path, *, period: Period | None, name: str | None = None, content: bytes | None = None) -> RowSource:
    """Open a JSON file of lines (or its ``content`` already read), called ``name`` in messages and
    locations (default: ``path``). Its ``period`` must agree with ``period`` (``--period``) when both are given.
    """
    file = name or str(path)
    try:
        text = (path.read_bytes() if content is None else content).decode("utf-8-sig")
    except OSError as exc:
        raise InputError(_("json.cannot_open", file=file, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise InputError(_("json.not_utf8", file=file)) from None
    document = decode(text, file)
    source = lines_source(document, file)
    own = document_period(document, file)
    if own is not None and period is not None and own != period:
        raise InputError(_("json.period_differs", file=file, own=own, period=period))
    return source
