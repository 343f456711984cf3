"""Reading inputs: every reader turns a file into :class:`SourceRow` items keyed by contract columns.

:func:`open_rows` reads CSV and workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) as they come from
accountants and 1C: headers in Russian, Kazakh or English found under title rows, amounts with
decimal commas, ИИН stored as numbers, totals rows. Adapters that recognise a layout are plugins
(:mod:`osms_payroll.sheets.adapter`).
"""

from osms_payroll.sheets.adapter import ColumnMap, HeaderRow, SheetAdapter, load_adapters
from osms_payroll.sheets.layout import SheetLayout
from osms_payroll.sheets.reader import open_rows
from osms_payroll.sheets.rows import InputError, RowSource, SourceRow

__all__ = [
    "ColumnMap",
    "HeaderRow",
    "InputError",
    "RowSource",
    "SheetAdapter",
    "SheetLayout",
    "SourceRow",
    "load_adapters",
    "open_rows",
]
