"""The ``calc`` contract, schema 1: raw rows in, :class:`PayLine` or located issues out."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

import attrs

from osms_payroll.i18n import _, current, money
from osms_payroll.issues import Issue
from osms_payroll.engine.model import PayLine
from osms_payroll.ids import IdError, mask
from osms_payroll.ids import iin as iin_id
from osms_payroll.intake.limits import default_limits
from osms_payroll.money import ZERO, AmountError, parse_amount
from osms_payroll.period import Period, PeriodError
from osms_payroll.intake.rows import SourceRow
from osms_payroll.intake.vocabulary import vocabulary

SCHEMA = 1

_TRUE = {"true", "1", "yes", "y", "да", "иә", "x"}
_FALSE = {"false", "0", "no", "n", "нет", "жоқ", ""}
_FLAGS = _TRUE | _FALSE
#: Twelve digits in a row, as an ИИН typed into the wrong column would be echoed in a message.
_ID_LIKE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def masked(message: str) -> str:
    """``message`` with anything that looks like an ИИН masked: a message may echo a cell's value."""
    return _ID_LIKE.sub(lambda match: mask(match.group()), message)


@lru_cache(maxsize=256)
def _period(text: str) -> Period:
    """A file holds a handful of distinct periods: parse each once."""
    return Period.parse(text)


@attrs.frozen
class ParsedRow:
    """A parsed row: the line when it is valid, the issues otherwise, and its key when known."""

    line: PayLine | None
    issues: tuple[Issue, ...]
    key: tuple[str, Period] | None


def _column(field: str) -> str:
    """A contract column as the user's template heads it («Начислено» for ``gross``)."""
    spellings = vocabulary().labels.get(field, {}).get(current(), ())
    return f"«{spellings[0]}»" if spellings else field


def parse_row(
    row: SourceRow, default_period: Period | None, categories: Collection[str], *, from_net: bool = False
) -> ParsedRow:
    """Validate every cell of ``row``; all problems of the row are reported, not just the first.

    ``from_net`` reads the net pay asked for from ``net`` (a gross-up) instead of ``gross``; the
    column not read is ignored.
    """
    issues: list[Issue] = []

    def issue(column: str, code: str, message: str) -> None:
        issues.append(Issue(code, masked(message), row.location, column, row.cells.get(column)))

    cells = {column: value.strip() for column, value in row.values.items() if value}
    text = cells.get  # a cell's trimmed text: text(column, "")

    iin = iin_id.compact(cells["iin"]) if "iin" in cells else ""
    if not iin:
        issue("iin", "iin.missing", _("iin.missing"))
    else:
        try:
            iin_id.validate(iin)
        except IdError as exc:
            issue("iin", exc.code, str(exc))
    period: Period | None = default_period
    if "period" in cells:
        try:
            period = _period(cells["period"])
        except PeriodError as exc:
            issue("period", exc.code, f"{exc}")
    elif period is None:
        issue("period", "period.missing", _("period.missing"))
    amounts = {}
    largest = default_limits().amount_max
    amount_column = "net" if from_net else "gross"
    for column, required in ((amount_column, True), ("vosms_other_income", False), ("ytd_taxable_income", False)):
        raw = text(column, "")
        if not raw and not required:
            continue
        if not raw:
            label = _column(column)
            issue(column, "amount.missing", _("amount.missing.net", column=label) if from_net else _("amount.missing", column=label))
            continue
        try:
            amount = parse_amount(raw)
        except AmountError as exc:
            issue(column, exc.code, f"{_column(column)}: {exc}")
            continue
        if amount > largest:
            message = _("amount.implausible", column=_column(column), digits=len(raw.partition(".")[0]), largest=money(largest))
            # not masked: only the limit is quoted
            issues.append(Issue("amount.implausible", message, row.location, column, row.cells.get(column)))
            continue
        amounts[column] = amount
    category = text("category", "") or "employee"
    if category not in categories:
        issue("category", "category.unknown", _("category.unknown", category=f"«{category}»", known=", ".join(sorted(categories))))
    excluded_text = text("osms_excluded", "").lower()
    reason = text("osms_exclusion", "").lower()  # codes are lower-case; a typed "Grant" means grant
    if excluded_text not in _FLAGS:
        issue("osms_excluded", "osms_excluded.format", _("flag.format.false", column=_column("osms_excluded")))
    elif reason and excluded_text and excluded_text in _FALSE:
        issue("osms_exclusion", "osms_exclusion.conflict", _("osms_exclusion.conflict", reason=reason, flag=_column("osms_excluded")))
    elif from_net and (excluded_text in _TRUE or reason):
        issue("osms_excluded", "osms_excluded.from_net", _("osms_excluded.from_net"))
    flags: dict[str, bool] = {}
    for column, default in (("resident", True), ("standard_deduction", True), ("hired_in_month", False), ("dismissed_in_month", False)):
        flag_text = text(column, "").lower()
        if flag_text and flag_text not in _FLAGS:
            label = _column(column)
            issue(column, f"{column}.format", _("flag.format.true", column=label) if default else _("flag.format.false", column=label))
        flags[column] = flag_text in _TRUE if flag_text else default
    key = (iin, period) if period is not None and not any(i.column in ("iin", "period") for i in issues) else None
    if issues:
        return ParsedRow(None, tuple(issues), key)
    assert period is not None
    parts = (text("surname", ""), text("given_name", ""), text("patronymic", "")) if "surname" in row.values else None
    line = PayLine(
        iin=iin,
        period=period,
        gross=amounts.get("gross", ZERO),
        category=category,
        full_name=text("full_name", ""),
        vosms_other_income=amounts.get("vosms_other_income", ZERO),
        osms_excluded=excluded_text in _TRUE,
        osms_exclusion=reason,
        source=row.location,
        resident=flags["resident"],
        standard_deduction=flags["standard_deduction"],
        ytd_taxable_income=amounts.get("ytd_taxable_income", ZERO),
        net=amounts.get("net"),
        hired_in_month=flags["hired_in_month"],
        dismissed_in_month=flags["dismissed_in_month"],
        name_parts=parts,
    )
    return ParsedRow(line, (), key)
