"""Persons the bank cannot take, set aside one by one before any writer sees them.

A name that cannot be written (one word, brackets, digits, «», invisible characters, too long,
a letter the list's encoding lacks) is that person's problem, not the file's: the stream calls
:func:`bank_problems` once per result, and a person with problems is rejected like a bad row —
left out of every output, listed in the errors report, counted as rejected — while everyone
else is written. Doubtful but writable names (initials, mixed alphabets, a long name split by
guess) come back as warnings.
"""

from __future__ import annotations

import functools
import re

import attrs

from osms_payroll.engine.model import PersonMonth
from osms_payroll.engine.result import Result
from osms_payroll.i18n import Message
from osms_payroll.ids import mask
from osms_payroll.issues import Issue, IssueLog
from osms_payroll.remit.mt102.encoding import encode
from osms_payroll.remit.names import (
    CYRILLIC, NAME_LIMIT, NameProblem, control_character, describe, name_warnings, person_name, split_note,
)
from osms_payroll.remit.payer import Mt102Profile


@attrs.frozen
class Screening:
    """What :func:`bank_problems` found for one person: ``errors`` reject them, ``warnings`` do not."""

    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()


_CLEAR = Screening()


def _issue(person: PersonMonth, code: str, message: Message) -> Issue:
    """Located at the person's first row, ИИН masked."""
    location = person.lines[0].source if person.lines else None
    return Issue(code, Message("remit.person", iin=mask(person.iin), message=message), location, "full_name")


@functools.lru_cache(maxsize=8)
def plain_name(encoding: str, transliterate: bool) -> re.Pattern[str]:
    """A name that passes every check of :func:`bank_problems` at a glance: two or three words of
    two or more Cyrillic letters that ``encoding`` writes, one space apart (no initials, no mixed
    alphabets, nothing to split by guess): most names, screened by one match."""
    letters = "".join(letter for letter in CYRILLIC if _encodes(letter, encoding, transliterate))
    word = f"[{letters}]{{2,{NAME_LIMIT}}}"
    return re.compile(f"{word} {word}(?: {word})?")


def _encodes(text: str, encoding: str, transliterate: bool) -> bool:
    try:
        encode(text, encoding, transliterate)
    except UnicodeEncodeError:
        return False
    return True


def bank_problems(result: Result, profile: Mt102Profile) -> Screening:
    """Check that the bank can take this person's name as the profile writes it (encoding, transliteration).

    A person who owes nothing this month is in no bank list, so is not screened.
    """
    if all(contribution.amount <= 0 for contribution in result.contributions.values()):
        return _CLEAR
    person = result.person
    if person.name_parts is None and plain_name(profile.encoding, profile.transliterate).fullmatch(person.full_name):
        return _CLEAR
    return screen_name(result, profile)


def screen_name(result: Result, profile: Mt102Profile) -> Screening:
    """Every check of a name, one after another, for a person in a bank list."""
    person = result.person
    rows = len(person.lines)
    left_out = functools.partial(Message, "screen.left_out_rows", rows=rows) if rows > 1 else functools.partial(Message, "screen.left_out")

    bad = control_character(person.full_name)
    if bad is not None:
        return Screening((_issue(person, "name.character", left_out(problem=Message("screen.control", char=describe(bad)))),))
    try:
        name = person_name(person)
    except NameProblem as exc:
        return Screening((_issue(person, exc.code, left_out(problem=exc.message)),))
    try:
        encode(name.full, profile.encoding, profile.transliterate)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        problem = Message("screen.encoding", char=describe(char), encoding=profile.encoding)
        return Screening((_issue(person, "name.encoding", left_out(problem=problem)),))
    warnings = [_issue(person, code, message) for code, message in name_warnings(name)]
    note = split_note(person)
    if note is not None:
        warnings.append(_issue(person, "name.split", note))
    return Screening((), tuple(warnings)) if warnings else _CLEAR


class BankScreen:
    """:func:`bank_problems` as the stream's screen: returns a person's errors; the warnings go into
    the run's log (which keeps the first of each code and counts the rest)."""

    def __init__(self, profile: Mt102Profile, log: IssueLog) -> None:
        self.profile = profile
        self.log = log

    def __call__(self, result: Result) -> tuple[Issue, ...]:
        screening = bank_problems(result, self.profile)
        for warning in screening.warnings:
            self.log.warn(warning)
        return screening.errors
