"""1C payroll registers: «Свод начислений и удержаний», «Расчётная ведомость» and their Kazakh editions.

One row per employee under a two-row header (``Начислено`` over the accruals and their total,
``Удержано`` over ИПН/ОПВ/ОСМС, the employer's ``Отчисления`` over ООСМС), department headings
between the people, subtotals per department and a grand total. The columns are read with the
alias vocabulary; what this adapter adds is recognising the report (its title or its personnel
number column), so it outranks the generic reading, and treating the department rows as headings.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from osms_payroll.intake.adapter import ColumnMap, HeaderRow
from osms_payroll.intake.headers import match_aliases
from osms_payroll.intake.vocabulary import normalise, vocabulary


@lru_cache(maxsize=1)
def markers() -> tuple[tuple[str, ...], frozenset[str]]:
    """The report titles (normalised) and personnel-number headers (header keys) of ``onec.toml`` beside this module."""
    data = tomllib.loads((resources.files("osms_payroll.adapters") / "onec.toml").read_text(encoding="utf-8"))
    words = vocabulary()
    return tuple(normalise(title) for title in data["titles"]), frozenset(words.header_key(h) for h in data["headers"])


@lru_cache(maxsize=4096)  # every candidate header row looks at the rows above it again
def _titled(text: str) -> bool:
    """Whether a text above a header is a 1C report's title."""
    normalised = normalise(text)
    return any(title in normalised for title in markers()[0])


class OneCAdapter:
    """Recognises a 1C register by its title or personnel-number column; one point above generic."""

    name = "1c"

    def match(self, header: HeaderRow) -> ColumnMap | None:
        headers = markers()[1]
        titled = any(map(_titled, header.above))
        numbered = any(vocabulary().header_key(label) in headers for label in header.labels)
        if not (titled or numbered):
            return None
        found = match_aliases(header)
        if not found.columns:
            return None
        return ColumnMap(self.name, len(found.columns) + 1, found.columns, found.language, section_rows=True, notes=found.notes)
