"""The SDK calls behind the JSON API and the page's reconciliation.

The API's lines arrive as a parsed document: they go to the SDK's :func:`calc_rows`, the step
behind ``calc``, so the results are the CLI's, byte for byte, for the same lines.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from osms_payroll import calc_rows, reconcile_input
from osms_payroll.intake.jsonfile import DOCUMENT_KEYS, lines_source
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.web.problems import Problem
from osms_payroll.i18n import _

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
            raise Problem(400, "request.invalid", _("problem.payslip_flag"))
        kind = "payslip" if asked else kind
    out = io.StringIO()
    calc_rows(source, out, fmt="json", kind=kind, params=params, reuse_last_known=reuse_last_known)
    return out.getvalue()


def reconciliation(workbooks: Sequence[Path], params: Params, period: Period, reuse_last_known: bool) -> list[dict[str, Any]] | None:
    """Differences between the workbooks' own ООСМС/ВОСМС and ours; None when no workbook has them."""
    found: list[dict[str, Any]] | None = None
    for path in workbooks:
        differences = reconcile_input(path, period=period, params=params, reuse_last_known=reuse_last_known)
        if differences is not None:
            found = (found or []) + [difference.to_dict() for difference in differences]
    return found
