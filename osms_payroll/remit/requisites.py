"""Who receives the money and what each payment order says: built once per remittance, shared by writers.

The State Corporation's requisites and the KNP codes come from the dated data (``codes.toml``),
never from code: when they change, a dated value changes and every file follows.
"""

from __future__ import annotations

from datetime import date

import attrs

from osms_payroll.remit.payer import Employer
from osms_payroll.ids import bin as bin_id
from osms_payroll.ids import iban
from osms_payroll.law import ParamValue, Snapshot
from osms_payroll.engine.deadlines import Deadline
from osms_payroll.period import Period

@attrs.frozen
class Recipient:
    """The beneficiary of ОСМС payments, checked on load (a bad data file fails loudly)."""

    name: str
    bin: str
    bic: str
    iban: str
    kbe: str
    parameters: tuple[ParamValue, ...]

    @classmethod
    def at(cls, snapshot: Snapshot) -> Recipient:
        name, bin_, bic, iban_, kbe = (snapshot[f"recipient.{key}"] for key in ("name", "bin", "bic", "iban", "kbe"))
        recipient = cls(name.text, bin_.text, bic.text, iban_.text, kbe.text, (name, bin_, bic, iban_, kbe))
        bin_id.validate(recipient.bin)
        iban.validate(recipient.iban)
        iban.validate_bic(recipient.bic)
        return recipient

    @property
    def residency(self) -> str:
        return self.kbe[0]

    @property
    def sector(self) -> str:
        return self.kbe[1:]


@attrs.frozen
class PaymentOrder:
    """One payment of the month: which kind (a row of the payments table), its KNP, order number, dates and purpose."""

    kind: str
    label: str
    knp: str
    number: str
    purpose: str
    doc_date: date
    value_date: date
    knp_parameter: ParamValue


@attrs.frozen
class RemitContext:
    """Everything the writers of one remittance share; built by :mod:`osms_payroll.remit.pipeline`.

    ``warnings`` concern the whole remittance; ``mt102_warnings`` are repeated with each MT102 file.
    """

    employer: Employer
    period: Period
    recipient: Recipient
    orders: tuple[PaymentOrder, ...]
    lang: str
    rule_set: str
    rule_set_digest: str
    warnings: tuple[str, ...] = ()
    mt102_warnings: tuple[str, ...] = ()
    #: The month's due date (None past the deadline data), for the register.
    deadline: Deadline | None = None

    def order(self, kind: str) -> PaymentOrder:
        for order in self.orders:
            if order.kind == kind:
                return order
        raise KeyError(kind)

    @property
    def parameters(self) -> tuple[ParamValue, ...]:
        """The requisite parameters behind the files (KNP codes, recipient)."""
        return (*(order.knp_parameter for order in self.orders), *self.recipient.parameters)
