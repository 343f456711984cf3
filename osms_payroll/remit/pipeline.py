"""One period's remittance files from the core's results, in one pass.

:class:`Remittance` fans each :class:`~osms_payroll.engine.result.Result` out to the writers
(MT102 for each KNP, XML, register) as it arrives and keeps only the engine's running totals.
On :meth:`Remittance.close` every writer checks its file against those totals before moving it
into place. Either all requested files are written or none: a problem in one (a name too long for
the bank, a letter the encoding cannot hold) leaves no file behind and is reported with the
person's masked ИИН. No writer computes an amount; the rates are only printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import attrs

from osms_payroll.remit.payer import OPV_QUESTION, Employer, bank_table, check_bank
from osms_payroll.engine.result import Result
from osms_payroll.law import Params, default_params
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.remit.files import RemitError, WrittenFile, Writer
from osms_payroll.remit.labels import DEFAULT_LANG, LANGS, purpose
from osms_payroll.remit.mt102 import Mt102Writer
from osms_payroll.remit.mt102_reader import NUMBER_LIMIT
from osms_payroll.remit.register import RegisterWriter
from osms_payroll.remit.requisites import KINDS, PaymentOrder, Recipient, RemitContext
from osms_payroll.remit.xml import XmlWriter

FORMATS = ("mt102", "xml", "xlsx")


def _formats(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class RemitOptions:
    """Per-run choices. ``number`` is the first payment order's number; the KNP 122 order takes the next.

    ``doc_date`` defaults to ``value_date`` and may not be after it. The SDK never reads the clock:
    the caller passes the dates.
    """

    value_date: date
    doc_date: date | None = None
    number: str = "1"
    lang: str = DEFAULT_LANG
    formats: tuple[str, ...] = attrs.field(default=FORMATS, converter=_formats)
    reuse_last_known: bool = False

    def __attrs_post_init__(self) -> None:
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise ValueError(f"formats {', '.join(unknown) or '(none)'}: choose from {', '.join(FORMATS)}")
        if self.lang not in LANGS:
            raise ValueError(f"language {self.lang!r}: choose from {', '.join(LANGS)}")
        last = str(int(self.number) + len(KINDS) - 1) if self.number.isdigit() else ""
        if not self.number.isdigit() or len(last) > NUMBER_LIMIT:
            raise ValueError(f"payment order number {self.number!r}: digits only, so that the {len(KINDS)} orders take "
                             f"consecutive numbers of at most {NUMBER_LIMIT} digits")
        if self.doc_date is not None and self.doc_date > self.value_date:
            raise ValueError(f"document date {self.doc_date} is after the value date {self.value_date}; a payment order is dated on or before it")

    @property
    def document_date(self) -> date:
        return self.doc_date or self.value_date


def file_name(period: Period, fmt: str, knp: str | None = None) -> str:
    """Deterministic output names: ``osms-2026-10-knp121.mt102``, ``osms-2026-10.xml``, ``osms-2026-10-register.xlsx``."""
    if fmt == "mt102":
        return f"osms-{period}-knp{knp}.mt102"
    if fmt == "xml":
        return f"osms-{period}.xml"
    return f"osms-{period}-register.xlsx"


def build_context(params: Params, employer: Employer, period: Period, options: RemitOptions) -> RemitContext:
    """Requisites of the month from the data; checks the payer's bank against the bank table.

    Raises :class:`~osms_payroll.law.ParameterMissing` for a period outside the data and
    :class:`~osms_payroll.remit.payer.ProfileError` if the IBAN's bank code does not match the BIC.
    """
    snap = params.at(period, reuse_last_known=options.reuse_last_known)
    recipient = Recipient.at(snap)
    orders = []
    for offset, kind in enumerate(KINDS):
        knp = snap[f"knp.{kind}"]
        orders.append(PaymentOrder(
            kind, knp.text, str(int(options.number) + offset), purpose(options.lang, kind, period),
            options.document_date, options.value_date, knp,
        ))
    paid = Period.of(options.value_date)
    check_bank(employer, bank_table(params, paid))
    warnings = params.warnings_for((*recipient.parameters, *(order.knp_parameter for order in orders)))
    if paid > params.valid_through:
        warnings.insert(0, f"the bank table ends {params.valid_through}; its last values were used for a payment in {paid}")
    opv = (
        f"MT102 /OPV/ code {employer.mt102.opv_code!r} in the person records: open question {OPV_QUESTION}: "
        f"{params.open_questions.get(OPV_QUESTION, 'the code for ОСМС lists is not documented')}; confirm it "
        "with your bank and set mt102.opv_code in the employer profile"
    )
    return RemitContext(
        employer, period, recipient, tuple(orders), options.lang, params.name, params.digest, tuple(warnings), (opv,)
    )


class Remittance:
    """The writers of one period, fed in one pass; use :func:`remit` unless fanning out yourself.

    Results of another period are left out and counted in :attr:`other_periods`.
    """

    def __init__(self, employer: Employer, period: Period, out_dir: Path, options: RemitOptions,
                 *, params: Params | None = None) -> None:
        self.params = params or default_params()
        self.period = period
        self.out_dir = Path(out_dir)
        self.context = build_context(self.params, employer, period, options)
        self.expected = {order.knp: ZERO for order in self.context.orders}
        self.other_periods: dict[Period, int] = {}
        self.persons = 0
        self.notes: list[str] = []
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.writers: list[Writer] = []
        try:
            for fmt in options.formats:
                if fmt == "mt102":
                    for order in self.context.orders:
                        path = self.out_dir / file_name(period, fmt, order.knp)
                        self.writers.append(Mt102Writer(path, self.context, order.kind))
                elif fmt == "xml":
                    self.writers.append(XmlWriter(self.out_dir / file_name(period, fmt), self.context, self.params.open_questions))
                else:
                    self.writers.append(RegisterWriter(self.out_dir / file_name(period, fmt), self.context))
        except BaseException:
            self.abort()
            raise

    def add(self, result: Result) -> None:
        period = result.person.period
        if period != self.period:
            self.other_periods[period] = self.other_periods.get(period, 0) + 1
            return
        self.persons += 1
        for order in self.context.orders:
            contribution = result.oosms if order.kind == "oosms" else result.vosms
            self.expected[order.knp] += contribution.amount
        for writer in self.writers:
            writer.add(result)

    def abort(self) -> None:
        """Remove every temp file; nothing of this run appears in the output folder."""
        for writer in self.writers:
            writer.abort()

    def close(self) -> list[WrittenFile]:
        """Check every file against the engine's totals and move them into place (all or none)."""
        problems = [line for writer in self.writers if writer.problems for line in writer.problems.lines()]
        if problems:
            self.abort()
            raise RemitError(problems)
        written: list[WrittenFile] = []
        for index, writer in enumerate(self.writers):
            try:
                done = writer.close(self.expected)
            except BaseException:
                for rest in self.writers[index + 1:]:
                    rest.abort()
                for file in written:
                    file.path.unlink(missing_ok=True)
                raise
            if done is not None:
                written.append(done)
            elif isinstance(writer, Mt102Writer):
                note = f"nothing is due for KNP {writer.order.knp} in {self.period}: no {writer.path.name} was written"
                if writer.path.exists():
                    note += f"; the {writer.path.name} already in {self.out_dir} is from an earlier run — delete it"
                self.notes.append(note)
        return written

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.context.warnings


def remit(results: Iterable[Result], employer: Employer, period: Period, out_dir: Path, options: RemitOptions,
          *, params: Params | None = None) -> list[WrittenFile]:
    """Write the period's remittance files into ``out_dir`` from ``results`` (one pass, flat memory).

    Raises :class:`~osms_payroll.remit.files.RemitError` listing every problem (nothing is written
    then), :class:`~osms_payroll.remit.payer.ProfileError` for a payer bank that does not match, and
    :class:`~osms_payroll.law.ParameterMissing` for a period outside the data.
    """
    remittance = Remittance(employer, period, out_dir, options, params=params)
    try:
        for result in results:
            remittance.add(result)
    except BaseException:
        remittance.abort()
        raise
    return remittance.close()

