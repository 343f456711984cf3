"""The declared value types of the law data: what a value of each unit must look like.

A parameter's ``unit`` names its type in :data:`UNITS`; a parameter whose values are a closed
choice, a flag, a date or a list is further typed by its id in :data:`PARAMETERS` (``*`` stands
for a scheme family). Each type parses the TOML value once, at load, into the typed value rules
read, and gives back the value as it is cited (the ``calc`` contract, schema 1, and the remittance
files show it so). A new file with a new unit plugs in by declaring its type here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Protocol

import attrs

from osms_payroll.i18n import Message
from osms_payroll.money import ROUNDING_MODES, Rounding

#: A value as it is cited: a number, a text, or a table of texts.
Cited = Decimal | str | Mapping[str, str]
#: A value as rules read it.
Typed = Decimal | str | bool | datetime.date | tuple[str, ...] | Mapping[str, str] | Rounding | StrEnum


class SchemaError(ValueError):
    """A value that does not fit its declared type; the loader adds the file and key."""


class CapScope(StrEnum):
    """Whose income a cap counts: this employer's payments, or the person's from all employers."""

    EMPLOYER = "employer"
    PERSON_TOTAL = "person_total"


class BandMethod(StrEnum):
    """How a tax agent applies the annual ИПН band in a month."""

    YTD = "ytd"
    MONTHLY = "monthly"


class SoOffset(StrEnum):
    """Whether the СО are subtracted from the computed СН."""

    DEDUCT = "deduct"
    NONE = "none"


class EmployerPayment(StrEnum):
    """Employer payments a КПН rule may name."""

    OOSMS = "oosms"
    OPVR = "opvr"
    SO = "so"
    SN = "sn"


class Payer(StrEnum):
    """Who pays ОСМС: an employer (or ГПХ customer as tax agent), a payer for themselves (ИП,
    notary, bailiff, lawyer, mediator), a voluntary payer."""

    EMPLOYER = "employer"
    SELF = "self"
    VOLUNTARY = "voluntary"


class ValueType(Protocol):
    @property
    def unit(self) -> str:
        """The unit the type is declared and cited with."""

    def parse(self, raw: object) -> Typed: ...

    def cite(self, value: Typed) -> Cited: ...


def _text(raw: object, *, empty: bool = False) -> str:
    if not isinstance(raw, str) or not (empty or raw.strip()):
        raise SchemaError(Message("schema.text_any", raw=repr(raw)) if empty else Message("schema.text", raw=repr(raw)))
    return raw


def _number(raw: object, *, most: Decimal | None = None) -> Decimal:
    if not isinstance(raw, str):
        raise SchemaError(Message("schema.quoted", raw=repr(raw)))
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise SchemaError(Message("schema.not_number", raw=repr(raw))) from None
    if not number.is_finite() or number < 0:
        raise SchemaError(Message("schema.negative", raw=repr(raw)))
    if most is not None and number > most:
        raise SchemaError(Message("schema.between", least=0, most=most, raw=raw))
    return number


@attrs.frozen
class Number:
    """A non-negative decimal, written as a quoted string; a ratio is at most 1."""

    unit: str
    most: Decimal | None = None

    def parse(self, raw: object) -> Decimal:
        return _number(raw, most=self.most)

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, Decimal)
        return value


@attrs.frozen
class Whole:
    """A whole number in ``least``..``most``: a count of days, a day of the month."""

    unit: str
    least: int = 0
    most: int | None = None

    def parse(self, raw: object) -> Decimal:
        number = _number(raw)
        if number != number.to_integral_value():
            raise SchemaError(Message("schema.whole", raw=raw))
        if number < self.least or (self.most is not None and number > self.most):
            if self.most is None:
                raise SchemaError(Message("schema.least", least=self.least, raw=raw))
            raise SchemaError(Message("schema.between", least=self.least, most=self.most, raw=raw))
        return number

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, Decimal)
        return value


@attrs.frozen
class Text:
    """A code or a text; ``empty`` allows the empty string (a table column that may be blank)."""

    unit: str
    empty: bool = False

    def parse(self, raw: object) -> str:
        return _text(raw, empty=self.empty)

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, str)
        return value


#: A scheme column's word for "this payment is not made".
NO_SCHEME = "none"


@attrs.frozen
class Scheme(Text):
    """A table column naming a scheme (a parameter family with a ``.rate``) or ``none``; the loader
    checks the family exists once every file is read."""


@attrs.frozen
class Choice:
    """One of a closed set of values, read as a member of ``allowed``."""

    unit: str
    allowed: type[StrEnum]

    def parse(self, raw: object) -> StrEnum:
        try:
            return self.allowed(_text(raw))
        except ValueError:
            raise SchemaError(Message("schema.choice", allowed=", ".join(repr(m.value) for m in self.allowed), raw=repr(raw))) from None

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, StrEnum)
        return value.value


@attrs.frozen
class Flag:
    """Yes or no, written as a TOML boolean; cited as ``yes``/``no``."""

    unit: str

    def parse(self, raw: object) -> bool:
        if not isinstance(raw, bool):
            raise SchemaError(Message("schema.flag", raw=repr(raw)))
        return raw

    def cite(self, value: Typed) -> Cited:
        return "yes" if value else "no"


@attrs.frozen
class Date:
    """A calendar date, written as a TOML date (``1975-01-01``, unquoted)."""

    unit: str

    def parse(self, raw: object) -> datetime.date:
        if not isinstance(raw, datetime.date) or isinstance(raw, datetime.datetime):
            raise SchemaError(Message("schema.date", raw=repr(raw)))
        return raw

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, datetime.date)
        return value.isoformat()


@attrs.frozen
class Items:
    """A list of distinct members of ``allowed``, written as a TOML array; cited space-separated."""

    unit: str
    allowed: type[StrEnum]

    def parse(self, raw: object) -> tuple[str, ...]:
        if not isinstance(raw, list):
            raise SchemaError(Message("schema.items", example=next(iter(self.allowed)).value, raw=repr(raw)))
        items = tuple(Choice(self.unit, self.allowed).parse(item).value for item in raw)
        if len(set(items)) != len(items):
            raise SchemaError(Message("schema.twice", raw=repr(raw)))
        return items

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, tuple)
        return " ".join(value)


@attrs.frozen
class Table:
    """A table with exactly these columns, each of its own type."""

    unit: str
    columns: Mapping[str, Text | Number]

    @property
    def schemes(self) -> tuple[str, ...]:
        """The columns that name a scheme."""
        return tuple(key for key, column in self.columns.items() if isinstance(column, Scheme))

    def parse(self, raw: object) -> Mapping[str, str]:
        if not isinstance(raw, dict) or set(raw) != set(self.columns):
            raise SchemaError(Message("schema.table", keys=sorted(self.columns)))
        out: dict[str, str] = {}
        for key, column in self.columns.items():
            try:
                out[key] = str(column.parse(raw[key]))
            except SchemaError as exc:
                raise SchemaError(Message("schema.column", key=repr(key), unit=column.unit, reason=exc.args[0])) from None
        return out

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, Mapping)
        return dict(value)


@attrs.frozen
class RoundingRule:
    """How amounts are rounded: a table of ``quantum`` (tenge) and ``mode``."""

    unit: str

    def parse(self, raw: object) -> Rounding:
        table = Table(self.unit, {"quantum": Number("tenge"), "mode": Text("code")}).parse(raw)
        if table["mode"] not in ROUNDING_MODES:
            allowed = ", ".join(repr(mode) for mode in ROUNDING_MODES)
            raise SchemaError(Message("schema.mode", allowed=allowed, raw=repr(table["mode"])))
        quantum = Decimal(table["quantum"])
        if not quantum:
            raise SchemaError(Message("schema.quantum"))
        return Rounding(quantum, table["mode"])

    def cite(self, value: Typed) -> Cited:
        assert isinstance(value, Rounding)
        return {"quantum": str(value.quantum), "mode": value.mode}


_CODE = Text("code")
_SCHEME = Scheme("code")

#: The type of each unit a parameter may declare.
UNITS: Mapping[str, ValueType] = {
    "ratio": Number("ratio", Decimal(1)),
    "tenge": Number("tenge"),
    "mzp": Number("mzp"),
    "mrp": Number("mrp"),
    "years": Number("years"),
    "percent_per_year": Number("percent_per_year", Decimal(100)),  # legal-number-ok: a percentage's bound
    "multiple": Number("multiple"),
    "days": Whole("days"),
    "day_of_month": Whole("day_of_month", 1, 31),  # legal-number-ok: the longest month
    "code": _CODE,
    "text": Text("text"),
    "category": Table("category", {"oosms": _SCHEME, "vosms": _SCHEME, "exempt_reason": Text("text", empty=True)}),
    "payslip_category": Table("payslip_category", {name: _SCHEME for name in ("opv", "opvr", "so", "sn", "ipn")}),
    "bank": Table("bank", {"bic": _CODE, "name": Text("text")}),
    "rounding": RoundingRule("rounding"),
    # A row of the payments table (payments.toml): parameter ids, label key, remittance, engine, category column.
    "payment": Table("payment", {key: _CODE for key in ("knp", "recipient", "label", "list", "engine", "category_column")}),
}

#: Parameters typed beyond their unit, by id (``*`` matches a scheme family).
PARAMETERS: Mapping[str, ValueType] = {
    "*.cap_scope": Choice("code", CapScope),
    "*.band_method": Choice("code", BandMethod),
    "*.so_offset": Choice("code", SoOffset),
    "*.vosms_deductible": Flag("code"),
    "*.withheld": Flag("code"),
    "*.ipn_deductible": Flag("code"),
    "*.floor_waived_on_hire_or_dismissal": Flag("code"),
    "*.born_from": Date("code"),
    "kpn.deductible": Items("code", EmployerPayment),
    "penalty.not_charged": Items("code", Payer),
}


#: The yearly reference values other amounts are counted in (a unit named like the parameter), as an
#: accountant names them: a period they do not cover is refused naming each one missing.
REFERENCES: Mapping[str, str] = {
    "mzp": "МЗП (minimum monthly wage)",
    "mrp": "МРП (monthly calculation index)",
}


def type_of(param_id: str, unit: str) -> ValueType:
    """The declared type of ``param_id`` with ``unit``; SchemaError if the two disagree."""
    for pattern, declared in PARAMETERS.items():
        if fnmatchcase(param_id, pattern):
            if declared.unit != unit:
                raise SchemaError(Message("schema.unit", declared=repr(declared.unit), unit=repr(unit)))
            return declared
    found = UNITS.get(unit)
    if found is None:
        raise SchemaError(Message("schema.unknown_unit", unit=repr(unit), known=", ".join(sorted(UNITS))))
    return found
