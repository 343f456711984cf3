"""Where the data of an opened input sits: what write-back, reconciliation and messages point into."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen
class SheetLayout:
    """The header the reader settled on.

    ``columns`` maps our fields to 1-based column numbers (a name in parts: its first column);
    ``last_column`` is the rightmost column with a header. ``adapter`` names the plugin that
    recognised the header, ``language`` the language most of its labels are in.
    """

    sheet: str | None
    header_row: int
    columns: Mapping[str, int]
    last_column: int
    adapter: str
    language: str
