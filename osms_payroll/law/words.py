"""Codes of the law put into words of the user's language: categories, not-due reasons, values.

The law data and the engine say *what* (a category code, ``not_due="cap_used"``, a parameter value
with its unit); this is where it becomes text, from the message catalogs. It sits with the law
(its codes, its values) and needs nothing above it: report, remit and the CLI all read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from osms_payroll.i18n import _, current, date_text, decimal_text, money, percent
from osms_payroll.law.model import ParamValue
from osms_payroll.law.schema import NO_SCHEME
from osms_payroll.money import Rounding


class NotDue(Protocol):
    """What :func:`not_due_reason` reads of a payment (the engine's ``Contribution``)."""

    @property
    def not_due(self) -> str | None: ...

    @property
    def parameters(self) -> Sequence[ParamValue]: ...


def known(msgid: str, fallback: str) -> str:
    text = _(msgid)
    return fallback if text == msgid else text


def category_label(code: str) -> str:
    """«Пенсионер» for ``pensioner``; a category the catalogs do not name (a user's own rule) keeps its code."""
    return known(f"category.{code}", code)


def not_due_reason(contribution: NotDue, exempt_reason: str | None = None) -> str:
    """Why nothing is due, in words, with the citation of the rule that says so."""
    code = contribution.not_due or ""
    cited = contribution.parameters
    if code == "exempt":
        category = category_label(exempt_reason) if exempt_reason else ""
        return _("notdue.exempt", category=category, source=cited[0].source).lstrip(": ")
    if code == "category":
        return _("notdue.category", source=cited[0].source)
    if code == "no_rate":
        rate = next((value for value in cited if value.param_id.endswith(".rate")), cited[-1])
        return _("notdue.no_rate", source=rate.source)
    return known(f"notdue.{code}", code)


def _plain(value: object, unit: str) -> str:
    if isinstance(value, bool):
        return _("rates.yes") if value else _("rates.no")
    if isinstance(value, Decimal):
        if unit == "ratio":
            return percent(value)
        if unit == "tenge":
            return money(value)
        words = known(f"unit.{unit}", "")
        return f"{decimal_text(value)} {words}".rstrip()
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, Rounding):
        return _("rounding.rule", quantum=decimal_text(value.quantum), mode=known(f"rounding.{value.mode}", value.mode))
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {_plain(item, '') or '—'}" for key, item in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(_plain(item, unit) for item in value) or _("rates.none")
    return str(value)


def _category_rule(table: Mapping[str, object]) -> str:
    parts = []
    for key, item in table.items():
        if key == "exempt_reason":
            parts.append(_("rates.exempt", category=category_label(str(item))) if item else _("rates.not_exempt"))
        else:
            scheme = _("rates.no_scheme") if item == NO_SCHEME else str(item)
            parts.append(f"{known(f'explain.short.{key}', key)}: {scheme}")
    return "; ".join(parts)


def param_value(value: ParamValue) -> str:
    """A parameter's value in full, as a person reads it: ``3 %``, ``20 МЗП``, ``85 000,00``."""
    if value.unit == "category" and isinstance(value.typed, Mapping):
        return _category_rule(value.typed)
    return _plain(value.typed, value.unit)


def law_note(value: ParamValue) -> str | None:
    """The value's note where it can be read: the law data's notes are English, so only in ``en``
    (its citation, in the language of the acts, is shown in every language)."""
    return value.note if current() == "en" else None


def rule_set_text(name: str) -> str:
    """A rule set's name for people: ``applied`` is the shipped law data, ``applied+a.toml`` that
    data with the user's rules files (the name itself stays as it is in manifests and the XML)."""
    files = name.split("+")[1:]
    return _("ruleset.with_files", files=", ".join(files)) if files else _("ruleset.shipped")
