"""A person's full name split the way bank lists want it: surname, first name, patronymic."""

from __future__ import annotations

import re

import attrs

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class NameSplitError(ValueError):
    """A full name that cannot be split into at least a surname and a first name."""


@attrs.frozen
class PersonName:
    """``patronymic`` is empty when the person has none (Kazakh patronymics may be two words)."""

    surname: str
    given: str
    patronymic: str = ""


def split_name(full_name: str) -> PersonName:
    """First word the surname, second the first name, the rest the patronymic."""
    parts = full_name.split()
    if not parts:
        raise NameSplitError("the full_name is empty; bank lists need the surname and first name")
    if len(parts) == 1:
        raise NameSplitError("the full_name has one word; bank lists need the surname and first name (e.g. «Ахметов Данияр»)")
    return PersonName(parts[0], parts[1], " ".join(parts[2:]))


def control_character(text: str) -> str | None:
    """The first control character in ``text`` (which no bank file or XML may hold), else None."""
    found = _CONTROL.search(text)
    return found.group() if found else None
