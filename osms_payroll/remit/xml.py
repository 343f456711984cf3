"""XML remittance, schema 2: every person of the period with a contribution per payment kind and the law behind them.

Our own documented format (``osms-remittance-2.xsd`` next to this module, namespace
:data:`NAMESPACE`; schema 1, the fixed oosms/vosms pair, stays readable by :func:`check_xml`):
no public customer-to-bank XML profile exists for Kazakhstan. Written
incrementally with ``lxml.etree.xmlfile`` (memory flat in the number of persons), except the
persons: the same markup from text pieces (a rule's part of a contribution built once, values
escaped as lxml escapes them), several times cheaper than an element each. Totals and the
cited parameters come at the end of the document. Every byte written is also read back as it
is written — the head and the tail parsed and validated against the XSD, with entity resolution
and network access off; the persons checked against the XSD's types by patterns of their written
form (:mod:`~osms_payroll.remit.xml_persons`) — and before the file is moved into place its sums
must equal its totals and the engine's.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import attrs
from lxml import etree  # type: ignore[import-untyped]

from osms_payroll.engine.result import Contribution, PaymentRule, Result
from osms_payroll.i18n import Message
from osms_payroll.ids import mask
from osms_payroll.law import ParamValue
from osms_payroll.money import ZERO, format_amount
from osms_payroll.fileio import AtomicFile
from osms_payroll.issues import IssueLog
from osms_payroll.remit.files import RemitError, WrittenFile, check_totals
from osms_payroll.remit.names import NameProblem, control_character, person_name
from osms_payroll.remit.requisites import RemitContext
from osms_payroll.remit.xml_persons import PersonsCheck, PersonsMismatch

FORMAT = "xml"
SCHEMA_VERSION = "2"
#: The namespace of each schema version (the writer writes :data:`SCHEMA_VERSION`; the reader takes all).
NAMESPACES = {"1": "urn:osms-payroll:remittance:1", "2": "urn:osms-payroll:remittance:2"}
NAMESPACE = NAMESPACES[SCHEMA_VERSION]
XSD_NAME = f"osms-remittance-{SCHEMA_VERSION}.xsd"
_XS = "{http://www.w3.org/2001/XMLSchema}"


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


#: What lxml escapes in an attribute's value, and how.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})
_ESCAPED = re.compile('[&<>"\t\n\r]')
#: Persons written as text between two writes to the file (and to its read-back).
_PERSONS_PER_WRITE = 200


def attribute(text: str) -> str:
    """``text`` as the value of an attribute in double quotes, escaped as lxml's serializer does."""
    return text.translate(_ESCAPES) if _ESCAPED.search(text) else text


def safe_parser() -> Any:
    """The only way the SDK parses XML: no entity expansion, no network, no DTD loading."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@lru_cache(maxsize=len(NAMESPACES))
def schema(version: str = SCHEMA_VERSION) -> Any:
    """The shipped XSD of a schema version (the current one by default) as an ``lxml.etree.XMLSchema``."""
    data = (resources.files("osms_payroll.remit") / f"osms-remittance-{version}.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(data, safe_parser()))


def _version(path: Path) -> str:
    """The schema version named by the root element's namespace (the current one if it is none we know)."""
    with Path(path).open("rb") as handle:
        for _event, element in etree.iterparse(handle, events=("start",), resolve_entities=False, no_network=True, load_dtd=False):
            namespace = etree.QName(element).namespace
            return next((v for v, ns in NAMESPACES.items() if ns == namespace), SCHEMA_VERSION)
    return SCHEMA_VERSION


@attrs.frozen
class XmlCheck:
    """What a parse of a remittance found: persons, sums of the amounts and the stated totals, by KNP."""

    persons: int
    sums: Mapping[str | None, Decimal]
    counts: Mapping[str | None, int]
    totals: Mapping[str, Decimal]


class _ReadTotals:
    """Persons, amounts and stated totals folded from a remittance's ``end`` events as they come,
    each person's element dropped once counted (memory flat in the number of persons)."""

    def __init__(self, version: str) -> None:
        namespace = NAMESPACES[version]
        self._tags = tuple(f"{{{namespace}}}{name}" for name in ("contribution", "person", "total"))
        self.persons = 0
        self.sums: dict[str | None, Decimal] = {}  # by KNP; None: a contribution without one
        self.counts: dict[str | None, int] = {}
        self.totals: dict[str, Decimal] = {}

    def fold(self, events: Iterable[tuple[str, Any]]) -> None:
        contribution, person, total = self._tags
        sums, counts = self.sums, self.counts
        for _event, element in events:
            tag = element.tag
            if tag == contribution:
                amount = Decimal(element.get("amount"))
                if amount > 0:
                    knp = element.get("knp")
                    sums[knp] = sums.get(knp, ZERO) + amount
                    counts[knp] = counts.get(knp, 0) + 1
            elif tag == person:
                self.persons += 1
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif tag == total:
                self.totals[element.get("knp")] = Decimal(element.get("amount"))

    def check(self) -> XmlCheck:
        return XmlCheck(self.persons, self.sums, self.counts, self.totals)


