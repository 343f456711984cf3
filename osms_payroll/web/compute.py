"""The SDK calls behind the JSON API and the page's reconciliation, as :func:`calc_input` makes them.

``calc_input`` takes a file; the API's lines arrive as a parsed document, so they go through the
same steps here: the SDK's :func:`calculator` of the variant, the lines through :class:`Batch`, the
calc contract by :func:`write_json`. The results are the CLI's, byte for byte, for the same lines.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from osms_payroll import calculator
from osms_payroll.intake import open_rows
from osms_payroll.intake.batch import Batch
from osms_payroll.intake.jsonfile import DOCUMENT_KEYS, lines_source
from osms_payroll.intake.reconcile import Reconciler
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.report.calc import write_json
from osms_payroll.web.problems import Problem

#: What the request's lines are called in locations (``request.json, row 3``).
REQUEST_FILE = "request.json"
#: The calc variants: endpoint → the SDK's calculator kind.
VARIANTS = {"calc": "plain", "payslip": "payslip", "gross-up": "from_net"}


def calc_json(document: Any, variant: str, params: Params, *, reuse_last_known: bool = False) -> str:
    """The calc contract (schema 1) of a parsed request document, as the CLI prints it."""
    kind = VARIANTS[variant]
    allowed = (*DOCUMENT_KEYS, "payslip") if variant == "calc" else DOCUMENT_KEYS
    source = lines_source(document, REQUEST_FILE, allowed=allowed)
    if variant == "calc":
        asked = document.get("payslip", False)
        if not isinstance(asked, bool):
            raise Problem(400, "request.invalid", '"payslip" must be true or false')
        kind = "payslip" if asked else kind
    batch = Batch(calculator(kind, params=params, reuse_last_known=reuse_last_known), None, from_net=kind == "from_net")
    out = io.StringIO()
    write_json(batch.results(source.rows), batch, source.warnings, out, payslip=kind != "plain")
    return out.getvalue()


def reconciliation(workbooks: Sequence[Path], params: Params, period: Period, reuse_last_known: bool) -> list[dict[str, Any]] | None:
    """Differences between the workbooks' own ООСМС/ВОСМС and ours; None when no workbook has them."""
    found: list[dict[str, Any]] | None = None
    for path in workbooks:
        source = open_rows(path, period=period)
        reconciler = Reconciler.of(source, params)
        if reconciler is None:
            continue
        batch = Batch(calculator(params=params, reuse_last_known=reuse_last_known), period, only_period=period)
        for _result in reconciler.results(batch.results(reconciler.rows(source.rows))):
            pass
        found = (found or []) + [difference.to_dict() for difference in reconciler.differences]
    return found
