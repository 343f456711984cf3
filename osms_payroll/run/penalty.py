"""The penalties on a month's run: both totals (ООСМС and ВОСМС) from its manifest, for one payment day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from osms_payroll.engine.deadlines import due_date
from osms_payroll.engine.penalty import KINDS, Penalty, compute_penalty
from osms_payroll.engine.workdays import kazakh_calendar
from osms_payroll.law import ParamsError, load_params
from osms_payroll.money import AmountError, parse_amount
from osms_payroll.period import Period, PeriodError
from osms_payroll.run.manifest import load


def run_penalties(manifest: Path, paid: date, *, due: date | None = None, reuse_last_known: bool = False) -> list[Penalty]:
    """The penalty on each of the run's totals paid on ``paid``, under the run's own rule files.

    The due date defaults to the month's (the run's period taken as the month the income was
    paid). Raises ValueError for a manifest that is not a run's, or whose rule files are gone.
    """
    data = load(manifest)
    try:
        period = Period.parse(str(data["options"]["period"]))
        totals = {kind: parse_amount(str(data["totals"][kind])) for kind in KINDS}
        rules = [Path(str(path)) for path in data["options"].get("rules", [])]
    except (KeyError, TypeError, AttributeError, PeriodError, AmountError) as exc:
        raise ValueError(f"{manifest}: the manifest lacks the run's period or totals ({exc})") from None
    try:
        params = load_params(rules)
    except (ParamsError, OSError) as exc:
        raise ValueError(f"{manifest}: the run's rule files cannot be loaded: {exc}") from None
    deadline = None
    if due is None:
        deadline = due_date(period, "employer", kazakh_calendar(), params, reuse_last_known=reuse_last_known)
        due = deadline.due
    return [
        compute_penalty(kind, amount, period, paid, params, due=due, deadline=deadline, reuse_last_known=reuse_last_known)
        for kind, amount in totals.items()
    ]
