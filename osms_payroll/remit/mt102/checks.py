"""Every rule a Kazakh bank's validator applies to an MT102 list, each with a stable code and its line.

Sequence A: the payer's and beneficiary's identifiers (check digits, IBAN ↔ BIC), /CHIEF/ and
/MAINBK/, the social-list codes /SEND/07 /VO/01 /PSO/01 /PRT/05, ``/NUM/`` first in ``:70:``,
the KNP and — for the ОСМС KNPs — the State Corporation's account and BIN, the purpose lines,
the document date. Sequence B: running numbers, amounts, the name characters, /DT/ and /PERIOD/.
Codes: ``mt102.<rule>``; warnings (the list is still taken) have their own codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

import attrs

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
from osms_payroll.remit.names import ORGANISATION_CHARACTERS, PERSON_CHARACTERS, character_problem


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

    def _sub(self, field: Field, key: str, where: str, required: bool) -> tuple[int, str]:
        """A ``/KEY/`` sub-field's line and value; a missing required one is an issue at ``where``."""
        found = field.sub(key)
        if found is None:
            if required and field.tag:
                self.issue(field.line, "mt102.missing", f"{where} has no /{key}/")
            return field.line, ""
        return found

    def _id(self, line: int, code: str, what: str, check: Callable[[str], str], value: str) -> str:
        try:
            return check(value)
        except IdError as exc:
            self.issue(line, code, f"{what}: {exc}")
            return value

    def _name(self, line: int, what: str, value: str, allowed: frozenset[str], code: str = "mt102.name_chars") -> None:
        problem = character_problem(what, value, allowed)
        if problem is not None:
            self.issue(line, code, problem)

    # -- sequence A -------------------------------------------------------------------------

    def header(self, fields: list[Field], line: int, terminal: str | None) -> Mt102Header:
        by_tag: dict[str, Field] = {}
        for field in fields:
            if field.tag == "54C":
                self.issue(field.line, "mt102.54c", ":54C: must not appear in a social payment list")
            by_tag.setdefault(field.tag, field)
        for tag in (TAG_REFERENCE, TAG_PAYER, "52B", "57B", "59", "70"):
            if tag not in by_tag:
                self.issue(line, "mt102.missing", f"sequence A has no :{tag}: field")
        empty = Field(line, "", "")

        def sub(field: Field, key: str, required: bool = True) -> tuple[int, str]:
            return self._sub(field, key, f":{field.tag}:", required)

        reference = by_tag.get(TAG_REFERENCE, empty).value
        if len(reference) > REFERENCE_LIMIT or not reference:
            self.issue(by_tag.get(TAG_REFERENCE, empty).line, "mt102.reference", f":20: reference must be 1–{REFERENCE_LIMIT} characters")
        payer = by_tag.get(TAG_PAYER, empty)
        payer_iban_line, payer_iban = sub(payer, "D")
        if payer.tag:
            payer_iban = self._id(payer_iban_line, "mt102.iban", "payer IBAN", iban.validate, payer_iban)
        payer_idn_line, payer_idn = sub(payer, "IDN")
        if payer.tag:
            payer_idn = self._id(payer_idn_line, "mt102.idn", "payer /IDN/", validate_taxpayer_id, payer_idn)
        name_line, name = sub(payer, "NAME")
        if payer.tag:
            if not 0 < len(name) <= NAME_LINE_LIMIT:
                self.issue(name_line, "mt102.name", f"payer /NAME/ must be 1–{NAME_LINE_LIMIT} characters")
            self._name(name_line, "payer /NAME/", name, ORGANISATION_CHARACTERS)
        people = {}
        for key, code, what in (("CHIEF", "mt102.chief", "the head"), ("MAINBK", "mt102.mainbk", "the chief accountant")):
            found = payer.sub(key)
            if payer.tag and (found is None or not found[1].strip()):
                self.issue(payer.line, code, f":50: has no /{key}/ ({what}); write the name, or НЕ ПРЕДУСМОТРЕНО")
            elif found is not None:
                if len(found[1]) > STRICT_NAME_LIMIT:
                    self.issue(found[0], code, f"/{key}/ has {len(found[1])} characters; at most {STRICT_NAME_LIMIT}")
                self._name(found[0], f"/{key}/", found[1], PERSON_CHARACTERS)
            people[key] = found[1] if found else ""
        payer_bic_field = by_tag.get("52B", empty)
        payer_bic = payer_bic_field.value.strip()
        if payer_bic_field.tag:
            payer_bic = self._id(payer_bic_field.line, "mt102.bic", "payer bank :52B:", iban.validate_bic, payer_bic)
            banks = self.rules.banks
            if banks is not None and iban.is_valid(payer_iban):
                try:
                    iban.check_bic(payer_iban, payer_bic, banks)
                except IdError as exc:
                    self.issue(payer_bic_field.line, "mt102.bank", f"payer bank: {exc}")
        ben_bic_field = by_tag.get("57B", empty)
        ben_bic = ben_bic_field.value.strip()
        if ben_bic_field.tag:
            ben_bic = self._id(ben_bic_field.line, "mt102.bic", "beneficiary bank :57B:", iban.validate_bic, ben_bic)
        ben = by_tag.get("59", empty)
        ben_iban = ben.value.strip()
        if ben.tag:
            ben_iban = self._id(ben.line, "mt102.iban", "beneficiary IBAN", iban.validate, ben_iban)
        ben_idn_line, ben_idn = sub(ben, "IDN")
        if ben.tag:
            ben_idn = self._id(ben_idn_line, "mt102.idn", "beneficiary /IDN/", bin_id.validate, ben_idn)
        ben_name_line, ben_name = sub(ben, "NAME")
        if ben.tag:
            if not 0 < len(ben_name) <= NAME_LINE_LIMIT:
                self.issue(ben_name_line, "mt102.name", f"beneficiary /NAME/ must be 1–{NAME_LINE_LIMIT} characters")
            elif len(ben_name) > STRICT_NAME_LIMIT:
                self.warn(ben_name_line, "mt102.name_long", (
                    f"beneficiary /NAME/ has {len(ben_name)} characters; most validators take {NAME_LINE_LIMIT}, "
                    f"the strictest old one {STRICT_NAME_LIMIT} — if your bank refuses the list for it, ask it "
                    "which short name to write"
                ))
        codes = {}
        for field, who in ((payer, "payer"), (ben, "beneficiary")):
            irs_line, irs = sub(field, "IRS")
            seco_line, seco = sub(field, "SECO")
            if field.tag and irs not in ("1", "2"):
                self.issue(irs_line, "mt102.irs", f"{who} /IRS/ must be 1 (resident) or 2, not {irs!r}")
            if field.tag and not (len(seco) == 1 and seco in "123456789"):
                self.issue(seco_line, "mt102.seco", f"{who} /SECO/ must be one digit 1–9, not {seco!r}")
            codes[who] = (irs, seco)
        order = by_tag.get("70", empty)
        if order.tag and (not order.subs or order.subs[0][1] != "NUM"):
            self.issue(order.line, "mt102.num_first", ":70: must start with /NUM/ (the payment order number)")
        number_line, number = sub(order, "NUM")
        if order.tag and not 0 < len(number) <= NUMBER_LIMIT:
            self.issue(number_line, "mt102.number", f"/NUM/ must be 1–{NUMBER_LIMIT} characters")
        date_line, date_text = sub(order, "DATE")
        doc_date = parse_date(date_text, century=False)
        today = self.rules.today
        if order.tag and doc_date is None:
            self.issue(date_line, "mt102.date", f"/DATE/ {date_text!r} is not a date YYMMDD")
        elif doc_date is not None and today is not None and doc_date > today:
            self.issue(date_line, "mt102.date_future", f"/DATE/ {doc_date} is in the future (today is {today}); banks reject it")
        for key, value in SOCIAL_CODES:
            found = order.sub(key)
            if order.tag and (found is None or found[1] != value):
                where, shown = (order.line, "is missing") if found is None else (found[0], f"is {found[1]!r}")
                self.issue(where, "mt102.social", f"/{key}/ {shown}; social payment lists carry /{key}/{value}")
        knp_line, knp = sub(order, "KNP")
        if order.tag and not (len(knp) == KNP_DIGITS and knp.isdigit()):
            self.issue(knp_line, "mt102.knp", f"/KNP/ must be {KNP_DIGITS} digits, not {knp!r}")
        expected = (self.rules.beneficiaries or {}).get(knp)
        if expected is not None and ben.tag and (ben_iban, ben_idn) != expected:
            self.issue(ben.line, "mt102.beneficiary", (
                f"KNP {knp} is an ОСМС payment: it goes to the State Corporation's ОСМС account {expected[0]} "
                f"(БИН {expected[1]}), not {ben_iban} (БИН {ben_idn or '—'})"
            ))
        purpose = ""
        found_assign = [(line_no, values) for line_no, key, values in order.subs if key == "ASSIGN"]
        if order.tag and not found_assign:
            self.issue(order.line, "mt102.missing", ":70: has no /ASSIGN/ (purpose of payment)")
        for line_no, values in found_assign[:1]:
            if len(values) > ASSIGN_LINES:
                self.issue(line_no, "mt102.assign", f"/ASSIGN/ has {len(values)} lines; at most {ASSIGN_LINES}")
            for offset, text in enumerate(values):
                width = len(text) + (len("/ASSIGN/") if offset == 0 else 0)
                if width > READ_LINE_LIMIT:
                    self.issue(line_no + offset, "mt102.assign", f"purpose line has {width} characters; at most {READ_LINE_LIMIT}")
            purpose = " ".join(values)
        period_sub = order.sub("PERIOD")
        header_period = self.period(*period_sub) if period_sub else None
        return Mt102Header(
            reference=reference, payer_iban=payer_iban, payer_name=name, payer_idn=payer_idn,
            chief=people["CHIEF"], chief_accountant=people["MAINBK"],
            payer_irs=codes["payer"][0], payer_seco=codes["payer"][1], payer_bic=payer_bic, beneficiary_bic=ben_bic,
            beneficiary_iban=ben_iban, beneficiary_name=ben_name, beneficiary_idn=ben_idn,
            beneficiary_irs=codes["beneficiary"][0], beneficiary_seco=codes["beneficiary"][1], number=number,
            doc_date=doc_date, knp=knp, purpose=purpose, period=header_period, terminal=terminal,
        )

    def period(self, line: int, text: str) -> Period | None:
        period = parse_period(text)
        if period is None:
            self.issue(line, "mt102.period", f"/PERIOD/ {text!r} is not a month MMYYYY")
        return period

    # -- sequence B -------------------------------------------------------------------------

    def person(self, fields: list[Field], position: int, header_period: Period | None) -> Mt102Person:
        """Check one record; ``position`` is its expected running number."""
        start = fields[0]
        number = int(start.value) if start.value.isdigit() else None
        if number != position:
            self.issue(start.line, "mt102.sequence", f":21: {start.value!r} should be the running number {position}")
        amount: Decimal | None = None
        details = Field(start.line, "", "")
        for field in fields[1:]:
            if field.tag == "32B":
                text = field.value
                if not text.startswith(CURRENCY):
                    self.issue(field.line, "mt102.currency", f":32B: must start with {CURRENCY}")
                amount = parse_amount_text(text[len(CURRENCY):])
                if amount is None:
                    self.issue(field.line, "mt102.amount", f":32B: {text!r} must be {CURRENCY} then digits, a comma and two decimals (KZT12000,00)")
                elif amount <= 0:
                    self.issue(field.line, "mt102.amount", ":32B: amount must be more than zero")
            elif field.tag == "70":
                details = field
            else:
                self.issue(field.line, "mt102.tag", f":{field.tag}: is not expected in a person record")
        if amount is None and not any(f.tag == "32B" for f in fields):
            self.issue(start.line, "mt102.missing", "person record has no :32B: amount")
        if not details.tag:
            self.issue(start.line, "mt102.missing", "person record has no :70: details")

        def value(key: str, required: bool = True) -> tuple[int, str]:
            return self._sub(details, key, "person record", required)

        iin_line, iin = value("IDN")
        iin_ok = False
        if iin:
            try:
                iin = iin_id.validate(iin)
                iin_ok = True
            except IdError as exc:
                self.issue(iin_line, exc.code, f"person {position}: {exc}")
        birth: date | None = None
        dt_line, dt = value("DT", required=False)
        if dt:
            birth = parse_date(dt, century=True)
            if birth is None:
                self.issue(dt_line, "mt102.dt", f"/DT/ {dt!r} is not a date YYYYMMDD")
            elif iin_ok and birth != iin_id.birth_date_unchecked(iin):
                self.issue(dt_line, "mt102.dt", f"/DT/ {dt} is not the birth date in ИИН {mask(iin)}")
        period_line, period_value = value("PERIOD", required=False)
        period = self.period(period_line, period_value) if period_value else header_period
        if period is None and not period_value:
            self.issue(details.line or start.line, "mt102.missing", "person record has no /PERIOD/ (and the header has none)")
        parts = {}
        for key, what, required in (("FM", "surname", True), ("NM", "first name", True), ("FT", "patronymic", False)):
            line, text = value(key, required)
            current = text.split("/")[0]  # an earlier name may follow a second '/'
            if required and details.tag and details.sub(key) is not None and not current.strip():
                self.issue(line, "mt102.missing", f"person {position}: /{key}/ ({what}) is empty")
            for shown in text.split("/"):
                self._name(line, f"person {position}: /{key}/ ({what})", shown, PERSON_CHARACTERS)
            parts[key] = current
        code = value("OPV", required=False)[1] or None
        return Mt102Person(
            line=start.line, number=number, amount=amount, code=code, surname=parts["FM"], given=parts["NM"],
            patronymic=parts["FT"], birth_date=birth, iin=iin, period=period,
        )

    def value_date(self, line: int, value_date: date) -> None:
        today = self.rules.today
        if today is not None and value_date != today:
            self.warn(line, "mt102.value_date", (
                f":32A: value date {value_date} is not today ({today}); one bank's validator wants the upload day"
            ))
