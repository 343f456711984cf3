"""Spreadsheet adapters shipped with osms-payroll, registered in the ``osms_payroll.adapters`` entry-point group.

- :mod:`osms_payroll.adapters.generic`: any sheet whose headers are in the alias vocabulary;
- :mod:`osms_payroll.adapters.onec`: 1C payroll registers («Свод начислений и удержаний», «Расчётная ведомость»);
- :mod:`osms_payroll.intake.profile`: a user's TOML mapping of their own column names (``--profile``).

A third-party adapter implements :class:`osms_payroll.intake.adapter.SheetAdapter` and registers
itself in the same group from its own package.
"""
