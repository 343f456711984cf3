"""Reading inputs: every reader turns a file into :class:`SourceRow` items keyed by contract columns.

:func:`open_rows` reads CSV and workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) as they come from
accountants and 1C: headers in Russian, Kazakh or English found under title rows, amounts with
decimal commas, ИИН stored as numbers, totals rows. Adapters that recognise a layout are plugins
(:mod:`osms_payroll.intake.adapter`).
"""

from osms_payroll.intake.adapter import ColumnMap, HeaderRow, SheetAdapter, load_adapters
from osms_payroll.intake.layout import SheetLayout
from osms_payroll.intake.reader import open_rows
from osms_payroll.intake.rows import InputError, RowSource, SourceRow

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
