"""A person-month's explanation as text: every number, the rule behind it and its citation."""

from __future__ import annotations

from decimal import Decimal

from osms_payroll.engine.result import Contribution, Result
from osms_payroll.ids import mask
from osms_payroll.law import ParamValue
from osms_payroll.money import format_amount

_TITLES = {"oosms": "ООСМС — отчисления работодателя", "vosms": "ВОСМС — взносы работника"}


def _money(value: Decimal | None) -> str:
    return "—" if value is None else format_amount(value)


def _param(value: ParamValue) -> str:
    shown = value.to_dict()["value"]
    text = f"      {value.ref} = {shown} [{value.confidence}]: {value.source}"
    if value.note:
        text += f"\n        note: {value.note}"
    return text


def _payment(contribution: Contribution) -> list[str]:
    rule = contribution.rule
    lines = [f"  {_TITLES.get(rule.payment, rule.payment)}" + (f" (KNP {rule.knp})" if rule.knp else "")]
    if contribution.not_due in ("exempt", "category", "no_rate"):
        lines.append(f"    not due ({contribution.not_due}): {contribution.reason}")
    else:
        lines += [
            f"    base before cap: {_money(contribution.base_before_cap)}"
            + (" (raised to the floor)" if contribution.floor_applied else ""),
            f"    cap: {_money(rule.cap)}; available after other employers: {_money(contribution.cap_available)}",
            f"    base: {_money(contribution.base)} × rate {rule.rate} = {_money(contribution.amount)} (rounded)",
        ]
        if contribution.not_due:
            lines.append(f"    nothing due ({contribution.not_due}): {contribution.reason}")
    lines.append("    parameters:")
    lines += [_param(value) for value in rule.parameters]
    return lines


def explain_text(result: Result) -> str:
    """Plain text for a terminal; the ИИН is masked, since terminals end up in screenshots and logs."""
    person = result.person
    lines = [
        f"ИИН {mask(person.iin)} · {person.period} · category {person.category}"
        + (f" · exempt: {result.exempt_reason}" if result.exempt_reason else ""),
        "  lines:",
    ]
    for line in person.lines:
        flag = f" (outside the ОСМС object: {line.osms_exclusion or 'no reason'})" if line.excluded else ""
        lines.append(f"    {line.source or 'input'}: {format_amount(line.gross)}{flag}")
    lines.append(
        f"  gross {format_amount(person.gross)}, ОСМС object {format_amount(person.osms_object)}, "
        f"income declared at other employers {format_amount(person.vosms_other_income)}"
    )
    lines.append(f"  category rule: {result.category_rule.ref} [{result.category_rule.confidence}]: {result.category_rule.source}")
    for contribution in result.contributions.values():
        lines += _payment(contribution)
    if result.warnings:
        lines.append("  warnings:")
        lines += [f"    - {warning}" for warning in result.warnings]
    return "\n".join(lines) + "\n"
