"""Writers of the ``calc`` output: the JSON contract (schema 1), CSV and a terminal table.

All three stream results as they come; what is held is only the set of cited parameters.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

from osms_payroll.intake.batch import Batch
from osms_payroll.intake.contract import SCHEMA
from osms_payroll.issues import Issue
from osms_payroll.engine.payslip import TOTALS, Payslip
from osms_payroll.engine.result import Result
from osms_payroll.engine.tally import Tally
from osms_payroll.law import Params, ParamValue
from osms_payroll.money import ZERO, format_amount
from osms_payroll.report.csvcell import neutralise
from osms_payroll.intake.reconcile import Difference, note_lines

CSV_COLUMNS = (
    "iin", "full_name", "period", "category", "gross",
    "oosms_base", "oosms", "vosms_base", "vosms", "exempt_reason", "warnings",
)
#: Columns ``calc --payslip`` adds (before ``warnings``), and those ``--from-net`` adds to them.
PAYSLIP_COLUMNS = ("opv", "ipn", "ipn_base", "ipn_base_without_vosms", "net", "opvr", "so", "sn", "employer_cost")
FROM_NET_COLUMNS = ("net_asked", "net_exact")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


class ResultsJson:
    """The JSON contract written as results stream in; :meth:`finish` writes the tail.

    One JSON object: ``schema``, ``results``, ``totals``, ``errors``, ``warnings``, ``rule_set``,
    ``parameters``. Results cite parameters by reference; ``parameters`` lists each cited value
    once in full. With ``payslip`` the totals also sum the payslip amounts.
    """

    def __init__(self, out: IO[str], params: Params, *, payslip: bool = False) -> None:
        self.out = out
        self.params = params
        self.cited: dict[str, ParamValue] = {}
        self.sums = dict.fromkeys(TOTALS if payslip else (), ZERO)
        self.count = 0
        out.write('{"schema": %d, "results": [' % SCHEMA)

    def add(self, result: Result) -> None:
        for value in result.parameters():
            self.cited.setdefault(value.ref, value)
        if isinstance(result, Payslip):
            for key, amount in result.amounts().items():
                self.sums[key] += amount
        self.out.write(("," if self.count else "") + "\n" + _dump(result.to_dict(citations=False)))
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
            "errors": [issue.to_dict() for issue in tally.errors],
            "warnings": [issue.to_dict() for issue in tally.warnings],
            "rule_set": {"name": self.params.name, "digest": self.params.digest},
            "parameters": {ref: cited[ref].to_dict() for ref in sorted(cited)},
        }
        if reconciliation is not None:
            tail["reconciliation"] = [difference.to_dict() for difference in reconciliation]
        out = self.out
        out.write("\n]")
        for key, entry in tail.items():
            out.write(f', "{key}": ' + _dump(entry))
        out.write("}\n")


def write_json(
    results: Iterable[Result], batch: Batch, warnings: Iterable[Issue], out: IO[str], *, payslip: bool = False,
    reconciliation: Sequence[Difference] | None = None,
) -> None:
    """The JSON contract of ``results`` (see :class:`ResultsJson`); the batch's tally is read once they are written."""
    writer = ResultsJson(out, batch.calculator.params, payslip=payslip)
    for result in results:
        writer.add(result)
    writer.finish(batch.tally(warnings), reconciliation)


def _cell(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


def write_csv(results: Iterable[Result], out: IO[str], *, extra: tuple[str, ...] = ()) -> None:
    """One row per person-month; ``extra`` names result fields added before ``warnings``."""
    columns = (*CSV_COLUMNS[:-1], *extra, CSV_COLUMNS[-1])
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for result in results:
        row = result.to_dict(citations=False)
        writer.writerow([neutralise(_cell(row[c])) for c in columns[:-1]] + [neutralise("; ".join(result.warnings))])


_TABLE = (
    ("ИИН", 12, "iin"), ("ФИО", 24, "full_name"), ("Период", 7, "period"), ("Категория", 14, "category"),  # legal-number-ok: column widths
    ("Начислено", 13, "gross"), ("База ООСМС", 12, "oosms_base"), ("ООСМС", 8, "oosms"),
    ("База ВОСМС", 12, "vosms_base"), ("ВОСМС", 8, "vosms"), ("Освобождение", 14, "exempt_reason"),  # legal-number-ok: column widths
)
_PAYSLIP_TABLE = (
    ("ИИН", 12, "iin"), ("Период", 7, "period"), ("Начислено", 13, "gross"), ("ОПВ", 9, "opv"),  # legal-number-ok: column widths
    ("ВОСМС", 8, "vosms"), ("ИПН", 9, "ipn"), ("На руки", 13, "net"), ("ООСМС", 8, "oosms"), ("ОПВР", 8, "opvr"),
    ("СО", 8, "so"), ("СН", 9, "sn"), ("Затраты", 13, "employer_cost"),
)
_TEXT_KEYS = {"iin", "full_name", "period", "category", "exempt_reason"}
#: Titles of the payment totals under the table (a kind without one shows its code).
_TOTAL_TITLES = {"oosms": "ООСМС (КНП 121)", "vosms": "ВОСМС (КНП 122)"}
_PAYSLIP_TOTALS = (("ОПВ", "opv"), ("ИПН", "ipn"), ("на руки", "net"), ("ОПВР", "opvr"), ("СО", "so"), ("СН", "sn"), ("затраты работодателя", "employer_cost"))


def write_table(
    results: Iterable[Result], batch: Batch, out: IO[str], *, payslip: bool = False,
    reconciliation: Sequence[Difference] | None = None,
) -> None:
    """A fixed-width table for a terminal; totals under it, warnings counted.

    With ``payslip`` the columns are the payslip's, and the totals add its amounts.
    ``reconciliation`` adds a note on how the sheet's own ООСМС/ВОСМС compare with ours.
    """
    spec = _PAYSLIP_TABLE if payslip else _TABLE
    sums = dict.fromkeys(TOTALS if payslip else (), ZERO)
    out.write("  ".join(title.ljust(width) for title, width, _ in spec).rstrip() + "\n")
    warned = 0
    for result in results:
        row = result.to_dict(citations=False)
        cells = []
        for _title, width, key in spec:
            text = str(row[key] or "")
            cells.append(text[:width].ljust(width) if key in _TEXT_KEYS else text[:width].rjust(width))
        out.write("  ".join(cells).rstrip() + "\n")
        warned += bool(result.warnings)
        if isinstance(result, Payslip):
            for key, amount in result.amounts().items():
                sums[key] += amount
    totals = batch.totals
    out.write(
        f"\nЛиц: {totals.persons}   "
        + "".join(f"{_TOTAL_TITLES.get(kind, kind)}: {format_amount(amount)}   " for kind, amount in totals.amounts.items())
        + f"отклонено строк: {totals.rejected_rows}   с предупреждениями: {warned}\n"
    )
    if sums:
        out.write("   ".join(f"{title}: {format_amount(sums[key])}" for title, key in _PAYSLIP_TOTALS) + "\n")
    if reconciliation is not None:
        out.write("\n" + "\n".join(note_lines(reconciliation)) + "\n")