def check_xml(path: Path) -> XmlCheck:
    """Parse and validate a remittance (schema 1 or 2, told by its namespace) against its XSD in one streaming pass.

    Raises ``lxml.etree.XMLSyntaxError`` (a ``ValueError``-like error with the line) if the file is
    not well-formed or not valid.
    """
    version = _version(path)
    totals = _ReadTotals(version)
    totals.fold(etree.iterparse(
        str(path), events=("end",), schema=schema(version), resolve_entities=False, no_network=True, load_dtd=False
    ))
    return totals.check()


class _ReadBack:
    """The file being written, its bytes read back as they are written: the read-back of
    :func:`check_xml`, done while the other processes still work instead of after. The head and the
    tail are parsed and validated against the XSD; the persons, written as text in one form, are
    checked by :class:`~osms_payroll.remit.xml_persons.PersonsCheck` (never looser than the XSD,
    several times faster); a person it refuses is validated alone against the XSD to say why."""

    def __init__(self, handle: BinaryIO, name: str) -> None:
        self.handle = handle
        self.name = name
        self._parser = etree.XMLPullParser(
            events=("end",), schema=schema(), resolve_entities=False, no_network=True, load_dtd=False
        )
        self._totals = _ReadTotals(SCHEMA_VERSION)
        self._persons = PersonsCheck()
        self._lines = 0  # newlines written so far: the line a refused person is on
        self._problem: Message | None = None

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        if self._problem is None:
            try:
                self._parser.feed(data)
                self._totals.fold(self._parser.read_events())
            except etree.XMLSyntaxError as exc:
                self._problem = self._invalid(str(exc))
        self._lines += data.count(b"\n")

    def persons(self, data: bytes) -> None:
        """Whole persons, as :class:`XmlWriter` writes them."""
        self.handle.write(data)
        if self._problem is None:
            try:
                self._persons.feed(data)
            except PersonsMismatch as mismatch:
                self._problem = self._refused(data, mismatch.offset)
        self._lines += data.count(b"\n")

    def _invalid(self, reason: str) -> Message:
        return Message("remit.xml_invalid", file=self.name, xsd=XSD_NAME, reason=reason)

    def _refused(self, data: bytes, offset: int) -> Message:
        """Why the person at ``offset`` of ``data`` was refused, in the XSD's words (validated alone)."""
        line = self._lines + data.count(b"\n", 0, offset) + 1
        end = data.find(b"</person>", offset)
        person = data[offset:] if end < 0 else data[offset:end + len(b"</person>")]
        document = b'<persons xmlns="' + NAMESPACE.encode() + b'">\n' + person + b"</persons>"
        try:
            alone = etree.fromstring(document, safe_parser())
        except etree.XMLSyntaxError as exc:
            return self._invalid(f"{exc.msg} (line {line + exc.lineno - 2})")
        persons = _persons_schema()
        if persons.validate(alone):
            return Message("remit.xml_unexpected", file=self.name, line=line)
        error = persons.error_log.last_error
        return self._invalid(f"{error.message} (line {line + error.line - 2})")

    def check(self) -> XmlCheck | Message:
        """What the written document holds, or why it is not valid."""
        if self._problem is None:
            try:
                self._parser.close()
                self._totals.fold(self._parser.read_events())
            except etree.XMLSyntaxError as exc:
                self._problem = self._invalid(str(exc))
        if self._problem is not None:
            return self._problem
        totals, persons = self._totals, self._persons
        sums, counts = dict(totals.sums), dict(totals.counts)
        for knp, amount in persons.sums.items():
            sums[knp] = sums.get(knp, ZERO) + amount
            counts[knp] = counts.get(knp, 0) + persons.counts[knp]
        return XmlCheck(totals.persons + persons.persons, sums, counts, totals.totals)


@lru_cache(maxsize=1)
def _persons_schema() -> Any:
    """The current XSD with ``persons`` declared at the top too: a stretch of persons validated alone."""
    data = (resources.files("osms_payroll.remit") / XSD_NAME).read_bytes()
    root = etree.fromstring(data, safe_parser())
    persons = root.find(f"{_XS}element[@name='remittance']//{_XS}element[@name='persons']")
    root.append(copy.deepcopy(persons))
    return etree.XMLSchema(root)


