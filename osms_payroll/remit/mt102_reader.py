"""Read an MT102 client file (ours or another program's) back into persons and totals, and check it.

Streams line by line, so a list of any length is checked in flat memory. Every problem carries
its line number; ИИН in messages are masked. It rejects what the banks' validators reject
(remittance-formats.md §2): a total that is not the sum of the amounts, an amount without the
comma or two decimals, a bad ИИН/БИН/IBAN check digit, a KNP that is not 3 digits, IRS not 1/2,
SECO not 1–9, a document date in the future, more than 7 purpose lines — and a file that ends
without ``-}``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs

from osms_payroll.ids import IdError, iban, mask, validate_taxpayer_id
from osms_payroll.ids import bin as bin_id
from osms_payroll.ids import iin as iin_id
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.issues import PROBLEMS_KEPT

# Field limits of the format (remittance-formats.md §2).
REFERENCE_LIMIT = 16
NUMBER_LIMIT = 9
ASSIGN_LINES = 7  # legal-number-ok: MT102 purpose lines, a format limit
LINE_LIMIT = 60
KNP_DIGITS = 3
CURRENCY = "KZT"
TAG_REFERENCE = "20"  # legal-number-ok: MT field tag :20:
TAG_PAYER = "50"  # legal-number-ok: MT field tag :50:

_BLOCK_RE = re.compile(r"\{(\d):([^{}]*)\}")
_TAG_RE = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_SUB_RE = re.compile(r"^/([A-Z]+)/(.*)$")
_AMOUNT_RE = re.compile(r"^(\d+),(\d{2})$")
_TOTAL_RE = re.compile(r"^(\d{6})(.{3})(.*)$")
_ENCODINGS = ("utf-8", "cp1251", "cp866")
_SAMPLE = 1 << 16


@attrs.frozen
class Mt102Issue:
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.code}: {self.message}"


@attrs.frozen
class Mt102Person:
    """One sequence-B record. ``period`` falls back to the header's ``/PERIOD/`` if the record has none."""

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
    """What a check found. ``digest`` fingerprints the (ИИН, amount) sequence for round-trip checks."""

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


@attrs.define
class _Field:
    line: int
    tag: str
    value: str
    subs: list[tuple[int, str, list[str]]] = attrs.Factory(list)

    def sub(self, key: str) -> tuple[int, str] | None:
        for line, name, values in self.subs:
            if name == key:
                return line, values[0]
        return None


def person_digest_line(iin: str, amount: Decimal) -> bytes:
    """One step of the (ИИН, amount) fingerprint both the writer and the reader compute."""
    return f"{iin}:{amount:.2f}\n".encode()


def parse_amount_text(text: str) -> Decimal | None:
    """``12000,00`` → ``Decimal('12000.00')``; None unless digits, a comma and exactly two decimals."""
    match = _AMOUNT_RE.match(text)
    return Decimal(f"{match.group(1)}.{match.group(2)}") if match else None


def _date(text: str, century: bool) -> date | None:
    """``YYYYMMDD`` (``century``) or ``YYMMDD`` (20YY) → a date; None if not a real one."""
    width = len("YYYYMMDD") if century else len("YYMMDD")
    if len(text) != width or not text.isdigit():
        return None
    year = int(text[:-4]) + (0 if century else 2000)
    try:
        return date(year, int(text[-4:-2]), int(text[-2:]))
    except ValueError:
        return None


