"""Writers of the ``calc`` output: the JSON contract (schema 1), CSV and a terminal table.

All three stream results as they come; what is held is only the set of cited parameters.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from osms_payroll.batch import Batch
from osms_payroll.contract import SCHEMA
from osms_payroll.engine.model import Issue
from osms_payroll.engine.result import Result
from osms_payroll.law.params import ParamValue
from osms_payroll.money import format_amount

CSV_COLUMNS = (
    "iin", "full_name", "period", "category", "gross",
    "oosms_base", "oosms", "vosms_base", "vosms", "exempt_reason", "warnings",
)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def write_json(results: Iterable[Result], batch: Batch, warnings: Iterable[Issue], out: IO[str]) -> None:
    """One JSON object: ``schema``, ``results``, ``totals``, ``errors``, ``warnings``, ``parameters``.

    Results cite parameters by reference; ``parameters`` lists each cited value once in full.
    """
    cited: dict[str, ParamValue] = {}
    out.write('{"schema": %d, "results": [' % SCHEMA)
    for index, result in enumerate(results):
        for value in result.parameters():
            cited.setdefault(value.ref, value)
        out.write(("," if index else "") + "\n" + _dump(result.to_dict(citations=False)))
    params = batch.calculator.params
    tail: dict[str, Any] = {
        "totals": {
            "oosms": format_amount(batch.totals.oosms),
            "vosms": format_amount(batch.totals.vosms),
            "persons": batch.totals.persons,
            "rejected_rows": batch.totals.rejected_rows,
        },
        "errors": [issue.to_dict() for issue in batch.errors],
        "warnings": [issue.to_dict() for issue in warnings],
        "rule_set": {"name": params.name, "digest": params.digest},
        "parameters": {ref: cited[ref].to_dict() for ref in sorted(cited)},
    }
    out.write("\n]")
    for key, entry in tail.items():
        out.write(f', "{key}": ' + _dump(entry))
    out.write("}\n")


def write_csv(results: Iterable[Result], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in results:
        row = result.to_dict(citations=False)
        writer.writerow([row[c] if c != "warnings" else "; ".join(row[c]) for c in CSV_COLUMNS[:-1]] + ["; ".join(result.warnings)])


_TABLE = (
    ("ИИН", 12, "iin"), ("ФИО", 24, "full_name"), ("Период", 7, "period"), ("Категория", 14, "category"),
    ("Начислено", 13, "gross"), ("База ООСМС", 12, "oosms_base"), ("ООСМС", 8, "oosms"),
    ("База ВОСМС", 12, "vosms_base"), ("ВОСМС", 8, "vosms"), ("Освобождение", 14, "exempt_reason"),
)


def write_table(results: Iterable[Result], batch: Batch, out: IO[str]) -> None:
    """A fixed-width table for a terminal; totals under it, warnings counted."""
    out.write("  ".join(title.ljust(width) for title, width, _ in _TABLE).rstrip() + "\n")
    warned = 0
    for result in results:
        row = result.to_dict(citations=False)
        cells = []
        for _title, width, key in _TABLE:
            text = str(row[key] or "")
            cells.append(text[:width].rjust(width) if key in ("gross", "oosms_base", "oosms", "vosms_base", "vosms") else text[:width].ljust(width))
        out.write("  ".join(cells).rstrip() + "\n")
        warned += bool(result.warnings)
    totals = batch.totals
    out.write(
        f"\nЛиц: {totals.persons}   ООСМС (КНП 121): {format_amount(totals.oosms)}   "
        f"ВОСМС (КНП 122): {format_amount(totals.vosms)}   "
        f"отклонено строк: {totals.rejected_rows}   с предупреждениями: {warned}\n"
    )
