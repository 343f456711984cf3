"""Inputs of the core: pay lines, and the person-month they are grouped into."""

from __future__ import annotations

from decimal import Decimal

import attrs

from osms_payroll.ids import iin as iin_id
from osms_payroll.issues import Location
from osms_payroll.money import ZERO, parse_amount
from osms_payroll.period import Period


def _valid_iin(_instance: object, _attribute: object, value: str) -> None:
    iin_id.validate(value)


def _amount_or_zero(value: str | Decimal | int) -> Decimal:
    # The default costs an identity check only: PayLine construction is on the core's hot path.
    return ZERO if value is ZERO else parse_amount(value)


def _optional_amount(value: str | Decimal | int | None) -> Decimal | None:
    return None if value is None else parse_amount(value)


@attrs.frozen
class PayLine:
    """One accrual for one person in one month (salary, bonus, a ГПХ fee…).

    ``source`` says where the line came from so results and errors can point back to it.
    """

    iin: str = attrs.field(validator=_valid_iin)
    period: Period
    gross: Decimal = attrs.field(converter=parse_amount)
    category: str = "employee"
    full_name: str = ""
    vosms_other_income: Decimal = attrs.field(default=ZERO, converter=_amount_or_zero)
    osms_excluded: bool = False
    #: Why the line is outside the ОСМС object: a reason code of ``law/data/exclusions.toml`` valid
    #: for the period (a code alone marks the line excluded; ``osms_excluded`` without one is refused).
    osms_exclusion: str = ""
    source: Location | None = None
    # Payslip inputs (engine/payslip/), ignored by the ОСМС core; ``net`` is the net pay a
    # gross-up (engine/payslip/grossup.py) searches the gross for.
    resident: bool = True
    standard_deduction: bool = True
    ytd_taxable_income: Decimal = attrs.field(default=ZERO, converter=_amount_or_zero)
    net: Decimal | None = attrs.field(default=None, converter=_optional_amount)
    #: Surname, first name, patronymic when the sheet gives them in three columns (bank lists
    #: take them apart; a single ``full_name`` is split by the writers).
    name_parts: tuple[str, str, str] | None = None
    #: The person was hired, or dismissed, in this month (the 2026 СН minimum base does not apply).
    hired_in_month: bool = False
    dismissed_in_month: bool = False

    @property
    def excluded(self) -> bool:
        """Outside the ОСМС object: marked so, or given a reason."""
        return self.osms_excluded or bool(self.osms_exclusion)


@attrs.frozen(slots=False)  # built per person: dict-backed frozen init is ~3x faster
class PersonMonth:
    """All lines of one person in one period: the unit the law caps and rounds."""

    iin: str
    period: Period
    category: str
    full_name: str
    gross: Decimal
    excluded: Decimal
    vosms_other_income: Decimal
    lines: tuple[PayLine, ...]
    name_parts: tuple[str, str, str] | None = None

    @property
    def osms_object(self) -> Decimal:
        """Gross accrued income inside the ОСМС object (lines marked excluded left out)."""
        return self.gross - self.excluded if self.excluded else self.gross

    @classmethod
    def of(cls, line: PayLine) -> PersonMonth:
        return cls.from_lines((line,))

    @classmethod
    def from_lines(cls, lines: tuple[PayLine, ...]) -> PersonMonth:
        """Merge lines that belong together; the caller has checked they agree."""
        first = lines[0]
        if len(lines) == 1:
            return cls(
                first.iin, first.period, first.category, first.full_name, first.gross,
                first.gross if first.excluded else ZERO, first.vosms_other_income, lines, first.name_parts,
            )
        gross = ZERO
        excluded = ZERO
        other = ZERO
        name = ""
        parts = None
        for line in lines:
            gross += line.gross
            if line.excluded:
                excluded += line.gross
            other = max(other, line.vosms_other_income)
            if not name and line.full_name:
                name, parts = line.full_name, line.name_parts
        return cls(first.iin, first.period, first.category, name, gross, excluded, other, lines, parts)
