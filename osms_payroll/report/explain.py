"""A person-month's explanation as text: every number, the rule behind it and its citation,
in the user's language (money ``1 234 567,89``, rates in per cent)."""

from __future__ import annotations

from decimal import Decimal

from osms_payroll.engine.result import Contribution, Result
from osms_payroll.i18n import _, money, percent, say
from osms_payroll.ids import mask
from osms_payroll.law import ParamValue
from osms_payroll.law.words import category_label, known, law_note, not_due_reason, param_value


def _money(value: Decimal | None) -> str:
    return "—" if value is None else money(value)


def _param(value: ParamValue) -> str:
    text = f"      {value.ref} = {param_value(value)} [{value.confidence}]: {value.source}"
    note = law_note(value)
    if note:
        text += "\n        " + _("explain.note", note=note)
    return text


def _payment(contribution: Contribution, exempt_reason: str | None) -> list[str]:
    rule = contribution.rule
    title = known(f"explain.title.{rule.payment}", rule.payment)
    lines = [f"  {title}" + (f" ({_('explain.knp', knp=rule.knp)})" if rule.knp else "")]
    code = contribution.not_due
    if code in ("exempt", "category", "no_rate"):
        lines.append("    " + _("explain.not_due", reason=not_due_reason(contribution, exempt_reason)))
    else:
        floor = " " + _("explain.floor") if contribution.floor_applied else ""
        lines += [
            "    " + _("explain.base_before_cap", amount=_money(contribution.base_before_cap)) + floor,
            "    " + _("explain.cap", cap=_money(rule.cap), available=_money(contribution.cap_available)),
            "    " + _("explain.base", base=_money(contribution.base), rate=percent(rule.rate), amount=_money(contribution.amount)),
        ]
        if code:
            lines.append("    " + _("explain.nothing_due", short=_(f"notdue.short.{code}"), reason=not_due_reason(contribution, exempt_reason)))
    lines.append("    " + _("explain.parameters"))
    lines += [_param(value) for value in rule.parameters]
    return lines


def explain_text(result: Result) -> str:
    """Plain text for a terminal; the ИИН is masked, since terminals end up in screenshots and logs."""
    person = result.person
    head = _("explain.header", iin=mask(person.iin), period=person.period, category=category_label(person.category))
    if result.exempt_reason:
        head += " · " + _("explain.exempt", reason=category_label(result.exempt_reason))
    lines = [head, "  " + _("explain.lines")]
    for line in person.lines:
        flag = " " + _("explain.outside", reason=line.osms_exclusion or _("explain.no_reason")) if line.excluded else ""
        where = line.source.text() if line.source is not None else _("explain.input")
        lines.append(f"    {where}: {money(line.gross)}{flag}")
    lines.append("  " + _(
        "explain.totals", gross=money(person.gross), object=money(person.osms_object), other=money(person.vosms_other_income),
    ))
    rule = result.category_rule
    lines.append("  " + _("explain.category_rule", ref=rule.ref, confidence=rule.confidence, source=rule.source))
    for contribution in result.contributions.values():
        lines += _payment(contribution, result.exempt_reason)
    if result.warnings:
        lines.append("  " + _("explain.warnings"))
        lines += [f"    - {say(warning)}" for warning in result.warnings]
    return "\n".join(lines) + "\n"
