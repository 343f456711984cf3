"""Writers of the ``calc`` output: the JSON contract (schema 1), CSV and a terminal table.

All three are sinks of :func:`~osms_payroll.engine.tally.fan_out`: fed results as they come,
finished with the tally of the pass; what is held is only the set of cited parameters.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from osms_payroll.intake.contract import SCHEMA
from osms_payroll.issues import LISTS_KEPT, IssueLog
from osms_payroll.engine.payslip import TOTALS, Payslip
from osms_payroll.engine.model import PayLine
from osms_payroll.engine.result import Contribution, PaymentRule, Result, exclusion_rule
from osms_payroll.engine.tally import Tally
from osms_payroll.law import Params, ParamValue
from osms_payroll.i18n import _, csv_delimiter, current, money, ngettext, number, say
from osms_payroll.money import ZERO, format_amount
from osms_payroll.report.csvcell import neutralise
from osms_payroll.law.words import category_label, known
from osms_payroll.intake.reconcile import Difference, note_lines

CSV_COLUMNS = (
    "iin", "full_name", "period", "category", "gross",
    "oosms_base", "oosms", "vosms_base", "vosms", "exempt_reason", "warnings",
)
#: Columns ``calc --payslip`` adds (before ``warnings``), and those ``--from-net`` adds to them.
PAYSLIP_COLUMNS = ("opv", "ipn", "ipn_base", "ipn_base_without_vosms", "net", "opvr", "so", "sn", "employer_cost")
FROM_NET_COLUMNS = ("net_asked", "net_exact")


#: One encoder for every result (``json.dumps`` with options builds a new one per call); the values
#: are plain data built here, so the circular-reference check is skipped.
_dump = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
#: A JSON string literal, as ``_dump`` writes one.
_string = json.encoder.encode_basestring


def _text(value: str | None) -> str:
    return "null" if value is None else _string(value)


class ResultEncoder:
    """``_dump(result.to_dict(citations=False))``, built from text pieces: what a payment rule
    contributes is encoded once per rule, so a result costs its own numbers and names only.

    It writes the contract of :class:`~osms_payroll.engine.result.Result` itself; a subclass (a
    payslip) adds fields, and is encoded through its ``to_dict``.
    """

    def __init__(self) -> None:
        #: Every parameter an encoded result rests on, by reference (a rule's, when it is first met).
        self.cited: dict[str, ParamValue] = {}
        self._rules: dict[tuple[str, int, str | None], tuple[PaymentRule, str, str, str, str, str]] = {}
        #: The warnings of results as JSON, by their texts: most persons share a handful of lists.
        self._warnings: dict[tuple[str, ...], str] = {}

    def __call__(self, result: Result) -> str:
        cited = self.cited
        if type(result) is not Result:
            for value in result.parameters():
                cited.setdefault(value.ref, value)
            return _dump(result.to_dict(citations=False))
        cited.setdefault(result.category_rule.ref, result.category_rule)
        for value in result.exclusions:  # the rules' parameters are cited as each rule is first met
            cited.setdefault(value.ref, value)
        person = result.person
        amounts = []
        contributions = []
        for kind, c in result.contributions.items():
            known = self._rules.get((kind, id(c.rule), c.shortfall))
            if known is None or known[0] is not c.rule:
                known = self._rule(kind, c)
            _rule, base_key, key, head, rate, tail = known
            base, amount = format_amount(c.base), format_amount(c.amount)
            cap = "null" if c.cap_available is None else f'"{format_amount(c.cap_available)}"'
            amounts.append(f'{base_key}"{base}"{key}"{amount}"')
            contributions.append(
                f'{key}{head}{format_amount(c.base_before_cap)}", "floor_applied": {"true" if c.floor_applied else "false"}, '
                f'"cap_available": {cap}, "base": "{base}{rate}{amount}{tail}'
            )
        exclusions = result.exclusions
        lines = person.lines
        listed = _line(lines[0], exclusions) if len(lines) == 1 else ", ".join(_line(line, exclusions) for line in lines)
        warnings = self._warnings.get(result.warnings)
        if warnings is None:
            warnings = ", ".join(map(_string, result.warnings))
            if len(self._warnings) < LISTS_KEPT:  # beyond them, encoded each time: memory stays bounded
                self._warnings[result.warnings] = warnings
        return (
            f'{{"iin": {_string(person.iin)}, "full_name": {_string(person.full_name)}, "period": "{person.period}", '
            f'"category": {_string(person.category)}, "gross": "{format_amount(person.gross)}"{"".join(amounts)}, '
            f'"exempt_reason": {_text(result.exempt_reason)}, "warnings": [{warnings}], '
            f'"explanation": {{"lines": [{listed}], "osms_object": "{format_amount(person.osms_object)}", '
            f'"excluded": "{format_amount(person.excluded)}", "vosms_other_income": "{format_amount(person.vosms_other_income)}", '
            f'"category_rule": {_string(result.category_rule.ref)}{"".join(contributions)}}}}}'
        )

    def _rule(self, kind: str, contribution: Contribution) -> tuple[PaymentRule, str, str, str, str, str]:
        """What a payment rule (and shortfall) writes the same for every person: its keys, its markup
        around the amounts; its parameters are cited here."""
        rule = contribution.rule
        for value in rule.parameters:
            self.cited.setdefault(value.ref, value)
        known = self._rules[(kind, id(rule), contribution.shortfall)] = (
            rule,
            f", {_string(kind + '_base')}: ",
            f", {_string(kind)}: ",
            f'{{"payment": {_string(rule.payment)}, "knp": {_text(rule.knp)}, "scheme": {_text(rule.scheme)}, "base_before_cap": "',
            f'", "rate": "{rule.rate}", "amount": "',
            f'", "not_due": {_text(contribution.not_due)}, "reason": {_text(contribution.reason)}, '
            f'"parameters": [{", ".join(_string(p.ref) for p in rule.parameters)}]}}',
        )
        return known


def _line(line: PayLine, reasons: tuple[ParamValue, ...]) -> str:
    head = f'{{"source": {_text(None if line.source is None else str(line.source))}, "gross": "{format_amount(line.gross)}", '
    if not line.excluded:
        return head + '"osms_excluded": false}'
    reason = exclusion_rule(line, reasons)
    rule = None if reason is None else reason.ref
    return head + f'"osms_excluded": true, "osms_exclusion": {_string(line.osms_exclusion)}, "exclusion_rule": {_text(rule)}}}'


class ResultsJson:
    """The JSON contract written as results stream in; :meth:`finish` writes the tail.

    One JSON object: ``schema``, ``results``, ``totals``, ``errors``, ``warnings``, ``rule_set``,
    ``parameters``. Results cite parameters by reference; ``parameters`` lists each cited value
    once in full. With ``payslip`` the totals also sum the payslip amounts.
    """

    def __init__(self, out: IO[str], params: Params, *, payslip: bool = False) -> None:
        self.out = out
        self.params = params
        self.sums = dict.fromkeys(TOTALS if payslip else (), ZERO)
        self.count = 0
        self._encode = ResultEncoder()
        self.cited = self._encode.cited
        out.write('{"schema": %d, "results": [' % SCHEMA)

    def add(self, result: Result) -> None:
        if isinstance(result, Payslip):
            for key, amount in result.amounts().items():
                self.sums[key] += amount
        self.out.write(("," if self.count else "") + "\n" + self._encode(result))
        self.count += 1

    def finish(self, tally: Tally, reconciliation: Sequence[Difference] | None = None) -> None:
        """Totals, errors and warnings of the pass; ``reconciliation`` (a sheet with its own
        ООСМС/ВОСМС columns) adds the differences found."""
        totals, cited = tally.totals, self.cited
        tail: dict[str, Any] = {
            "totals": {
                **{kind: format_amount(amount) for kind, amount in totals.amounts.items()},
                **{key: format_amount(amount) for key, amount in self.sums.items()},
                "persons": totals.persons,
                "rejected_rows": totals.rejected_rows,
            },
            "errors": None,  # streamed below: every rejected row, however many
            "warnings": [issue.to_dict() for issue in tally.log.warnings()],
            "rule_set": {"name": self.params.name, "digest": self.params.digest},
            "parameters": {ref: cited[ref].to_dict() for ref in sorted(cited)},
        }
        if reconciliation is not None:
            tail["reconciliation"] = [difference.to_dict() for difference in reconciliation]
        out = self.out
        out.write("\n]")
        for key, entry in tail.items():
            out.write(f', "{key}": ')
            if key != "errors":
                out.write(_dump(entry))
                continue
            out.write("[")
            for n, issue in enumerate(tally.log.errors()):
                out.write((", " if n else "") + _dump(issue.to_dict()))
            out.write("]")
        out.write("}\n")


def _cell(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


class ResultsCsv:
    """One row per person-month; ``extra`` names result fields added before ``warnings``.

    For Excel as it is: a BOM first, ``delimiter`` (default: ``;`` for ru/kk, ``,`` for en), amounts
    exact with the language's decimal sign, warnings in the language. Column names are the contract's.
    """

    def __init__(self, out: IO[str], *, extra: tuple[str, ...] = (), delimiter: str | None = None) -> None:
        self.columns = (*CSV_COLUMNS[:-1], *extra, CSV_COLUMNS[-1])
        self.comma = current() != "en"
        out.write("\ufeff")
        self.writer = csv.writer(out, delimiter=delimiter or csv_delimiter(), lineterminator="\n")
        self.writer.writerow(self.columns)

    def add(self, result: Result) -> None:
        columns = self.columns
        row = result.to_dict(citations=False)
        cells = [_cell(row[c]) for c in columns[:-1]]
        if self.comma:
            cells = [cell.replace(".", ",") if c not in _TEXT_KEYS and isinstance(cell, str) else cell for c, cell in zip(columns, cells)]
        self.writer.writerow([neutralise(cell) for cell in cells] + [neutralise("; ".join(str(say(w)) for w in result.warnings))])

    def finish(self, tally: Tally, reconciliation: Sequence[Difference] | None = None) -> None:
        """Nothing follows the rows (the CSV is rows only)."""


#: The table's columns: result field and width in characters (titles: catalog ``table.<field>``).
#: Amounts are never cut (a wider amount pushes the row); text is cut at the width.
_TABLE = (
    ("iin", 12), ("full_name", 24), ("period", 7), ("category", 16),  # legal-number-ok: column widths
    ("gross", 14), ("oosms_base", 14), ("oosms", 11), ("vosms_base", 14), ("vosms", 11), ("exempt_reason", 16),  # legal-number-ok: column widths
)
_PAYSLIP_TABLE = (
    ("iin", 12), ("period", 7), ("gross", 14), ("opv", 11), ("vosms", 11), ("ipn", 11), ("net", 14),  # legal-number-ok: column widths
    ("oosms", 11), ("opvr", 11), ("so", 11), ("sn", 11), ("employer_cost", 14),  # legal-number-ok: column widths
)
_TEXT_KEYS = {"iin", "full_name", "period", "category", "exempt_reason"}
_LABELLED = {"category", "exempt_reason"}
_PAYSLIP_TOTALS = ("opv", "ipn", "net", "opvr", "so", "sn", "employer_cost")


def _table_cell(row: dict[str, Any], key: str, width: int) -> str:
    value = row[key]
    if key in _TEXT_KEYS:
        text = category_label(value) if key in _LABELLED and value else str(value or "")
        return text[:width].ljust(width)
    return (money(Decimal(value)) if isinstance(value, str) else str(value or "")).rjust(width)


class ResultsTable:
    """A fixed-width table for a terminal; totals under it, warnings counted.

    With ``payslip`` the columns are the payslip's, and the totals add its amounts.
    """

    def __init__(self, out: IO[str], *, payslip: bool = False) -> None:
        self.out = out
        self.spec = _PAYSLIP_TABLE if payslip else _TABLE
        self.sums = dict.fromkeys(TOTALS if payslip else (), ZERO)
        self.warned = 0
        self.warnings = IssueLog()
        out.write("  ".join(_(f"table.{key}")[:width].ljust(width) for key, width in self.spec).rstrip() + "\n")

    def add(self, result: Result) -> None:
        row = result.to_dict(citations=False)
        self.out.write("  ".join(_table_cell(row, key, width) for key, width in self.spec).rstrip() + "\n")
        self.warned += bool(result.warnings)
        self.warnings.person(result.warnings)
        if isinstance(result, Payslip):
            for key, amount in result.amounts().items():
                self.sums[key] += amount

    def finish(self, tally: Tally, reconciliation: Sequence[Difference] | None = None) -> None:
        """Totals and the warnings under the table; ``reconciliation`` adds a note on how the sheet's
        own ООСМС/ВОСМС compare with ours."""
        out, sums, warned = self.out, self.sums, self.warned
        totals = tally.totals
        parts = [_("table.persons", count=number(totals.persons))]
        parts += [f"{known(f'table.total.{kind}', kind)}: {money(amount)}" for kind, amount in totals.amounts.items()]
        parts += [_("table.rejected", count=number(totals.rejected_rows)), _("table.warned", count=number(warned))]
        out.write("\n" + "   ".join(parts) + "\n")
        if sums:
            out.write("   ".join(f"{_(f'table.total.{key}')}: {money(sums[key])}" for key in _PAYSLIP_TOTALS) + "\n")
        counted = self.warnings.counted()
        if counted:
            out.write("\n" + _("explain.warnings") + "\n")
            for warning, persons in counted:
                out.write(f"  - {say(warning.message)} — {ngettext('persons.count', 'persons.count_plural', persons)}\n")
        if reconciliation is not None:
            out.write("\n" + "\n".join(note_lines(reconciliation)) + "\n")