class Mt102Reader:
    """Single pass over the lines of one file; ``persons()`` yields records, the rest is filled on the way."""

    def __init__(self, source: str, *, today: date | None = None, banks: Mapping[str, str] | None = None,
                 keep: int = PROBLEMS_KEPT) -> None:
        self.source = source
        self.today = today
        self.banks = banks
        self.keep = keep
        self.issues: list[Mt102Issue] = []
        self.issue_count = 0
        self.header: Mt102Header | None = None
        self.count = 0
        self.sum = ZERO
        self.total: Decimal | None = None
        self.value_date: date | None = None
        self.periods: set[Period] = set()
        self._digest = hashlib.sha256()
        self._terminal: str | None = None
        self._end_line = 0

    def issue(self, line: int, code: str, message: str) -> None:
        self.issue_count += 1
        if len(self.issues) < self.keep:
            self.issues.append(Mt102Issue(line, code, message))

    # -- tokenizing -------------------------------------------------------------------------

    def _fields(self, lines: Iterable[tuple[int, str]]) -> Iterator[_Field]:
        state = "blocks"
        seen_blocks: set[str] = set()
        current: _Field | None = None
        last = 0
        for number, line in lines:
            last = number
            if state == "done":
                continue
            if state == "blocks":
                rest = line.strip()
                while (match := _BLOCK_RE.match(rest)) is not None:
                    seen_blocks.add(match.group(1))
                    if match.group(1) == "1":
                        self._terminal = match.group(2)[len("F01"):][:12] or None
                    rest = rest[match.end():]
                if rest.startswith("{4:"):
                    for block in ("1", "2"):
                        if block not in seen_blocks:
                            self.issue(number, "mt102.block", f"block {{{block}:…}} is missing before {{4:")
                    state = "body"
                    line = rest[len("{4:"):]
                    if not line.strip():
                        continue
                elif rest:
                    self.issue(number, "mt102.block", "expected the blocks {1:…}{2:…}{4: before the fields")
                    continue
                else:
                    continue
            if line.startswith("-}"):
                if current is not None:
                    yield current
                    current = None
                state = "done"
                self._end_line = number
                continue
            tag = _TAG_RE.match(line) if line.startswith(":") else None
            if tag is not None:
                if current is not None:
                    yield current
                current = _Field(number, tag.group(1), tag.group(2))
                sub = _SUB_RE.match(current.value)
                if sub is not None:
                    current.subs.append((number, sub.group(1), [sub.group(2)]))
                continue
            sub = _SUB_RE.match(line) if line.startswith("/") else None
            if current is not None and sub is not None:
                current.subs.append((number, sub.group(1), [sub.group(2)]))
            elif current is not None and current.subs and line.strip():
                current.subs[-1][2].append(line)
            elif line.strip():
                self.issue(number, "mt102.line", "a line outside any field; every line must start with :tag:, /key/ or continue a text")
        if current is not None:
            yield current
        if state != "done":
            self._end_line = last + 1
        if state == "blocks":
            self.issue(last + 1, "mt102.block", "end of file without the {4: block; this is not an MT102 file")
        elif state == "body":
            self.issue(last + 1, "mt102.unterminated", f"end of file after line {last} without '-}}': the file is cut off; write it again")

    # -- checks -----------------------------------------------------------------------------

    def _sub(self, field: _Field, key: str, where: str, required: bool) -> tuple[int, str]:
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

    def _header(self, fields: list[_Field], line: int) -> Mt102Header:
        by_tag: dict[str, _Field] = {}
        for field in fields:
            if field.tag == "54C":
                self.issue(field.line, "mt102.54c", ":54C: must not appear in a social payment list")
            by_tag.setdefault(field.tag, field)
        for tag in (TAG_REFERENCE, TAG_PAYER, "52B", "57B", "59", "70"):
            if tag not in by_tag:
                self.issue(line, "mt102.missing", f"sequence A has no :{tag}: field")
        empty = _Field(line, "", "")

        def sub(field: _Field, key: str, required: bool = True) -> tuple[int, str]:
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
        payer_bic_field = by_tag.get("52B", empty)
        payer_bic = payer_bic_field.value.strip()
        if payer_bic_field.tag:
            payer_bic = self._id(payer_bic_field.line, "mt102.bic", "payer bank :52B:", iban.validate_bic, payer_bic)
            banks = self.banks
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
        codes = {}
        for field, who in ((payer, "payer"), (ben, "beneficiary")):
            irs_line, irs = sub(field, "IRS")
            seco_line, seco = sub(field, "SECO")
            if field.tag and irs not in ("1", "2"):
                self.issue(irs_line, "mt102.irs", f"{who} /IRS/ must be 1 (resident) or 2, not {irs!r}")
            if field.tag and not (len(seco) == 1 and seco in "123456789"):
                self.issue(seco_line, "mt102.seco", f"{who} /SECO/ must be one digit 1–9, not {seco!r}")
            codes[who] = (irs, seco)
        name_line, name = sub(payer, "NAME")
        if payer.tag and not 0 < len(name) <= LINE_LIMIT:
            self.issue(name_line, "mt102.name", f"payer /NAME/ must be 1–{LINE_LIMIT} characters")
        order = by_tag.get("70", empty)
        number_line, number = sub(order, "NUM")
        if order.tag and not 0 < len(number) <= NUMBER_LIMIT:
            self.issue(number_line, "mt102.number", f"/NUM/ must be 1–{NUMBER_LIMIT} characters")
        date_line, date_text = sub(order, "DATE")
        doc_date = _date(date_text, century=False)
        if order.tag and doc_date is None:
            self.issue(date_line, "mt102.date", f"/DATE/ {date_text!r} is not a date YYMMDD")
        elif doc_date is not None and self.today is not None and doc_date > self.today:
            self.issue(date_line, "mt102.date_future", f"/DATE/ {doc_date} is in the future (today is {self.today}); banks reject it")
        knp_line, knp = sub(order, "KNP")
        if order.tag and not (len(knp) == KNP_DIGITS and knp.isdigit()):
            self.issue(knp_line, "mt102.knp", f"/KNP/ must be {KNP_DIGITS} digits, not {knp!r}")
        purpose = ""
        found = [(line_no, values) for line_no, key, values in order.subs if key == "ASSIGN"]
        if order.tag and not found:
            self.issue(order.line, "mt102.missing", ":70: has no /ASSIGN/ (purpose of payment)")
        for line_no, values in found[:1]:
            if len(values) > ASSIGN_LINES:
                self.issue(line_no, "mt102.assign", f"/ASSIGN/ has {len(values)} lines; at most {ASSIGN_LINES}")
            for offset, text in enumerate(values):
                width = len(text) + (len("/ASSIGN/") if offset == 0 else 0)
                if width > LINE_LIMIT:
                    self.issue(line_no + offset, "mt102.assign", f"purpose line has {width} characters; at most {LINE_LIMIT}")
            purpose = " ".join(values)
        period_sub = order.sub("PERIOD")
        header_period = self._period(period_sub[0], period_sub[1]) if period_sub else None
        return Mt102Header(
            reference=reference, payer_iban=payer_iban, payer_name=sub(payer, "NAME", False)[1], payer_idn=payer_idn,
            chief=sub(payer, "CHIEF", False)[1], chief_accountant=sub(payer, "MAINBK", False)[1],
            payer_irs=codes["payer"][0], payer_seco=codes["payer"][1], payer_bic=payer_bic, beneficiary_bic=ben_bic,
            beneficiary_iban=ben_iban, beneficiary_name=sub(ben, "NAME", False)[1], beneficiary_idn=ben_idn,
            beneficiary_irs=codes["beneficiary"][0], beneficiary_seco=codes["beneficiary"][1], number=number,
            doc_date=doc_date, knp=knp, purpose=purpose, period=header_period, terminal=self._terminal,
        )

    def _period(self, line: int, text: str) -> Period | None:
        if len(text) == len("MMYYYY") and text.isdigit() and 1 <= int(text[:2]) <= 12:  # legal-number-ok: months of a year
            return Period(int(text[2:]), int(text[:2]))
        self.issue(line, "mt102.period", f"/PERIOD/ {text!r} is not a month MMYYYY")
        return None

    def _person(self, fields: list[_Field]) -> Mt102Person:
        start = fields[0]
        number: int | None = None
        if start.value.isdigit():
            number = int(start.value)
        if number != self.count + 1:
            self.issue(start.line, "mt102.sequence", f":21: {start.value!r} should be the running number {self.count + 1}")
        amount: Decimal | None = None
        details = _Field(start.line, "", "")
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
                self.issue(iin_line, exc.code, f"person {self.count + 1}: {exc}")
        birth: date | None = None
        dt_line, dt = value("DT", required=False)
        if dt:
            birth = _date(dt, century=True)
            if birth is None:
                self.issue(dt_line, "mt102.dt", f"/DT/ {dt!r} is not a date YYYYMMDD")
            elif iin_ok and birth != iin_id.birth_date_unchecked(iin):
                self.issue(dt_line, "mt102.dt", f"/DT/ {dt} is not the birth date in ИИН {mask(iin)}")
        period_line, period_text = value("PERIOD", required=False)
        period = self._period(period_line, period_text) if period_text else self.header.period if self.header else None
        if period is None and not period_text:
            self.issue(details.line or start.line, "mt102.missing", "person record has no /PERIOD/ (and the header has none)")
        surname = value("FM")[1].split("/")[0]
        given = value("NM")[1].split("/")[0]
        return Mt102Person(
            line=start.line, number=number, amount=amount, code=value("OPV")[1] or None, surname=surname, given=given,
            patronymic=value("FT", required=False)[1].split("/")[0], birth_date=birth, iin=iin, period=period,
        )

    def _count(self, person: Mt102Person) -> None:
        self.count += 1
        if person.amount is not None:
            self.sum += person.amount
            self._digest.update(person_digest_line(person.iin, person.amount))
        if person.period is not None:
            self.periods.add(person.period)

    def _trailer(self, field: _Field) -> None:
        match = _TOTAL_RE.match(field.value)
        if match is None:
            self.issue(field.line, "mt102.total", ":32A: must be YYMMDD, KZT and the total (261105KZT12000,00)")
            return
        self.value_date = _date(match.group(1), century=False)
        if self.value_date is None:
            self.issue(field.line, "mt102.total", f":32A: value date {match.group(1)!r} is not a date YYMMDD")
        if match.group(2) != CURRENCY:
            self.issue(field.line, "mt102.currency", f":32A: currency must be {CURRENCY}")
        self.total = parse_amount_text(match.group(3))
        if self.total is None:
            self.issue(field.line, "mt102.amount", f":32A: total {match.group(3)!r} must be digits, a comma and two decimals")
        elif self.total != self.sum:
            self.issue(field.line, "mt102.total", f":32A: total {self.total} is not the sum of the :32B: amounts {self.sum} (difference {self.total - self.sum})")

    def persons(self, lines: Iterable[tuple[int, str]]) -> Iterator[Mt102Person]:
        """Yield each person record of ``(line number, text)`` pairs; problems go to :attr:`issues`."""
        header_fields: list[_Field] = []
        record: list[_Field] = []
        closed = False
        for field in self._fields(lines):
            if closed:
                self.issue(field.line, "mt102.tag", f":{field.tag}: after :32A:; the total must be the last field")
                continue
            if field.tag in ("21", "32A") and self.header is None:
                self.header = self._header(header_fields, field.line)
            if field.tag == "21" or field.tag == "32A":
                if record:
                    person = self._person(record)
                    self._count(person)
                    yield person
                    record = []
                if field.tag == "21":
                    record.append(field)
                else:
                    if self.count == 0:
                        self.issue(field.line, "mt102.empty", "the list has no person records")
                    self._trailer(field)
                    closed = True
            elif self.header is None:
                header_fields.append(field)
            else:
                record.append(field)
        if record:
            person = self._person(record)
            self._count(person)
            yield person
        if not closed:
            self.issue(self._end_line, "mt102.missing", "the list has no :32A: (value date and total) at its end")

    def summary(self) -> Mt102Summary:
        return Mt102Summary(
            source=self.source, header=self.header, persons=self.count, total=self.total, sum=self.sum,
            value_date=self.value_date, periods=tuple(sorted(self.periods)), digest=self._digest.hexdigest(),
            issues=tuple(self.issues), issue_count=self.issue_count,
        )


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """UTF-8 if the bytes are valid UTF-8, else whichever of cp1251 / cp866 reads more Cyrillic letters.

    ``complete`` False means ``sample`` is the start of a longer file, whose last character may be cut.
    """
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not complete and exc.reason == "unexpected end of data":
            return "utf-8"

    def cyrillic(encoding: str) -> int:
        text = sample.decode(encoding, errors="replace")
        return sum("\u0400" <= ch <= "\u04ff" for ch in text)

    return max(("cp1251", "cp866"), key=cyrillic)


