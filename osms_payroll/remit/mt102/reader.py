"""Read an MT102 client file (ours or another program's) back into persons and totals, and check it.

Streams chunks of whole lines, so a list of any length is checked in flat memory. The records of
a chunk in the shape our writer writes are checked together on its bytes (:mod:`.bulk`);
everything else is decoded and checked field by field (:mod:`.tokenizer` → :mod:`.checks`, where
the rules are). Every problem carries its line number and a stable code; ИИН in messages are masked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

from osms_payroll.i18n import Message
from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.remit.mt102 import bulk
from osms_payroll.remit.mt102.checks import Checker, CheckRules
from osms_payroll.remit.mt102.encoding import ENCODINGS, normalize
from osms_payroll.remit.mt102.model import Mt102Document, Mt102Error, Mt102Header, Mt102Person, Mt102Summary
from osms_payroll.remit.mt102.spec import CURRENCY, TIYN, parse_amount_text, parse_date
from osms_payroll.remit.mt102.tokenizer import Field, Tokenizer, chunk_lines, file_chunks

_DATE = len("YYMMDD")


def person_digest_line(iin: str, amount: Decimal) -> bytes:
    """One step of the (ИИН, amount) fingerprint both the writer and the reader compute: the amount
    to the tiyn (``quantize`` and ``str``, a sixth of the cost of a ``.2f`` format)."""
    return f"{iin}:{amount.quantize(TIYN)}\n".encode()


class Mt102Reader:
    """One pass over a file's chunks; :meth:`summary` tells what it found, ``persons`` (when kept) holds the records."""

    def __init__(self, source: str, rules: CheckRules | None = None, keep_persons: bool = False) -> None:
        self.source = source
        self.checks = Checker(rules or CheckRules())
        self.tokens = Tokenizer(self.checks.issue)
        self.header: Mt102Header | None = None
        self.encoding = ""
        self.count = 0
        self.sum = ZERO
        self.total: Decimal | None = None
        self.value_date: date | None = None
        self.periods: set[Period] = set()
        self.persons: list[Mt102Person] | None = [] if keep_persons else None
        self._digest = hashlib.sha256()
        self._header_fields: list[Field] = []
        self._record: list[Field] = []
        self._closed = False
        self._next_line = 1

    # -- field by field ---------------------------------------------------------------------

    def _count(self, person: Mt102Person) -> None:
        self.count += 1
        if person.amount is not None:
            self.sum += person.amount
            self._digest.update(person_digest_line(person.iin, person.amount))
        if person.period is not None:
            self.periods.add(person.period)
        if self.persons is not None:
            self.persons.append(person)

    def _end_record(self) -> None:
        if self._record:
            self._count(self.checks.person(self._record, self.count + 1, self.header.period if self.header else None))
            self._record = []

    def _trailer(self, field: Field) -> None:
        issue = self.checks.issue
        value = field.value
        day, currency, amount = value[:_DATE], value[_DATE:_DATE + len(CURRENCY)], value[_DATE + len(CURRENCY):]
        if not (len(day) == _DATE and day.isascii() and day.isdigit() and len(currency) == len(CURRENCY)):
            issue(field.line, "mt102.total", Message("mt102.total.format"))
            return
        self.value_date = parse_date(day, century=False)
        if self.value_date is None:
            issue(field.line, "mt102.total", Message("mt102.total.date", value=repr(day)))
        else:
            self.checks.value_date(field.line, self.value_date)
        if currency != CURRENCY:
            issue(field.line, "mt102.currency", Message("mt102.currency.32a", currency=CURRENCY))
        self.total = parse_amount_text(amount)
        if self.total is None:
            issue(field.line, "mt102.amount", Message("mt102.amount.32a", value=repr(amount)))
        elif self.total != self.sum:
            issue(field.line, "mt102.total", Message("mt102.total.sum", total=self.total, sum=self.sum, difference=self.total - self.sum))

    def _field(self, field: Field) -> None:
        if self._closed:
            self.checks.issue(field.line, "mt102.tag", Message("mt102.tag.after_total", tag=field.tag))
            return
        if field.tag in ("21", "32A") and self.header is None:
            self.header = self.checks.header(self._header_fields, field.line, self.tokens.terminal)
        if field.tag == "21" or field.tag == "32A":
            self._end_record()
            if field.tag == "21":
                self._record.append(field)
            else:
                if self.count == 0:
                    self.checks.issue(field.line, "mt102.empty", Message("mt102.empty"))
                self._trailer(field)
                self._closed = True
        elif self.header is None:
            self._header_fields.append(field)
        else:
            self._record.append(field)

    def _line(self, number: int, line: str) -> None:
        field = self.tokens.feed(number, line)
        if field is not None:
            self._field(field)

    def _lines(self, data: bytes, start: int, end: int) -> None:
        """The lines of ``data[start:end]`` one by one."""
        for number, line in chunk_lines(self._next_line, data[start:end], self.encoding, self.checks.issue):
            self._line(number, line)
        self._next_line += data.count(b"\n", start, end)

    # -- clean records, a chunk at a time ----------------------------------------------------

    def _clean(self, data: bytes, start: int, end: int) -> bool:
        """Take ``data[start:end]`` (from a :21: line to a :21: or :32A: line) at once if it is clean records."""
        field = self.tokens.flush()  # what its first :21: line would end
        if field is not None:
            self._field(field)
        if self.header is None or self._closed or not self.tokens.in_body:
            return False
        self._end_record()
        run = bulk.clean_run(data, start, end, self.encoding, self.count + 1)
        if run is None:
            return False
        if self.persons is not None:
            line = self._next_line
            newline = bulk.newline_of(data, end).decode("ascii")
            for record in run.records:
                self.persons.append(bulk.person(record.decode(self.encoding), line, newline))
                line += record.count(b"\n")
        self.count += run.count
        self.sum += run.amount
        self._digest.update(run.digest)
        self.periods |= run.periods
        self._next_line += data.count(b"\n", start, end)
        return True

    def _chunk(self, data: bytes) -> None:
        """A chunk of whole lines: the records from its first (its second, while the header is
        read) to its last at once when they are clean, everything else line by line."""
        start = 0 if data.startswith(b":21:") else data.find(b"\n:21:") + 1 or -1
        if start >= 0 and self.header is None:  # the first record ends the header: read it field by field
            start = data.find(b"\n:21:", start) + 1 or -1
        end = max(data.rfind(marker) for marker in bulk.NEXT) + 1
        if not 0 <= start < end:
            self._lines(data, 0, len(data))
            return
        self._lines(data, 0, start)
        if not self._clean(data, start, end):
            self._lines(data, start, end)
        self._lines(data, end, len(data))

    def read(self, path: Path, encoding: str | None) -> None:
        """Check the whole file (given its encoding, or detecting it)."""
        self.encoding, chunks = file_chunks(path, encoding)
        for first, data in chunks:
            self._next_line = first
            self._chunk(data if data.endswith(b"\n") else data + b"\n")
        field = self.tokens.flush()
        if field is not None:
            self._field(field)
        self.tokens.finish(self._next_line - 1)
        self._end_record()
        if not self._closed:
            self.checks.issue(self.tokens.end_line, "mt102.missing", Message("mt102.missing.total"))

    def summary(self) -> Mt102Summary:
        checks = self.checks
        return Mt102Summary(
            source=self.source, header=self.header, persons=self.count, total=self.total, sum=self.sum,
            value_date=self.value_date, periods=tuple(sorted(self.periods)), digest=self._digest.hexdigest(),
            issues=tuple(checks.issues), issue_count=checks.issue_count, encoding=self.encoding,
            warnings=tuple(checks.warnings),
        )


