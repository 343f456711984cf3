"""Every rule a Kazakh bank's validator applies to an MT102 list, each with a stable code and its line.

Sequence A: the payer's and beneficiary's identifiers (check digits, IBAN ↔ BIC), /CHIEF/ and
/MAINBK/, the social-list codes /SEND/07 /VO/01 /PSO/01 /PRT/05, ``/NUM/`` first in ``:70:``,
the KNP and — for the ОСМС KNPs — the State Corporation's account and BIN, the purpose lines,
the document date. Sequence B: running numbers, amounts, the name characters, /DT/ and /PERIOD/.
Codes: ``mt102.<rule>``; warnings (the list is still taken) have their own codes. Each problem's
text is a :class:`~osms_payroll.i18n.Message` (the English text, said in the user's language with
:func:`~osms_payroll.i18n.say`), its msgid the code or the code and what exactly is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache

import attrs

from osms_payroll.i18n import Message
from osms_payroll.ids import IdError, iban, mask, validate_taxpayer_id
from osms_payroll.ids import bin as bin_id
from osms_payroll.ids import iin as iin_id
from osms_payroll.issues import PROBLEMS_KEPT
from osms_payroll.law.model import Params
from osms_payroll.period import Period
from osms_payroll.remit.mt102.model import Mt102Header, Mt102Issue, Mt102Person
from osms_payroll.remit.mt102.spec import (
    ASSIGN_LINES,
    CURRENCY,
    KNP_DIGITS,
    NAME_LINE_LIMIT,
    NOT_PROVIDED,
    NUMBER_LIMIT,
    READ_LINE_LIMIT,
    REFERENCE_LIMIT,
    SOCIAL_CODES,
    STRICT_NAME_LIMIT,
    TAG_PAYER,
    TAG_REFERENCE,
    parse_amount_text,
    parse_date,
    parse_period,
)
from osms_payroll.remit.mt102.tokenizer import Field
from osms_payroll.remit.names import ORGANISATION_CHARACTERS, PERSON_CHARACTERS, character_kind, describe



@attrs.frozen
class CheckRules:
    """What the check compares with: ``today`` (future document date, value date), ``banks`` (bank
    code → BIC, for the payer's IBAN), ``beneficiaries`` (KNP → (IBAN, BIN) the payment must go to).
    Each None turns its check off."""

    today: date | None = None
    banks: Mapping[str, str] | None = None
    beneficiaries: Mapping[str, tuple[str, str]] | None = None


def osms_beneficiaries(params: Params, period: Period) -> dict[str, tuple[str, str]]:
    """KNP → (IBAN, BIN) of the State Corporation's ОСМС account for every ОСМС KNP in the data."""
    when = min(period, params.valid_through)
    snap = params.at(when, reuse_last_known=True)
    account = (snap["recipient.iban"].text, snap["recipient.bin"].text)
    return {
        params.value(pid, when).text: account
        for pid in params.parameters
        if pid.startswith("knp.") and params.has(pid, when)
    }


@attrs.frozen
class IdProblem:
    """Why an identifier is refused, in the language it is said in: ``check(*args)`` raises the
    :class:`~osms_payroll.ids.IdError`, whose text is the catalog's of the moment it is raised."""

    check: Callable[..., object]
    args: tuple[object, ...]

    def __str__(self) -> str:
        try:
            self.check(*self.args)
        except IdError as exc:
            return str(exc)
        return ""


def _kind(char: str) -> Message:
    kind = character_kind(char)
    if kind == "digit":
        return Message("mt102.kind.digit")
    if kind == "invisible":
        return Message("mt102.kind.invisible")
    return Message("mt102.kind.other")


def _part(key: str) -> Message:
    """The part of a person's name a sub-field holds."""
    if key == "FM":
        return Message("mt102.part.surname")
    if key == "NM":
        return Message("mt102.part.given")
    return Message("mt102.part.patronymic")


@cache
def _what(name: str) -> Message:
    """What a field holds (``mt102.what.<name>``), said in a problem: made once, as every header
    names a dozen of them whether or not it has a problem."""
    return Message(f"mt102.what.{name}")


#: The fields of sequence A, each once (:54C: has its own message).
HEADER_TAGS = (TAG_REFERENCE, TAG_PAYER, "52B", "57B", "59", "70")


class Checker:
    """Collects issues (the first :data:`PROBLEMS_KEPT` of each level) while checking fields."""

    def __init__(self, rules: CheckRules, keep: int = PROBLEMS_KEPT) -> None:
        self.rules = rules
        self.keep = keep
        self.issues: list[Mt102Issue] = []
        self.warnings: list[Mt102Issue] = []
        self.issue_count = 0

    def issue(self, line: int, code: str, message: str) -> None:
        self.issue_count += 1
        if len(self.issues) < self.keep:
            self.issues.append(Mt102Issue(line, code, message))

    def warn(self, line: int, code: str, message: str) -> None:
        if len(self.warnings) < self.keep:
            self.warnings.append(Mt102Issue(line, code, message, "warning"))

    def _sub(self, field: Field, key: str, required: bool, where: str | None = None) -> tuple[int, str]:
        """A ``/KEY/`` sub-field's line and value; a missing required one is an issue at ``where``
        (a person record when None)."""
        found = field.sub(key)
        if found is None:
            if required and field.tag:
                said = _what("record") if where is None else where
                self.issue(field.line, "mt102.missing", Message("mt102.missing.sub", where=said, key=key))
            return field.line, ""
        return found

    def _id(self, line: int, code: str, what: Message, check: Callable[[str], str], value: str) -> str:
        try:
            return check(value)
        except IdError:
            self.issue(line, code, Message("mt102.id", what=what, problem=IdProblem(check, (value,))))
            return value

    def _name(self, line: int, what: object, value: str, allowed: frozenset[str], code: str = "mt102.name_chars") -> None:
        if allowed.issuperset(value):
            return
        position, char = next((at, char) for at, char in enumerate(value, start=1) if char not in allowed)
        self.issue(line, code, Message("mt102.name_chars", what=what, kind=_kind(char), char=describe(char), position=position))

    def _one_line_subs(self, fields: list[Field]) -> None:
        """Every sub-field but /ASSIGN/ (the purpose, up to seven lines) is one line: a line that
        continues another's value is an issue (it would be read as part of, or lost from, that value)."""
        for field in fields:
            for line, key, values in field.subs:
                if len(values) > 1 and key != "ASSIGN":
                    self.issue(line, "mt102.continued", Message("mt102.continued", key=key))

    # -- sequence A -------------------------------------------------------------------------

    def header(self, fields: list[Field], line: int, terminal: str | None) -> Mt102Header:
        by_tag: dict[str, Field] = {}
        for field in fields:
            if field.tag == "54C":
                self.issue(field.line, "mt102.54c", Message("mt102.54c"))
            elif field.tag not in HEADER_TAGS:
                self.issue(field.line, "mt102.tag", Message("mt102.tag.header", tag=field.tag))
            elif field.tag in by_tag:
                self.issue(field.line, "mt102.tag", Message("mt102.tag.repeated", tag=field.tag, first=by_tag[field.tag].line))
            by_tag.setdefault(field.tag, field)
        self._one_line_subs(fields)
        for tag in HEADER_TAGS:
            if tag not in by_tag:
                self.issue(line, "mt102.missing", Message("mt102.missing.field", tag=tag))
        empty = Field(line, "", "")

        def sub(field: Field, key: str, required: bool = True) -> tuple[int, str]:
            return self._sub(field, key, required, f":{field.tag}:")

        reference = by_tag.get(TAG_REFERENCE, empty).value
        if len(reference) > REFERENCE_LIMIT or not reference:
            self.issue(by_tag.get(TAG_REFERENCE, empty).line, "mt102.reference", Message("mt102.reference", most=REFERENCE_LIMIT))
        payer = by_tag.get(TAG_PAYER, empty)
        payer_iban_line, payer_iban = sub(payer, "D")
        if payer.tag:
            payer_iban = self._id(payer_iban_line, "mt102.iban", _what("payer_iban"), iban.validate, payer_iban)
        payer_idn_line, payer_idn = sub(payer, "IDN")
        if payer.tag:
            payer_idn = self._id(payer_idn_line, "mt102.idn", _what("payer_idn"), validate_taxpayer_id, payer_idn)
        name_line, name = sub(payer, "NAME")
        if payer.tag:
            if not 0 < len(name) <= NAME_LINE_LIMIT:
                self.issue(name_line, "mt102.name", Message("mt102.name", what=_what("payer_name"), most=NAME_LINE_LIMIT))
            self._name(name_line, _what("payer_name"), name, ORGANISATION_CHARACTERS)
        people = {}
        for key, code, who in (("CHIEF", "mt102.chief", _what("head")),
                               ("MAINBK", "mt102.mainbk", _what("chief_accountant"))):
            found = payer.sub(key)
            if payer.tag and (found is None or not found[1].strip()):
                self.issue(payer.line, code, Message("mt102.person.missing", key=key, who=who, none=NOT_PROVIDED))
            elif found is not None:
                if len(found[1]) > STRICT_NAME_LIMIT:
                    self.issue(found[0], code, Message("mt102.person.long", key=key, length=len(found[1]), most=STRICT_NAME_LIMIT))
                self._name(found[0], f"/{key}/", found[1], PERSON_CHARACTERS)
            people[key] = found[1] if found else ""
        payer_bic_field = by_tag.get("52B", empty)
        payer_bic = payer_bic_field.value.strip()
        if payer_bic_field.tag:
            payer_bic = self._id(payer_bic_field.line, "mt102.bic", _what("payer_bic"), iban.validate_bic, payer_bic)
            banks = self.rules.banks
            if banks is not None and iban.is_valid(payer_iban):
                try:
                    iban.check_bic(payer_iban, payer_bic, banks)
                except IdError:
                    self.issue(payer_bic_field.line, "mt102.bank", Message(
                        "mt102.bank", problem=IdProblem(iban.check_bic, (payer_iban, payer_bic, dict(banks))),
                    ))
        ben_bic_field = by_tag.get("57B", empty)
        ben_bic = ben_bic_field.value.strip()
        if ben_bic_field.tag:
            ben_bic = self._id(ben_bic_field.line, "mt102.bic", _what("beneficiary_bic"), iban.validate_bic, ben_bic)
        ben = by_tag.get("59", empty)
        ben_iban = ben.value.strip()
        if ben.tag:
            ben_iban = self._id(ben.line, "mt102.iban", _what("beneficiary_iban"), iban.validate, ben_iban)
        ben_idn_line, ben_idn = sub(ben, "IDN")
        if ben.tag:
            ben_idn = self._id(ben_idn_line, "mt102.idn", _what("beneficiary_idn"), bin_id.validate, ben_idn)
        ben_name_line, ben_name = sub(ben, "NAME")
        if ben.tag:
            if not 0 < len(ben_name) <= NAME_LINE_LIMIT:
                self.issue(ben_name_line, "mt102.name", Message("mt102.name", what=_what("beneficiary_name"), most=NAME_LINE_LIMIT))
            elif len(ben_name) > STRICT_NAME_LIMIT:
                self.warn(ben_name_line, "mt102.name_long", Message(
                    "mt102.name_long", length=len(ben_name), most=NAME_LINE_LIMIT, strictest=STRICT_NAME_LIMIT,
                ))
        codes = {}
        for field, who in ((payer, _what("payer")), (ben, _what("beneficiary"))):
            irs_line, irs = sub(field, "IRS")
            seco_line, seco = sub(field, "SECO")
            if field.tag and irs not in ("1", "2"):
                self.issue(irs_line, "mt102.irs", Message("mt102.irs", who=who, value=repr(irs)))
            if field.tag and not (len(seco) == 1 and seco in "123456789"):
                self.issue(seco_line, "mt102.seco", Message("mt102.seco", who=who, value=repr(seco)))
            codes[field is payer] = (irs, seco)
        order = by_tag.get("70", empty)
        if order.tag and (not order.subs or order.subs[0][1] != "NUM"):
            self.issue(order.line, "mt102.num_first", Message("mt102.num_first"))
        number_line, number = sub(order, "NUM")
        if order.tag and not 0 < len(number) <= NUMBER_LIMIT:
            self.issue(number_line, "mt102.number", Message("mt102.number", most=NUMBER_LIMIT))
        date_line, date_text = sub(order, "DATE")
        doc_date = parse_date(date_text, century=False)
        today = self.rules.today
        if order.tag and doc_date is None:
            self.issue(date_line, "mt102.date", Message("mt102.date", value=repr(date_text)))
        elif doc_date is not None and today is not None and doc_date > today:
            self.issue(date_line, "mt102.date_future", Message("mt102.date_future", date=doc_date, today=today))
        for key, value in SOCIAL_CODES:
            found = order.sub(key)
            if order.tag and found is None:
                self.issue(order.line, "mt102.social", Message("mt102.social.missing", key=key, value=value))
            elif order.tag and found is not None and found[1] != value:
                self.issue(found[0], "mt102.social", Message("mt102.social.wrong", key=key, found=repr(found[1]), value=value))
        knp_line, knp = sub(order, "KNP")
        if order.tag and not (len(knp) == KNP_DIGITS and knp.isdigit()):
            self.issue(knp_line, "mt102.knp", Message("mt102.knp", digits=KNP_DIGITS, value=repr(knp)))
        expected = (self.rules.beneficiaries or {}).get(knp)
        if expected is not None and ben.tag and (ben_iban, ben_idn) != expected:
            self.issue(ben.line, "mt102.beneficiary", Message(
                "mt102.beneficiary", knp=knp, iban=expected[0], bin=expected[1], found_iban=ben_iban, found_bin=ben_idn or "—",
            ))
        purpose = ""
        found_assign = [(line_no, values) for line_no, key, values in order.subs if key == "ASSIGN"]
        if order.tag and not found_assign:
            self.issue(order.line, "mt102.missing", Message("mt102.missing.assign"))
        for line_no, values in found_assign[:1]:
            if len(values) > ASSIGN_LINES:
                self.issue(line_no, "mt102.assign", Message("mt102.assign.lines", count=len(values), most=ASSIGN_LINES))
            for offset, text in enumerate(values):
                width = len(text) + (len("/ASSIGN/") if offset == 0 else 0)
                if width > READ_LINE_LIMIT:
                    self.issue(line_no + offset, "mt102.assign", Message("mt102.assign.width", width=width, most=READ_LINE_LIMIT))
            purpose = " ".join(values)
        period_sub = order.sub("PERIOD")
        header_period = self.period(*period_sub) if period_sub else None
        return Mt102Header(
            reference=reference, payer_iban=payer_iban, payer_name=name, payer_idn=payer_idn,
            chief=people["CHIEF"], chief_accountant=people["MAINBK"],
            payer_irs=codes[True][0], payer_seco=codes[True][1], payer_bic=payer_bic, beneficiary_bic=ben_bic,
            beneficiary_iban=ben_iban, beneficiary_name=ben_name, beneficiary_idn=ben_idn,
            beneficiary_irs=codes[False][0], beneficiary_seco=codes[False][1], number=number,
            doc_date=doc_date, knp=knp, purpose=purpose, period=header_period, terminal=terminal,
        )

    def period(self, line: int, text: str) -> Period | None:
        period = parse_period(text)
        if period is None:
            self.issue(line, "mt102.period", Message("mt102.period", value=repr(text)))
        return period

    # -- sequence B -------------------------------------------------------------------------

    def person(self, fields: list[Field], position: int, header_period: Period | None) -> Mt102Person:
        """Check one record; ``position`` is its expected running number."""
        start = fields[0]
        number = int(start.value) if start.value.isascii() and start.value.isdigit() else None
        if number != position:
            self.issue(start.line, "mt102.sequence", Message("mt102.sequence", value=repr(start.value), number=position))
        amount: Decimal | None = None
        details = Field(start.line, "", "")
        first: dict[str, int] = {}
        for field in fields[1:]:
            if field.tag in first:
                self.issue(field.line, "mt102.tag", Message("mt102.tag.repeated", tag=field.tag, first=first[field.tag]))
                continue
            first[field.tag] = field.line
            if field.tag == "32B":
                text = field.value
                if not text.startswith(CURRENCY):
                    self.issue(field.line, "mt102.currency", Message("mt102.currency.32b", currency=CURRENCY))
                amount = parse_amount_text(text[len(CURRENCY):])
                if amount is None:
                    self.issue(field.line, "mt102.amount", Message("mt102.amount.32b", value=repr(text), currency=CURRENCY))
                elif amount <= 0:
                    self.issue(field.line, "mt102.amount", Message("mt102.amount.zero"))
            elif field.tag == "70":
                details = field
            else:
                self.issue(field.line, "mt102.tag", Message("mt102.tag.record", tag=field.tag))
        self._one_line_subs(fields)
        if "32B" not in first:
            self.issue(start.line, "mt102.missing", Message("mt102.missing.amount"))
        if not details.tag:
            self.issue(start.line, "mt102.missing", Message("mt102.missing.details"))

        def value(key: str, required: bool = True) -> tuple[int, str]:
            return self._sub(details, key, required)

        iin_line, iin = value("IDN")
        iin_ok = False
        if iin:
            try:
                iin = iin_id.validate(iin)
                iin_ok = True
            except IdError as exc:
                self.issue(iin_line, exc.code, Message("mt102.person_id", number=position, problem=IdProblem(iin_id.validate, (iin,))))
        birth: date | None = None
        dt_line, dt = value("DT", required=False)
        if dt:
            birth = parse_date(dt, century=True)
            if birth is None:
                self.issue(dt_line, "mt102.dt", Message("mt102.dt.format", value=repr(dt)))
            elif iin_ok and birth != iin_id.birth_date_unchecked(iin):
                self.issue(dt_line, "mt102.dt", Message("mt102.dt.birth", value=dt, iin=mask(iin)))
        period_line, period_value = value("PERIOD", required=False)
        period = self.period(period_line, period_value) if period_value else header_period
        if period is None and not period_value:
            self.issue(details.line or start.line, "mt102.missing", Message("mt102.missing.period"))
        parts = {}
        for key, required in (("FM", True), ("NM", True), ("FT", False)):
            line, text = value(key, required)
            current = text.split("/")[0]  # an earlier name may follow a second '/'
            if required and details.tag and details.sub(key) is not None and not current.strip():
                self.issue(line, "mt102.missing", Message("mt102.missing.name", number=position, key=key, part=_part(key)))
            for shown in text.split("/"):
                if not PERSON_CHARACTERS.issuperset(shown):
                    what = Message("mt102.what.person_name", number=position, key=key, part=_part(key))
                    self._name(line, what, shown, PERSON_CHARACTERS)
            parts[key] = current
        code = value("OPV", required=False)[1] or None
        return Mt102Person(
            line=start.line, number=number, amount=amount, code=code, surname=parts["FM"], given=parts["NM"],
            patronymic=parts["FT"], birth_date=birth, iin=iin, period=period,
        )

    def value_date(self, line: int, value_date: date) -> None:
        today = self.rules.today
        if today is not None and value_date != today:
            self.warn(line, "mt102.value_date", Message("mt102.value_date", date=value_date, today=today))
