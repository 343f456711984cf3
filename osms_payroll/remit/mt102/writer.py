"""MT102 client file: one payment (one KNP) with its list of persons, for the bank's client software.

Layout per remittance-formats.md §2: blocks 1, 2 and 4; sequence A (payer, beneficiary, payment
order), one sequence-B record per person with an amount above zero, sequence C (value date and
total), ``-}``; CRLF lines; the encoding the payer's bank takes (KZ-1048 unless the profile says
otherwise). Persons whose names the bank cannot take are set aside before the writers by
:func:`~osms_payroll.remit.mt102.screen.bank_problems`; a limit still broken here is an error
naming the person (masked ИИН) — nothing is ever cut short — and before the file is moved into
place it is read back with :mod:`.reader`, whose total and (ИИН, amount) fingerprint must equal
what was written and the engine's totals.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

from osms_payroll.i18n import Message
from osms_payroll.engine.model import PersonMonth
from osms_payroll.engine.result import Result
from osms_payroll.fileio import AtomicFile
from osms_payroll.ids import mask
from osms_payroll.issues import IssueLog
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.remit.files import RemitError, WrittenFile, check_totals
from osms_payroll.remit.mt102.encoding import encode
from osms_payroll.remit.mt102.reader import check_mt102, person_digest_line
from osms_payroll.remit.mt102.spec import (
    CURRENCY,
    EOL,
    NAME_LINE_LIMIT,
    NOT_PROVIDED,
    NUMBER_LIMIT,
    OPV_NONE,
    REFERENCE_LIMIT,
    SEQUENCE,
    SESSION,
    SOCIAL_CODES,
    STRICT_NAME_LIMIT,
    amount_text,
    assign_lines,
    period_text,
)
from osms_payroll.remit.names import NameProblem, control_character, person_name
from osms_payroll.remit.requisites import RemitContext

FORMAT = "mt102"


def _who(person: PersonMonth) -> str:
    """The person a problem names (masked: only for a problem, not on every line written)."""
    return f"ИИН {mask(person.iin)}"


class Mt102Writer:
    """Streams one KNP's list for one period into ``path``; see the module docstring."""

    def __init__(self, path: Path, context: RemitContext, kind: str) -> None:
        self.path = Path(path)
        self.context = context
        self.kind = kind
        self.order = context.order(kind)
        self.profile = context.employer.mt102
        self.problems = IssueLog(file=self.path.name)
        self.count = 0
        self.total = ZERO
        self.omitted_birth_dates = 0
        self._digest = hashlib.sha256()
        code = self.profile.opv_code
        self._opv = ":70:" if code == OPV_NONE else f":70:/OPV/{code}"
        self._periods: dict[Period, str] = {}  # /PERIOD/ texts: a list has one or a few
        self._atomic = AtomicFile(self.path)
        self._handle = self._atomic.open()
        header = self._encode(self._header(), lambda: Message("mt102.header"))
        if header is not None:
            self._handle.write(header)

    def _encode(self, text: str, who: Callable[[], str]) -> bytes | None:
        """The bytes of ``text``, or None with the problem naming ``who()`` (said only then)."""
        try:
            return encode(text, self.profile.encoding, self.profile.transliterate)
        except UnicodeEncodeError as exc:
            self.problems.fail(Message("mt102.unencodable", who=who(), char=repr(exc.object[exc.start]), encoding=self.profile.encoding))
            return None

    def _header(self) -> str:
        employer = self.context.employer
        recipient = self.context.recipient
        order = self.order
        if len(recipient.name) > NAME_LINE_LIMIT:
            self.problems.fail(Message("mt102.recipient_name", limit=NAME_LINE_LIMIT))
        if len(order.number) > min(NUMBER_LIMIT, REFERENCE_LIMIT) or not order.number:
            self.problems.fail(Message("mt102.order_number", number=repr(order.number), limit=NUMBER_LIMIT))
        try:
            purpose = assign_lines(order.purpose)
        except ValueError as exc:
            self.problems.fail(exc.args[0])
            purpose = []
        lines = [
            f"{{1:F01{employer.terminal_address}{SESSION}{SEQUENCE}}}",
            f"{{2:I102S{employer.mt102.transfer.upper()}000000U3003}}",
            "{4:",
            f":20:{order.number}",
            f":50:/D/{employer.iban}",
            f"/NAME/{employer.name}",
            f"/IDN/{employer.bin_iin}",
            f"/CHIEF/{employer.head or NOT_PROVIDED}",
            f"/MAINBK/{employer.chief_accountant or NOT_PROVIDED}",
            f"/IRS/{employer.residency}",
            f"/SECO/{employer.sector}",
            f":52B:{employer.bic}",
            f":57B:{recipient.bic}",
            f":59:{recipient.iban}",
            f"/NAME/{recipient.name}",
            f"/IDN/{recipient.bin}",
            f"/IRS/{recipient.residency}",
            f"/SECO/{recipient.sector}",
            f":70:/NUM/{order.number}",
            f"/DATE/{order.doc_date:%y%m%d}",
            *(f"/{key}/{value}" for key, value in SOCIAL_CODES),
            f"/KNP/{order.knp}",
            *purpose,
        ]
        return EOL.join(lines) + EOL

    def add(self, result: Result) -> None:
        contribution = result.contributions.get(self.kind)
        if contribution is None or contribution.amount <= 0:
            return
        amount = contribution.amount
        person = result.person
        if contribution.rule.knp != self.order.knp:
            self.problems.fail(Message("mt102.knp_mismatch", who=_who(person), knp=contribution.rule.knp, expected=self.order.knp))
            return
        text = amount_text(amount)
        if text is None:
            self.problems.fail(Message("mt102.tiyn", who=_who(person), amount=str(amount)))
            return
        bad = control_character(person.full_name)
        if bad is not None:
            self.problems.fail(Message("remit.control", who=_who(person), char=repr(bad)))
            return
        try:
            name = person_name(person)
        except NameProblem as exc:
            self.problems.fail(Message("mt102.name_problem", who=_who(person), code=exc.code, message=exc.message))
            return
        self.count += 1
        patronymic = f"/FT/{name.patronymic}{EOL}" if name.patronymic else ""
        born = result.birth_date
        if born is None:
            self.omitted_birth_dates += 1
        birth = "" if born is None else f"/DT/{born.isoformat().replace('-', '')}{EOL}"  # YYYYMMDD
        period = self._periods.get(person.period)
        if period is None:
            period = self._periods[person.period] = period_text(person.period)
        data = self._encode(
            f":21:{self.count}{EOL}:32B:{CURRENCY}{text}{EOL}{self._opv}{EOL}/FM/{name.surname}{EOL}/NM/{name.given}{EOL}"
            f"{patronymic}{birth}/IDN/{person.iin}{EOL}/PERIOD/{period}{EOL}",
            lambda: _who(person),
        )
        if data is None:
            self.count -= 1
            return
        self._handle.write(data)
        self.total += amount
        self._digest.update(person_digest_line(person.iin, amount))

    def abort(self) -> None:
        self._handle.close()
        self._atomic.discard()

    def close(self, expected: Mapping[str, Decimal]) -> WrittenFile | None:
        """Write the total, read the file back, compare with ``expected`` (by KNP), move it into place.

        Returns None, leaving no file, when nobody owes this payment for the period.
        """
        knp = self.order.knp
        problems = check_totals(self.path.name, {knp: self.total}, {knp: expected.get(knp, ZERO)})
        if self.problems or problems or self.count == 0:
            self.abort()
            if self.problems or problems:
                raise RemitError(self.problems.problem_lines() + problems)
            return None
        trailer = f":32A:{self.order.value_date:%y%m%d}{CURRENCY}{amount_text(self.total)}{EOL}-}}{EOL}"
        self._handle.write(trailer.encode(self.profile.encoding))
        self._handle.close()
        recipient = self.context.recipient
        summary = check_mt102(self._atomic.temp, encoding=self.profile.encoding, beneficiaries={knp: (recipient.iban, recipient.bin)})
        problems = [
            Message("mt102.read_back_issue", file=self.path.name, line=issue.line, code=issue.code, message=issue.message)
            for issue in summary.issues
        ]
        if (summary.persons, summary.total, summary.digest) != (self.count, self.total, self._digest.hexdigest()):
            problems.append(Message(
                "mt102.read_back", file=self.path.name, persons=summary.persons, total=str(summary.total), count=self.count,
                written=str(self.total),
            ))
        if problems:
            self._atomic.discard()
            raise RemitError(problems)
        sha256, size = self._atomic.commit()
        warnings = self.context.warnings + self.context.mt102_warnings
        if len(recipient.name) > STRICT_NAME_LIMIT:
            warnings += (
                Message("remit.long_recipient", length=len(recipient.name), most=NAME_LINE_LIMIT, strictest=STRICT_NAME_LIMIT),
            )
        if self.omitted_birth_dates:
            warnings += (Message("mt102.birth_omitted", count=self.omitted_birth_dates),)
        return WrittenFile(self.path, FORMAT, self.count, {knp: self.total}, sha256, size, knp, warnings)
