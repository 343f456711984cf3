"""Person and organisation names as Kazakh bank validators take them (remittance-formats.md §2).

/FM/ /NM/ /FT/, /CHIEF/ and /MAINBK/ may hold Latin, Cyrillic and Kazakh letters, ``.`` ``,`` ``-``
``'`` and spaces; brackets, digits, «», tabs and invisible characters are refused. Leading and
trailing spaces are trimmed and runs of spaces (tabs, no-break spaces) between words become one
space; nothing else in a name is ever changed (the State Corporation checks each name against
the ИИН), so a name that breaks a rule is reported with the rule, never repaired.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from osms_payroll.engine.model import PersonMonth
from osms_payroll.i18n import Message

#: Longest surname, first name, patronymic, head or chief accountant the strictest validator takes.
NAME_LIMIT = 54
#: Kazakh letters beyond the Russian alphabet; і/І are in cp1251 too.
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ" + KAZAKH_LETTERS
_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: What a person's name may hold.
PERSON_CHARACTERS = frozenset(CYRILLIC + _LATIN + ".,-' ")
#: An organisation's name may also hold digits, quotes and the number sign («ТОО «Ақниет-2020»»);
#: never ``/`` (it starts an MT102 sub-field) nor braces (they close an MT102 block).
ORGANISATION_CHARACTERS = PERSON_CHARACTERS | frozenset("0123456789«»\"№()&+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_OUTSIDE: dict[frozenset[str], re.Pattern[str]] = {}
_LATIN_RE = re.compile(f"[{_LATIN}]")
_CYRILLIC_RE = re.compile(f"[{CYRILLIC}]")
_INITIAL = re.compile(r"^\w\.?$")


class NameProblem(ValueError):
    """A name the bank cannot take; ``code`` is stable, the message (a catalog :class:`Message`)
    says what to fix (no name in it)."""

    def __init__(self, code: str, message: Message) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


@attrs.frozen
class PersonName:
    """``patronymic`` is empty when the person has none (Kazakh patronymics may be two words)."""

    surname: str
    given: str
    patronymic: str = ""

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.surname, self.given, self.patronymic) if part)


def clean(text: str) -> str:
    """Trim and collapse runs of spaces (also no-break and other Unicode spaces) to one space."""
    return " ".join(text.split())


def describe(char: str) -> str:
    """``'('`` → ``"'(' (LEFT PARENTHESIS)"``: a character named so that an invisible one shows."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    shown = char if char.isprintable() and not char.isspace() else code
    return f"{shown!r} ({name})" if name else repr(shown)


def bad_character(text: str, allowed: frozenset[str]) -> str | None:
    """The first character of ``text`` outside ``allowed``, else None (one regex search per call)."""
    pattern = _OUTSIDE.get(allowed)
    if pattern is None:
        pattern = _OUTSIDE[allowed] = re.compile("[^" + re.escape("".join(sorted(allowed))) + "]")
    found = pattern.search(text)
    return found.group() if found else None


def character_problem(what: Message, text: str, allowed: frozenset[str] = PERSON_CHARACTERS) -> Message | None:
    """Why ``text`` cannot stand in a bank list, or None (``what`` names the field: ``name.part.surname``)."""
    char = bad_character(text, allowed)
    if char is None:
        return None
    position = text.index(char) + 1
    kind = Message(f"name.kind.{character_kind(char)}")
    return Message("name.bad_character", what=what, kind=kind, char=describe(char), position=position)


def character_kind(char: str) -> str:
    """``digit``, ``invisible`` or ``other``: how a refused character is named to the person fixing it."""
    if char.isdigit():
        return "digit"
    if unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp") or not char.isprintable():
        return "invisible"
    return "other"


def split_name(full_name: str) -> PersonName:
    """First word the surname, second the first name, the rest the patronymic; checks every rule.

    Raises :class:`NameProblem` with a stable code: ``name.empty``, ``name.one_word``,
    ``name.character``, ``name.length``.
    """
    parts = full_name.split()
    if not parts:
        raise NameProblem("name.empty", Message("name.empty"))
    if len(parts) == 1:
        raise NameProblem("name.one_word", Message("name.one_word"))
    return check_name(PersonName(parts[0], parts[1], " ".join(parts[2:])))


def name_from_parts(surname: str, given: str, patronymic: str) -> PersonName:
    """A name given in three columns, kept as given (spaces trimmed), checked like a split one."""
    name = PersonName(clean(surname), clean(given), clean(patronymic))
    if not name.surname or not name.given:
        missing = Message("name.part.surname") if not name.surname else Message("name.part.given")
        raise NameProblem("name.part_missing", Message("name.part_missing", part=missing))
    return check_name(name)


def check_name(name: PersonName) -> PersonName:
    """Raise :class:`NameProblem` unless every part fits the character set and the length limit."""
    parts = (name.surname, name.given, name.patronymic)
    if bad_character("".join(parts), PERSON_CHARACTERS) is None and max(map(len, parts)) <= NAME_LIMIT:
        return name  # the common case: one search
    for part, value in (("surname", name.surname), ("given", name.given), ("patronymic", name.patronymic)):
        what = Message(f"name.part.{part}")
        problem = character_problem(what, value)
        if problem is not None:
            raise NameProblem("name.character", Message("name.character", problem=problem))
        if len(value) > NAME_LIMIT:
            raise NameProblem("name.length", Message("name.length", part=what, length=len(value), limit=NAME_LIMIT))
    return name


#: The last person named and their name (see :func:`person_name`).
_named: tuple[object, PersonName] = (None, PersonName("", ""))


def person_name(person: PersonMonth) -> PersonName:
    """The person's name for a bank list: the sheet's three columns when it has them, else split.

    The last person's name is remembered: every writer of a process names the same person in turn.
    """
    global _named
    named = _named
    if named[0] is person:
        return named[1]
    name = name_from_parts(*person.name_parts) if person.name_parts is not None else split_name(person.full_name)
    _named = (person, name)
    return name


def split_note(person: PersonMonth) -> Message | None:
    """How a name of more than three words was split (a guess worth a look), else None."""
    words = len(person.full_name.split())
    if person.name_parts is not None or words <= 3:  # legal-number-ok: surname, first name, patronymic
        return None
    return Message("name.split", words=words)


def name_warnings(name: PersonName) -> list[tuple[str, Message]]:
    """``(code, message)`` for a name the bank takes but that looks wrong: initials only, mixed scripts."""
    out: list[tuple[str, Message]] = []
    if _INITIAL.match(name.given) or (name.patronymic and _INITIAL.match(name.patronymic)):
        out.append(("name.initials", Message("name.initials")))
    full = name.full
    if not (_LATIN_RE.search(full) and _CYRILLIC_RE.search(full)):
        return out
    for word in full.replace("-", " ").split():
        if _LATIN_RE.search(word) and _CYRILLIC_RE.search(word):
            out.append(("name.mixed_script", Message("name.mixed_script")))
            break
    return out


def control_character(text: str) -> str | None:
    """The first control character in ``text`` (which no bank file or XML may hold), else None."""
    found = _CONTROL.search(text)
    return found.group() if found else None
