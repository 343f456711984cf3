"""The ``calc`` contract, schema 1: raw rows in, :class:`PayLine` or located issues out."""

from __future__ import annotations

from collections.abc import Collection

import attrs

from osms_payroll.engine.model import Issue, PayLine
from osms_payroll.ids import IdError
from osms_payroll.ids import iin as iin_id
from osms_payroll.money import ZERO, AmountError, parse_amount
from osms_payroll.period import Period, PeriodError
from osms_payroll.sheets.rows import SourceRow

SCHEMA = 1

_TRUE = {"true", "1", "yes", "y", "да", "иә", "x"}
_FALSE = {"false", "0", "no", "n", "нет", "жоқ", ""}


@attrs.frozen
class ParsedRow:
    """A parsed row: the line when it is valid, the issues otherwise, and its key when known."""

    line: PayLine | None
    issues: tuple[Issue, ...]
    key: tuple[str, Period] | None


def parse_row(row: SourceRow, default_period: Period | None, categories: Collection[str]) -> ParsedRow:
    """Validate every cell of ``row``; all problems of the row are reported, not just the first."""
    issues: list[Issue] = []

    def issue(column: str, code: str, message: str) -> None:
        issues.append(Issue(code, message, row.location, column, row.cells.get(column)))

    def text(column: str) -> str:
        return (row.values.get(column) or "").strip()

    iin = iin_id.compact(text("iin")) if text("iin") else ""
    if not iin:
        issue("iin", "iin.missing", "the ИИН is empty; enter the employee's 12-digit ИИН")
    else:
        try:
            iin_id.validate(iin)
        except IdError as exc:
            issue("iin", exc.code, str(exc))
    period: Period | None = default_period
    if text("period"):
        try:
            period = Period.parse(text("period"))
        except PeriodError as exc:
            issue("period", exc.code, f"{exc}")
    elif period is None:
        issue("period", "period.missing", "the period is empty; fill it as YYYY-MM or pass --period YYYY-MM")
    amounts = {}
    for column, required in (("gross", True), ("vosms_other_income", False)):
        raw = text(column)
        if not raw and not required:
            continue
        if not raw:
            issue(column, "amount.missing", f"{column} is empty; enter the month's accrued income in tenge (0 if none)")
            continue
        try:
            amounts[column] = parse_amount(raw)
        except AmountError as exc:
            issue(column, exc.code, f"{column}: {exc}")
    category = text("category") or "employee"
    if category not in categories:
        issue("category", "category.unknown", f"unknown category {category!r}; use one of: {', '.join(sorted(categories))}")
    excluded_text = text("osms_excluded").lower()
    if excluded_text not in _TRUE | _FALSE:
        issue("osms_excluded", "osms_excluded.format", "osms_excluded must be true or false (empty means false)")
    key = (iin, period) if period is not None and not any(i.column in ("iin", "period") for i in issues) else None
    if issues:
        return ParsedRow(None, tuple(issues), key)
    assert period is not None
    line = PayLine(
        iin=iin,
        period=period,
        gross=amounts["gross"],
        category=category,
        full_name=text("full_name"),
        vosms_other_income=amounts.get("vosms_other_income", ZERO),
        osms_excluded=excluded_text in _TRUE,
        source=row.location,
    )
    return ParsedRow(line, (), key)
