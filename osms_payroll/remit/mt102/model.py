"""What reading an MT102 list gives: its header, person records, a summary, and located issues."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from osms_payroll.period import Period


@attrs.frozen
class Mt102Issue:
    """A problem on one line; ``level`` is ``error`` (the bank refuses the list) or ``warning``."""

    line: int
    code: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"line {self.line}: {self.code}: {self.message}"


@attrs.frozen
class Mt102Person:
    """One sequence-B record. ``period`` falls back to the header's ``/PERIOD/`` if the record has none.

    ``code`` is the ``/OPV/`` list code, None for a bare ``:70:`` line.
    """

    line: int
    number: int | None
    amount: Decimal | None
    code: str | None
    surname: str
    given: str
    patronymic: str
    birth_date: date | None
    iin: str
    period: Period | None


@attrs.frozen
class Mt102Header:
    """Sequence A: payer, beneficiary and the payment order."""

    reference: str
    payer_iban: str
    payer_name: str
    payer_idn: str
    chief: str
    chief_accountant: str
    payer_irs: str
    payer_seco: str
    payer_bic: str
    beneficiary_bic: str
    beneficiary_iban: str
    beneficiary_name: str
    beneficiary_idn: str
    beneficiary_irs: str
    beneficiary_seco: str
    number: str
    doc_date: date | None
    knp: str
    purpose: str
    period: Period | None
    terminal: str | None


@attrs.frozen
class Mt102Summary:
    """What a check found. ``digest`` fingerprints the (ИИН, amount) sequence for round-trip checks.

    ``issues`` are the errors (the first ones kept, ``issue_count`` all of them); ``warnings``
    do not fail the check.
    """

    source: str
    header: Mt102Header | None
    persons: int
    total: Decimal | None
    sum: Decimal
    value_date: date | None
    periods: tuple[Period, ...]
    digest: str
    issues: tuple[Mt102Issue, ...]
    issue_count: int
    encoding: str = ""
    warnings: tuple[Mt102Issue, ...] = ()

    @property
    def ok(self) -> bool:
        return self.issue_count == 0


@attrs.frozen
class Mt102Document:
    summary: Mt102Summary
    persons: tuple[Mt102Person, ...]


class Mt102Error(ValueError):
    """A file that failed the check; the message lists the problems with their line numbers."""

    def __init__(self, summary: Mt102Summary) -> None:
        self.summary = summary
        super().__init__("\n".join(f"{summary.source}: {issue}" for issue in summary.issues))