def _run(path: Path, encoding: str | None, rules: CheckRules, keep_persons: bool) -> tuple[Mt102Summary, list[Mt102Person]]:
    if encoding is not None:
        encoding = normalize(encoding)
        if encoding not in ENCODINGS:
            raise ValueError(Message("mt102.encoding_unknown", encoding=repr(encoding), choices=", ".join(ENCODINGS)))
    reader = Mt102Reader(str(path), rules, keep_persons)
    reader.read(path, encoding)
    return reader.summary(), reader.persons or []


def check_mt102(path: Path, *, encoding: str | None = None, today: date | None = None,
                banks: Mapping[str, str] | None = None,
                beneficiaries: Mapping[str, tuple[str, str]] | None = None) -> Mt102Summary:
    """Check a file in one streaming pass (flat memory); ``summary.ok`` says whether it passed.

    ``encoding`` None detects it (UTF-8 with or without BOM, KZ-1048, cp1251, cp866); ``today``
    enables the future-date and value-date checks; ``banks`` (bank code → BIC) the check of the
    payer's IBAN against its BIC; ``beneficiaries`` (KNP → IBAN, BIN) the check that the money
    goes where the KNP says (:func:`~osms_payroll.remit.mt102.checks.osms_beneficiaries`).
    Raises ``OSError`` if unreadable.
    """
    return _run(path, encoding, CheckRules(today, banks, beneficiaries), keep_persons=False)[0]


def read_mt102(path: Path, *, encoding: str | None = None, today: date | None = None,
               banks: Mapping[str, str] | None = None,
               beneficiaries: Mapping[str, tuple[str, str]] | None = None) -> Mt102Document:
    """Read every person record; raises :class:`Mt102Error` (with line numbers) if the check fails."""
    summary, persons = _run(path, encoding, CheckRules(today, banks, beneficiaries), keep_persons=True)
    if not summary.ok:
        raise Mt102Error(summary)
    return Mt102Document(summary, tuple(persons))
