"""The persons of an XML remittance read back at the speed of reading: the writer's own markup,
checked byte for byte against the schema's types.

Validating 100 000 persons with the XSD costs more than writing them (the ``cites`` lists alone, a
pattern per reference, are half of it). The persons are written as text in one fixed form, so they
are read back by patterns of exactly that form: what varies from person to person (ИИН, names,
birth date, amounts) is checked on every person; what repeats (a category, a rule's part of a
contribution) is checked in full the first time it is met. The patterns are never looser than the
XSD's types (a property test holds them to the XSD), so a person they take, the XSD takes; a
person they refuse is then given to the XSD, whose words say what is wrong.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from osms_payroll.money import ZERO

#: An attribute's value as the writer escapes it: no markup, no control character (runs of plain
#: characters between references, which the engine takes in one step, not a choice per character);
#: :data:`_FILLED`: one that is not empty (a ``"`` follows each).
_TEXT = rb'[^"<&\x00-\x1f]*(?:&(?:amp|lt|gt|quot|#9|#10|#13);[^"<&\x00-\x1f]*)*'
_FILLED = rb'(?!")' + _TEXT
#: Money as written: no sign, no leading or trailing zero, at most two decimals (the XSD: a decimal
#: ≥ 0 of two places), so an amount above zero is any but ``0``.
_MONEY = rb"(?:0|[1-9][0-9]{0,17})(?:\.[0-9]?[1-9])?"
_CODE = rb"[a-z][a-z0-9_]*"
_REF = rb"[a-z0-9_.]+@[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?"

_PERSON = re.compile(
    rb'<person iin="[0-9]{12}" fullName="' + _TEXT + rb'"'
    rb'(?: surname="' + _FILLED + rb'" givenName="' + _FILLED + rb'"(?: patronymic="' + _FILLED + rb'")?)?'
    rb'(?: birthDate="([0-9]{4}-[0-9]{2}-[0-9]{2})")?'
    rb'( category="[^"]*"(?: exemptReason="[^"]*")?) gross="' + _MONEY + rb'"( categoryRule="[^"]*">)'
    rb"((?:\n  <contribution [^>]*></contribution>)+)\n</person>\n"
)
_CONTRIBUTION = re.compile(
    rb'(\n  <contribution kind="' + _CODE + rb'"(?: knp="[0-9]{3}")? baseBeforeCap=")' + _MONEY + rb'" base="' + _MONEY
    + rb'(" rate="[^"]*" amount=")(' + _MONEY + rb')("[^>]*></contribution>)'
)
#: The repeating parts in full: checked once each.
_CATEGORY = re.compile(rb' category="' + _CODE + rb'"(?: exemptReason="' + _CODE + rb'")?')
_CATEGORY_RULE = re.compile(rb' categoryRule="' + _REF + rb'">')
_RULE = re.compile(
    rb'\n  <contribution kind="' + _CODE + rb'"(?: knp="([0-9]{3})")? baseBeforeCap="0" base="0"'
    rb' rate="(?:0|1|0\.[0-9]{1,16}|1\.0{1,16})" amount="0"(?: notDue="' + _CODE + rb'")?'
    rb'(?: reason="' + _FILLED + rb'")? cites="(?:' + _REF + rb"(?: " + _REF + rb")*)?" + rb'"></contribution>'
)
#: Repeating parts remembered, at most (a handful of rules and categories in a real month).
_KNOWN = 4096
#: U+FFFE and U+FFFF: valid UTF-8, not XML characters.
_NON_CHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


class PersonsMismatch(ValueError):
    """Persons not in the form this writer writes; ``offset`` is where the first such person starts."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class _NotAsWritten(Exception):
    """A part of a person that is not as the writer writes it."""


class PersonsCheck:
    """Persons, and the sums and counts of their amounts above zero by KNP, folded from the
    persons' bytes as they are written (whole persons at a time)."""

    def __init__(self) -> None:
        self.persons = 0
        self.sums: dict[str | None, Decimal] = {}
        self.counts: dict[str | None, int] = {}
        self._categories: set[tuple[bytes, bytes]] = set()
        self._rules: dict[tuple[bytes, bytes, bytes], str | None] = {}

    def feed(self, data: bytes) -> None:
        """Fold the persons of ``data``; raises :class:`PersonsMismatch` at the first one not as written."""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PersonsMismatch(_person_at(data, exc.start)) from None
        for mark in _NON_CHARACTERS:
            if mark in data:
                raise PersonsMismatch(_person_at(data, data.index(mark)))
        match, at, end = _PERSON.match, 0, len(data)
        sums, counts = self.sums, self.counts
        while at < end:
            person = match(data, at)
            if person is None:
                raise PersonsMismatch(at)
            birth, category, category_rule, contributions = person.groups()
            try:
                if birth is not None:
                    date.fromisoformat(birth.decode())
                self._category(category, category_rule)
                found = _CONTRIBUTION.findall(contributions)
                if len(found) != contributions.count(b"<contribution "):
                    raise _NotAsWritten
                for head, rate, amount, tail in found:
                    knp = self._rule(head, rate, tail)
                    if amount != b"0":
                        sums[knp] = sums.get(knp, ZERO) + Decimal(amount.decode())
                        counts[knp] = counts.get(knp, 0) + 1
            except (ValueError, _NotAsWritten):  # ValueError: a birth date that is no day
                raise PersonsMismatch(at) from None
            self.persons += 1
            at = person.end()

    def _category(self, category: bytes, rule: bytes) -> None:
        key = (category, rule)
        if key in self._categories:
            return
        if not (_CATEGORY.fullmatch(category) and _CATEGORY_RULE.fullmatch(rule)):
            raise _NotAsWritten
        if len(self._categories) < _KNOWN:
            self._categories.add(key)

    def _rule(self, head: bytes, rate: bytes, tail: bytes) -> str | None:
        """The KNP of a contribution's rule part (None if it has none), checked in full when first met."""
        key = (head, rate, tail)
        if key in self._rules:
            return self._rules[key]
        whole = _RULE.fullmatch(head + b'0" base="0' + rate + b"0" + tail)
        if whole is None:
            raise _NotAsWritten
        knp = None if whole.group(1) is None else whole.group(1).decode()
        if len(self._rules) < _KNOWN:
            self._rules[key] = knp
        return knp


def _person_at(data: bytes, offset: int) -> int:
    """Where the person holding ``offset`` starts."""
    return max(data.rfind(b"<person ", 0, offset + 1), 0)
