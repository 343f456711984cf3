"""The adapter plugin interface: recognise a header row and say which column holds what.

Adapters are found through the entry-point group ``osms_payroll.adapters``; each entry point names
a class (or any callable) that builds an adapter with no arguments. A third party ships its own
in its package's metadata::

    [project.entry-points."osms_payroll.adapters"]
    my_erp = "my_package.osms:MyErpAdapter"

Every adapter is shown every candidate header row; the best score wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Protocol

import attrs

from osms_payroll.i18n import _
from osms_payroll.intake.rows import InputError

GROUP = "osms_payroll.adapters"


@attrs.frozen
class HeaderRow:
    """A candidate header row, as text.

    ``labels[i]`` is column i's own header (taken from the cell above when this one is empty and
    the two are one vertically merged cell); ``groups[i]`` is the label of a merged block above it
    (``Удержано`` over ``ИПН | ОСМС``), '' when none; ``spans[i]`` is how many columns the label's
    own merged cell covers (a label over several columns is a group, not a column). ``above``
    holds the texts of the rows above (report titles). ``row`` is 1-based.
    """

    file: str
    sheet: str | None
    row: int
    labels: tuple[str, ...]
    groups: tuple[str, ...]
    spans: tuple[int, ...]
    above: tuple[str, ...] = ()


@attrs.frozen
class HeaderNote:
    """Something the adapter wants said about the header: a column (by position) or the whole (None)."""

    position: int | None
    code: str
    message: str


@attrs.frozen
class ColumnMap:
    """An adapter's reading of a header: which positions hold which field, and how sure it is.

    ``columns`` maps our fields (the contract columns, ``oosms``/``vosms``) to positions in
    :attr:`HeaderRow.labels`; ``full_name`` may list several positions (surname, name,
    patronymic), joined with a space. ``section_rows``: rows with text but no ИИН and no amount
    are headings of the register (1C department rows), skipped without a warning.
    ``categories`` adds spellings of category values (normalised) to the shipped ones.
    """

    adapter: str
    score: int
    columns: Mapping[str, tuple[int, ...]]
    language: str = "ru"
    section_rows: bool = False
    categories: Mapping[str, str] = attrs.field(factory=dict)
    notes: tuple[HeaderNote, ...] = ()


class SheetAdapter(Protocol):
    """What a plugin implements: a name (shown to the user) and :meth:`match`."""

    @property
    def name(self) -> str: ...

    def match(self, header: HeaderRow) -> ColumnMap | None:
        """How this header's columns map to ours, with a score; None when it is not this layout."""
        ...


@lru_cache(maxsize=1)
def _factories() -> tuple[tuple[str, Callable[[], SheetAdapter]], ...]:
    """The installed adapters' names and factories, looked up once: a look at the installed
    packages' entry points costs more than reading a small sheet (a bureau's run reads thousands)."""
    return tuple((entry.name, entry.load()) for entry in sorted(entry_points(group=GROUP), key=lambda ep: ep.name))


def load_adapters(names: Sequence[str] | None = None) -> list[SheetAdapter]:
    """The installed adapters, in entry-point name order (optionally only ``names``)."""
    found = [factory for name, factory in _factories() if names is None or name in names]
    if not found:
        raise InputError(_("adapter.none", group=repr(GROUP)))
    return [factory() for factory in found]

