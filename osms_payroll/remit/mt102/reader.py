"""Read an MT102 client file (ours or another program's) back into persons and totals, and check it.

Streams line by line, so a list of any length is checked in flat memory. Every problem carries
its line number and a stable code (:mod:`.checks` has the rules); ИИН in messages are masked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
import re
from pathlib import Path

from osms_payroll.money import ZERO
from osms_payroll.period import Period
from osms_payroll.remit.mt102.checks import Checker, CheckRules
from osms_payroll.remit.mt102.encoding import ENCODINGS, normalize
from osms_payroll.remit.mt102.model import Mt102Document, Mt102Error, Mt102Header, Mt102Person, Mt102Summary
from osms_payroll.remit.mt102.spec import CURRENCY, parse_amount_text, parse_date
from osms_payroll.remit.mt102.tokenizer import Field, Tokenizer, file_lines

_TOTAL_RE = re.compile(r"^(\d{6})(.{3})(.*)$")


def person_digest_line(iin: str, amount: Decimal) -> bytes:
    """One step of the (ИИН, amount) fingerprint both the writer and the reader compute."""
    return f"{iin}:{amount:.2f}\n".encode()


class Mt102Reader:
    """Single pass over the lines of one file; ``persons()`` yields records, the rest is filled on the way."""

    def __init__(self, source: str, rules: CheckRules | None = None) -> None:
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
        self._digest = hashlib.sha256()

    def _count(self, person: Mt102Person) -> None:
        self.count += 1
        if person.amount is not None:
            self.sum += person.amount
            self._digest.update(person_digest_line(person.iin, person.amount))
        if person.period is not None:
            self.periods.add(person.period)

    def _person(self, record: list[Field]) -> Mt102Person:
        person = self.checks.person(record, self.count + 1, self.header.period if self.header else None)
        self._count(person)
        return person

    def _trailer(self, field: Field) -> None:
        issue = self.checks.issue
        match = _TOTAL_RE.match(field.value)
        if match is None:
            issue(field.line, "mt102.total", ":32A: must be YYMMDD, KZT and the total (261105KZT12000,00)")
            return
        self.value_date = parse_date(match.group(1), century=False)
        if self.value_date is None:
            issue(field.line, "mt102.total", f":32A: value date {match.group(1)!r} is not a date YYMMDD")
        else:
            self.checks.value_date(field.line, self.value_date)
        if match.group(2) != CURRENCY:
            issue(field.line, "mt102.currency", f":32A: currency must be {CURRENCY}")
        self.total = parse_amount_text(match.group(3))
        if self.total is None:
            issue(field.line, "mt102.amount", f":32A: total {match.group(3)!r} must be digits, a comma and two decimals")
        elif self.total != self.sum:
            issue(field.line, "mt102.total", f":32A: total {self.total} is not the sum of the :32B: amounts {self.sum} (difference {self.total - self.sum})")

    def persons(self, lines: Iterable[tuple[int, str]]) -> Iterator[Mt102Person]:
        """Yield each person record of ``(line number, text)`` pairs; problems go to the checker."""
        header_fields: list[Field] = []
        record: list[Field] = []
        closed = False
        for field in self.tokens.fields(lines):
            if closed:
                self.checks.issue(field.line, "mt102.tag", f":{field.tag}: after :32A:; the total must be the last field")
                continue
            if field.tag in ("21", "32A") and self.header is None:
                self.header = self.checks.header(header_fields, field.line, self.tokens.terminal)
            if field.tag == "21" or field.tag == "32A":
                if record:
                    yield self._person(record)
                    record = []
                if field.tag == "21":
                    record.append(field)
                else:
                    if self.count == 0:
                        self.checks.issue(field.line, "mt102.empty", "the list has no person records")
                    self._trailer(field)
                    closed = True
            elif self.header is None:
                header_fields.append(field)
            else:
                record.append(field)
        if record:
            yield self._person(record)
        if not closed:
            self.checks.issue(self.tokens.end_line, "mt102.missing", "the list has no :32A: (value date and total) at its end")

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
            raise ValueError(f"encoding {encoding!r} is not one of {', '.join(ENCODINGS)}")
    reader = Mt102Reader(str(path), rules)
    reader.encoding, lines = file_lines(path, encoding, reader.checks.issue)
    persons = []
    for person in reader.persons(lines):
        if keep_persons:
            persons.append(person)
    return reader.summary(), persons


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
