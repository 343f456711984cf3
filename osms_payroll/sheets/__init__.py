"""Reading inputs: every reader turns a file into :class:`SourceRow` items keyed by contract columns."""

from osms_payroll.sheets.rows import InputError, RowSource, SourceRow, open_rows

__all__ = ["InputError", "RowSource", "SourceRow", "open_rows"]