def _parameter_attrs(value: ParamValue) -> dict[str, str]:
    return {
        "ref": value.ref, "id": value.param_id, "unit": value.unit, "from": str(value.start),
        "to": str(value.end), "confidence": value.confidence,
    }


class XmlWriter:
    """Streams one period's remittance into ``path``; see the module docstring."""

    def __init__(self, path: Path, context: RemitContext, params_questions: Mapping[int, str]) -> None:
        self.path = Path(path)
        self.context = context
        self.questions = params_questions
        self.problems = IssueLog(file=self.path.name)
        self.persons = 0
        self.totals = {order.knp: ZERO for order in context.orders}
        self.counts = {order.knp: 0 for order in context.orders}
        self.cited: dict[str, ParamValue] = {value.ref: value for value in context.parameters}
        self.warnings = IssueLog(context.warnings)
        self._rules: dict[tuple[str, int, str | None], tuple[PaymentRule, str, str, str]] = {}
        self._pending: list[str] = []
        self._atomic = AtomicFile(self.path)
        self._handle = self._atomic.open()
        self._read_back = _ReadBack(self._handle, self.path.name)
        self._document = contextlib.ExitStack()
        self._list = contextlib.ExitStack()
        try:
            self._open()
        except BaseException:
            self.abort()
            raise

    def _text(self, name: str, text: str) -> None:
        with self._xf.element(_q(name)):
            self._xf.write(text)

    def _open(self) -> None:
        context = self.context
        self._xf = xf = self._document.enter_context(etree.xmlfile(self._read_back, encoding="UTF-8"))
        xf.write_declaration()
        self._document.enter_context(
            xf.element(
                _q("remittance"),
                {
                    "schemaVersion": SCHEMA_VERSION, "period": str(context.period), "lang": context.lang,
                    "ruleSet": context.rule_set, "ruleSetDigest": context.rule_set_digest,
                },
                nsmap={None: NAMESPACE},
            )
        )
        employer = context.employer
        xf.write("\n")
        with xf.element(_q("employer")):
            for name, value in (
                ("name", employer.name), ("binIin", employer.bin_iin), ("iban", employer.iban), ("bic", employer.bic),
                ("kod", employer.kod), ("head", employer.head), ("chiefAccountant", employer.chief_accountant),
            ):
                if value:
                    self._text(name, value)
        xf.write("\n")
        recipient = context.recipient
        with xf.element(_q("recipient"), {"cites": " ".join(p.ref for p in recipient.parameters)}):
            for name, value in (
                ("name", recipient.name), ("bin", recipient.bin), ("iban", recipient.iban), ("bic", recipient.bic),
                ("kbe", recipient.kbe),
            ):
                self._text(name, value)
        for order in context.orders:
            xf.write("\n")
            with xf.element(
                _q("payment"),
                {
                    "kind": order.kind, "knp": order.knp, "number": order.number,
                    "documentDate": order.doc_date.isoformat(), "valueDate": order.value_date.isoformat(),
                    "cites": order.knp_parameter.ref,
                },
            ):
                self._text("purpose", order.purpose)
        xf.write("\n")
        self._list.enter_context(xf.element(_q("persons")))
        xf.write("\n")
        xf.flush()  # the persons follow as text, straight into the file

    def _rule_text(self, kind: str, contribution: Contribution) -> tuple[PaymentRule, str, str, str]:
        """A contribution's markup around its three amounts: the same for every person under the rule
        (and shortfall), so it is built once."""
        rule = contribution.rule
        key = (kind, id(rule), contribution.shortfall)
        known = self._rules.get(key)
        if known is not None and known[0] is rule:
            return known
        for value in rule.parameters:
            self.cited.setdefault(value.ref, value)
        knp = "" if rule.knp is None else f' knp="{attribute(rule.knp)}"'
        tail = ""
        if contribution.not_due is not None:
            tail = f' notDue="{attribute(contribution.not_due)}"'
            if contribution.reason:
                tail += f' reason="{attribute(contribution.reason)}"'
        cites = attribute(" ".join(value.ref for value in rule.parameters))
        known = self._rules[key] = (
            rule,
            f'\n  <contribution kind="{attribute(kind)}"{knp} baseBeforeCap="',
            f'" rate="{attribute(str(rule.rate))}" amount="',
            f'"{tail} cites="{cites}"></contribution>',
        )
        return known

    def add(self, result: Result) -> None:
        person = result.person
        bad = control_character(person.full_name)
        if bad is not None:
            self.problems.fail(Message("remit.control", who=f"ИИН {mask(person.iin)}", char=repr(bad)))
            return
        parts = self._pending
        parts += ('<person iin="', attribute(person.iin), '" fullName="', attribute(person.full_name))
        try:
            name = person_name(person)
            parts += ('" surname="', attribute(name.surname), '" givenName="', attribute(name.given))
            if name.patronymic:
                parts += ('" patronymic="', attribute(name.patronymic))
        except NameProblem:
            pass
        born = result.birth_date
        if born is not None:
            parts += ('" birthDate="', born.isoformat())
        parts += ('" category="', attribute(person.category))
        if result.exempt_reason:
            parts += ('" exemptReason="', attribute(result.exempt_reason))
        category_rule = result.category_rule
        parts += ('" gross="', format_amount(person.gross), '" categoryRule="', attribute(category_rule.ref), '">')
        self.cited.setdefault(category_rule.ref, category_rule)
        totals = self.totals
        for kind, contribution in result.contributions.items():
            _rule, head, rate, tail = self._rule_text(kind, contribution)
            amount = contribution.amount
            parts += (head, format_amount(contribution.base_before_cap), '" base="', format_amount(contribution.base),
                      rate, format_amount(amount), tail)
            knp = contribution.rule.knp
            if amount > 0 and knp in totals:
                totals[knp] += amount
                self.counts[knp] += 1
        parts.append("\n</person>\n")
        self.persons += 1
        if not self.persons % _PERSONS_PER_WRITE:
            self._write_pending()
        self.warnings.person(result.warnings)

    def _write_pending(self) -> None:
        if self._pending:
            self._read_back.persons("".join(self._pending).encode())
            self._pending.clear()

    def _parameter(self, value: ParamValue) -> None:
        xf = self._xf
        with xf.element(_q("parameter"), _parameter_attrs(value)):
            if isinstance(value.value, Mapping):
                for key in sorted(value.value):
                    with xf.element(_q("entry"), {"key": key, "value": value.value[key]}):
                        pass
            else:
                self._text("value", str(value.value))
            self._text("source", value.source)
            if value.note:
                self._text("note", value.note)
            for number in value.open_questions:
                with xf.element(_q("openQuestion"), {"number": str(number)}):
                    xf.write(self.questions.get(number, ""))
        xf.write("\n")

    def _finish(self) -> None:
        xf = self._xf
        self._write_pending()
        self._list.close()
        xf.write("\n")
        with xf.element(_q("totals"), {"persons": str(self.persons)}):
            for order in self.context.orders:
                xf.write("\n")
                attrib = {
                    "kind": order.kind, "knp": order.knp, "persons": str(self.counts[order.knp]),
                    "amount": format_amount(self.totals[order.knp]),
                }
                with xf.element(_q("total"), attrib):
                    pass
            xf.write("\n")
        xf.write("\n")
        warnings = self.warnings.warning_lines()
        with xf.element(_q("warnings")):
            for warning in warnings:
                xf.write("\n")
                self._text("warning", warning)
            xf.write("\n")
        xf.write("\n")
        with xf.element(_q("parameters")):
            xf.write("\n")
            for ref in sorted(self.cited):
                self._parameter(self.cited[ref])
        xf.write("\n")
        self._document.close()
        self._handle.close()

    def abort(self) -> None:
        # Leave the lxml contexts without writing closing tags: the temp file is removed anyway.
        self._list.pop_all()
        self._document.pop_all()
        self._handle.close()
        self._atomic.discard()

    def close(self, expected: Mapping[str, Decimal]) -> WrittenFile:
        """End the document, finish its read-back, compare totals, move it into place."""
        if self.problems:
            self.abort()
            raise RemitError(self.problems.problem_lines())
        try:
            self._finish()
        except BaseException:
            self.abort()
            raise
        problems = check_totals(self.path.name, self.totals, expected)
        check = self._read_back.check()
        if isinstance(check, Message):
            problems.append(check)
        else:
            if (check.persons, dict(check.sums), dict(check.totals)) != (
                self.persons, {k: v for k, v in self.totals.items() if self.counts[k]}, self.totals
            ):
                problems.append(Message("remit.xml_read_back", file=self.path.name, persons=check.persons, totals=str(dict(check.totals))))
        if problems:
            self._atomic.discard()
            raise RemitError(problems)
        sha256, size = self._atomic.commit()
        return WrittenFile(self.path, FORMAT, self.persons, dict(self.totals), sha256, size, None, self.context.warnings)