def _lines(path: Path, encoding: str | None, reader: Mt102Reader) -> Iterator[tuple[int, str]]:
    with Path(path).open("rb") as handle:
        sample = handle.read(_SAMPLE)
        chosen = encoding or detect_encoding(sample, complete=len(sample) < _SAMPLE)
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            try:
                yield number, raw.decode(chosen).rstrip("\r\n")
            except UnicodeDecodeError:
                reader.issue(number, "mt102.encoding", f"the line is not {chosen} text; give the file's encoding")
                yield number, raw.decode(chosen, errors="replace").rstrip("\r\n")


def _run(path: Path, encoding: str | None, today: date | None, banks: Mapping[str, str] | None, keep_persons: bool) -> tuple[Mt102Summary, list[Mt102Person]]:
    if encoding is not None and encoding not in _ENCODINGS:
        raise ValueError(f"encoding {encoding!r} is not one of {', '.join(_ENCODINGS)}")
    reader = Mt102Reader(str(path), today=today, banks=banks)
    persons = []
    for person in reader.persons(_lines(path, encoding, reader)):
        if keep_persons:
            persons.append(person)
    return reader.summary(), persons


def check_mt102(path: Path, *, encoding: str | None = None, today: date | None = None,
                banks: Mapping[str, str] | None = None) -> Mt102Summary:
    """Check a file in one streaming pass (flat memory); ``summary.ok`` says whether it passed.

    ``encoding`` None detects it; ``today`` enables the future-date check; ``banks`` (bank code →
    BIC) enables the check of the payer's IBAN against its BIC. Raises ``OSError`` if unreadable.
    """
    return _run(path, encoding, today, banks, keep_persons=False)[0]


def read_mt102(path: Path, *, encoding: str | None = None, today: date | None = None,
               banks: Mapping[str, str] | None = None) -> Mt102Document:
    """Read every person record; raises :class:`Mt102Error` (with line numbers) if the check fails."""
    summary, persons = _run(path, encoding, today, banks, keep_persons=True)
    if not summary.ok:
        raise Mt102Error(summary)
    return Mt102Document(summary, tuple(persons))
