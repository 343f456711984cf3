"""The generic adapter: every header the alias vocabulary knows, in any order, under any title rows."""

from __future__ import annotations

from osms_payroll.intake.adapter import ColumnMap, HeaderRow
from osms_payroll.intake.headers import match_aliases


class GenericAdapter:
    """Scores a header by the number of columns it recognises."""

    name = "generic"

    def match(self, header: HeaderRow) -> ColumnMap | None:
        found = match_aliases(header)
        if not found.columns:
            return None
        return ColumnMap(self.name, len(found.columns), found.columns, found.language, notes=found.notes)
