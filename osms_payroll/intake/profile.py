"""Mapping profiles: a small TOML file that names a workbook's own columns, for ``--profile``.

Example (``my-payroll.toml``)::

    [profile]
    name = "ТОО «Ромашка», ведомость"
    sheet = "Зарплата"          # optional: the sheet to read
    header_row = 4              # optional: where the header is (1-based)

    [columns]                   # our field = their header (a name in parts: a list)
    iin = "ИИН сотр."
    full_name = ["Фамилия", "Имя", "Отчество"]
    gross = "Итого к начислению"
    vosms = "ОСМС удерж."       # their own ВОСМС, to reconcile

    [categories]                # their spelling = our category code
    "Пенс." = "pensioner"

Columns the profile does not name are still found by the alias vocabulary.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import Message, _
from osms_payroll.intake.adapter import ColumnMap, HeaderNote, HeaderRow
from osms_payroll.intake.headers import match_aliases
from osms_payroll.intake.rows import CONTRACT_COLUMNS, InputError
from osms_payroll.intake.vocabulary import REPORTED, normalise, vocabulary

_TABLES = {"profile": {"name", "sheet", "header_row"}, "columns": None, "categories": None}


@attrs.frozen
class ProfileAdapter:
    """The user's names for our fields; found columns win over the vocabulary's guesses."""

    name: str
    columns: Mapping[str, tuple[str, ...]]
    categories: Mapping[str, str] = attrs.field(factory=dict)
    sheet: str | None = None
    header_row: int | None = None

    def match(self, header: HeaderRow) -> ColumnMap | None:
        vocab = vocabulary()
        keys = {vocab.header_key(label): position for position, label in enumerate(header.labels) if label}
        combined = {
            vocab.header_key(f"{group} {label}"): position
            for position, (label, group) in enumerate(zip(header.labels, header.groups, strict=True))
            if label and group
        }
        named: dict[str, tuple[int, ...]] = {}
        notes: list[HeaderNote] = []
        for field, labels in self.columns.items():
            positions = [keys.get(vocab.header_key(label), combined.get(vocab.header_key(label))) for label in labels]
            if any(position is None for position in positions):
                missing = [label for label, position in zip(labels, positions, strict=True) if position is None]
                notes.append(HeaderNote(None, "profile.column_missing", Message(
                    "profile.column_missing", profile=repr(self.name), labels=", ".join(map(repr, missing)), field=field,
                )))
                continue
            named[field] = tuple(p for p in positions if p is not None)
        if not named:
            return None
        taken = {position for positions in named.values() for position in positions}
        guessed = match_aliases(header)
        columns = {
            field: positions
            for field, positions in guessed.columns.items()
            if field not in named and not taken.intersection(positions)
        }
        columns.update(named)
        return ColumnMap(self.name, len(columns), columns, guessed.language, categories=self.categories, notes=tuple(notes))


def _fail(path: Path, message: str) -> InputError:
    return InputError(f"{path}: {message}")


def load_profile(path: Path) -> ProfileAdapter:
    """Read and check a profile file; anything wrong is an :class:`InputError` naming the key."""
    try:
        document: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(path, _("mapping.unreadable", reason=exc.strerror)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(path, _("mapping.not_toml", reason=exc)) from None
    for table, keys in _TABLES.items():
        value = document.get(table, {})
        if not isinstance(value, dict):
            raise _fail(path, _("mapping.not_table", table=table))
        if keys is not None and set(value) - keys:
            raise _fail(path, _("mapping.unknown_keys", table=table, keys=sorted(set(value) - keys), allowed=sorted(keys)))
    if set(document) - set(_TABLES):
        raise _fail(path, _("mapping.unknown_tables", tables=sorted(set(document) - set(_TABLES)), allowed=sorted(_TABLES)))
    fields = {*CONTRACT_COLUMNS, *REPORTED}
    columns: dict[str, tuple[str, ...]] = {}
    for field, labels in document.get("columns", {}).items():
        if field not in fields:
            raise _fail(path, _("mapping.unknown_field", field=repr(field), fields=", ".join(sorted(fields))))
        spelled = (labels,) if isinstance(labels, str) else labels
        if not (isinstance(spelled, list | tuple) and spelled and all(isinstance(s, str) and s.strip() for s in spelled)):
            raise _fail(path, _("mapping.not_names", field=field))
        if len(spelled) > 1 and field != "full_name":
            raise _fail(path, _("mapping.one_column", field=field))
        columns[field] = tuple(spelled)
    if not columns:
        raise _fail(path, _("mapping.no_columns"))
    categories = {}
    for spelling, code in document.get("categories", {}).items():
        if not isinstance(code, str):
            raise _fail(path, _("mapping.category", spelling=repr(spelling)))
        categories[normalise(spelling)] = code
    meta = document.get("profile", {})
    header_row = meta.get("header_row")
    if header_row is not None and not (isinstance(header_row, int) and header_row >= 1):
        raise _fail(path, _("mapping.header_row"))
    sheet = meta.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise _fail(path, _("mapping.sheet"))
    name = meta.get("name", Path(path).stem)
    return ProfileAdapter(str(name), columns, categories, sheet, header_row)
