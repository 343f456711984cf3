"""The spreadsheet vocabulary, loaded from ``aliases.toml``: how the user's columns, categories
and months may be spelt (the words we write are the message catalogs').

Headers and values are compared after :func:`normalise`, so a spelling differs from ours only in
what it says, never in case, spacing, punctuation or Kazakh-versus-Russian letters.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import attrs

from osms_payroll.i18n import _

LANGUAGES = ("ru", "kk", "en")
KINDS = ("iin", "text", "name_part", "period", "amount", "flag", "category")
#: Fields a sheet may hold that are not inputs: amounts the sheet computed itself.
REPORTED = ("oosms", "vosms")
#: The parts of a name given in separate columns, in the order they are joined.
NAME_PARTS = ("surname", "given_name", "patronymic")

_WORD = re.compile(r"\w+")
_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")


@lru_cache(maxsize=8192)  # header search normalises the same few cells once per candidate row and adapter
def normalise(text: str) -> str:
    """Lower-case letters and digits only, Kazakh letters folded to their Russian look-alikes."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    return "".join(_WORD.findall(folded)).replace("_", "")


def words(text: str) -> list[str]:
    """The words of ``text``, normalised one by one."""
    return [normalise(word) for word in _WORD.findall(unicodedata.normalize("NFKC", text))]


@lru_cache(maxsize=8192)  # the header search keys the same few labels once per candidate row and adapter
def _header_key(units: frozenset[str], label: str) -> str:
    return "".join(word for word in words(label) if word not in units)


@attrs.frozen
class Vocabulary:
    """Everything a reader or writer needs to speak the accountant's language."""

    kinds: Mapping[str, str]
    labels: Mapping[str, Mapping[str, tuple[str, ...]]]
    by_label: Mapping[str, tuple[str, str]]
    ambiguous: Mapping[str, Mapping[str, str]]
    groups: Mapping[str, tuple[str, ...]]
    ignored: frozenset[str]
    units: frozenset[str]
    totals: tuple[str, ...]
    category_labels: Mapping[str, Mapping[str, tuple[str, ...]]]
    categories: Mapping[str, str]
    months: Mapping[str, int]

    def header_key(self, label: str) -> str:
        """A header's lookup key: normalised, currency words dropped."""
        return _header_key(self.units, label)

    def field(self, label: str) -> tuple[str, str] | None:
        """``(field, language)`` a header label names, or None."""
        return self.by_label.get(self.header_key(label))

    def group(self, label: str) -> str | None:
        """Which block a merged group label opens (``withheld``, ``employer``), or None."""
        key = self.header_key(label)
        if not key:
            return None
        for kind, prefixes in self.groups.items():
            if any(key.startswith(prefix) for prefix in prefixes):
                return kind
        return None

    def is_totals(self, text: str) -> bool:
        key = normalise(text)
        return bool(key) and any(key.startswith(marker) for marker in self.totals)

    def category(self, text: str) -> str | None:
        """The category code a cell spells, or None."""
        return self.categories.get(normalise(text))


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files("osms_payroll.intake") / name).read_text(encoding="utf-8"))


def _labels_by_language(table: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(table.get(lang, ())) for lang in LANGUAGES}


def build(aliases: Mapping[str, Any]) -> Vocabulary:
    """Index the aliases; a spelling that names two things is an error here, not a guess later."""
    kinds: dict[str, str] = {}
    column_labels: dict[str, dict[str, tuple[str, ...]]] = {}
    by_label: dict[str, tuple[str, str]] = {}
    units = frozenset(normalise(word) for word in aliases["units"]["words"])

    def key_of(label: str) -> str:
        return "".join(word for word in words(label) if word not in units)

    def index(key: str, field: str, lang: str) -> None:
        seen = by_label.get(key)
        if seen is not None and seen[0] != field:
            raise ValueError(_("aliases.two_fields", label=repr(key), first=seen[0], second=field))
        by_label.setdefault(key, (field, lang))

    for field, table in aliases["columns"].items():
        if table.get("kind") not in KINDS:
            raise ValueError(_("aliases.no_kind", field=field, kinds=", ".join(KINDS)))
        kinds[field] = table["kind"]
        column_labels[field] = _labels_by_language(table)
        for lang, spellings in column_labels[field].items():
            for label in spellings:
                index(key_of(label), field, lang)
        index(key_of(field), field, "en")
    ambiguous: dict[str, dict[str, str]] = {}
    for table in aliases["ambiguous"].values():
        resolution = {kind: field for kind, field in table.items() if kind != "labels"}
        for label in table["labels"]:
            if key_of(label) in by_label:
                raise ValueError(_("aliases.ambiguous_alias", label=repr(label)))
            ambiguous[key_of(label)] = resolution
    category_labels = {code: _labels_by_language(table) for code, table in aliases["categories"].items()}
    categories: dict[str, str] = {}
    for code, by_lang in category_labels.items():
        for spelling in (code, *(label for spellings in by_lang.values() for label in spellings)):
            key = normalise(spelling)
            if categories.setdefault(key, code) != code:
                raise ValueError(f"aliases.toml: category spelling {spelling!r} names two categories")
    months: dict[str, int] = {}
    for names in aliases["months"].values():
        for number, spellings in enumerate(names, start=1):
            for spelling in spellings:
                months[normalise(spelling)] = number
    return Vocabulary(
        kinds=kinds,
        labels=column_labels,
        by_label=by_label,
        ambiguous=ambiguous,
        groups={kind: tuple(key_of(g) for g in labels_) for kind, labels_ in aliases["groups"].items()},
        ignored=frozenset(key_of(label) for label in aliases["ignored"]["labels"]),
        units=units,
        totals=tuple(normalise(marker) for marker in aliases["rows"]["totals"]),
        category_labels=category_labels,
        categories=categories,
        months=months,
    )


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, loaded once per process."""
    return build(_read("aliases.toml"))
