"""Spreadsheet adapters shipped with osms-payroll, registered in the ``osms_payroll.adapters`` entry-point group.

- :mod:`integrations.generic`: any sheet whose headers are in the alias vocabulary;
- :mod:`integrations.onec`: 1C payroll registers («Свод начислений и удержаний», «Расчётная ведомость»);
- :mod:`integrations.profile`: a user's TOML mapping of their own column names (``--profile``).

A third-party adapter implements :class:`osms_payroll.sheets.adapter.SheetAdapter` and registers
itself in the same group from its own package.
"""
