"""``python -m osms_payroll`` runs the CLI."""

from osms_payroll.cli import main

main()
