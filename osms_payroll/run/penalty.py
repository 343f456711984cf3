"""The penalties on a month's run: both totals (ООСМС and ВОСМС) from its manifest, for one payment
day, and the penalty orders' files (KNP 123 / 124) through the same writers as every payment kind.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import _
from osms_payroll.engine.corrections import Listed
from osms_payroll.engine.deadlines import due_date
from osms_payroll.engine.penalty import ENGINE, Penalty, compute_penalty, penalty_lines
from osms_payroll.engine.workdays import kazakh_calendar
from osms_payroll.fileio import sha256_file, staged_folder
from osms_payroll.law import Params, ParamsError, load_params
from osms_payroll.law.payments import payments
from osms_payroll.money import AmountError, parse_amount
from osms_payroll.period import Period, PeriodError
from osms_payroll.remit.files import WrittenFile
from osms_payroll.remit.payer import Employer, load_employer
from osms_payroll.remit.pipeline import MONTH, Remittance, RemitOptions
from osms_payroll.run.manifest import load
from osms_payroll.run.writers import RESULTS_NAME

#: The payments table's list of the penalty orders.
PENALTY = "penalty"
PENALTY_NAME = "penalty.json"


@attrs.frozen
class PenaltyFiles:
    """The penalty orders written for a run: the penalties and the files (none when nothing is owed)."""

    folder: Path
    penalties: tuple[Penalty, ...]
    written: tuple[WrittenFile, ...]
    notes: tuple[str, ...]


def run_penalties(manifest: Path, paid: date, *, due: date | None = None, reuse_last_known: bool = False) -> list[Penalty]:
    """The penalty on each of the run's totals paid on ``paid``, under the run's own rule files.

    The due date defaults to the month's (the run's period taken as the month the income was
    paid). Raises ValueError for a manifest that is not a run's, or whose rule files are gone.
    """
    data = load(manifest)
    try:
        period = Period.parse(str(data["options"]["period"]))
        rules = [Path(str(path)) for path in data["options"].get("rules", [])]
        params = load_params(rules)
        levied = [p.category_column for p in payments(params.at(period, reuse_last_known=reuse_last_known), engine=ENGINE)]
        totals = {kind: parse_amount(str(data["totals"][kind])) for kind in levied}
    except (ParamsError, OSError) as exc:
        raise ValueError(f"{manifest}: " + _("run.rules_unloadable", reason=exc)) from None
    except (KeyError, TypeError, AttributeError, PeriodError, AmountError) as exc:
        raise ValueError(_("penalty.manifest_incomplete", file=manifest, reason=exc)) from None
    deadline = None
    if due is None:
        deadline = due_date(period, "employer", kazakh_calendar(), params, reuse_last_known=reuse_last_known)
        due = deadline.due
    return [
        compute_penalty(kind, amount, period, paid, params, due=due, deadline=deadline, reuse_last_known=reuse_last_known)
        for kind, amount in totals.items()
    ]


def run_penalty_files(
    manifest: Path, paid: date, out: Path, *, value_date: date, doc_date: date | None = None, number: str = "1",
    due: date | None = None, reuse_last_known: bool = False,
) -> PenaltyFiles:
    """The penalty orders of a run paid late on ``paid``, written into the new folder ``out``.

    Each order's list holds the persons of the run's list with their share of the penalty (see
    :func:`~osms_payroll.engine.penalty.penalty_lines`), through the MT102, XML and register
    writers; ``penalty.json`` explains each penalty. Raises ValueError for an unusable run or an
    ``out`` that is not new or empty, and what a remittance raises.
    """
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(_("penalty.folder_not_empty", folder=out))
    penalties = run_penalties(manifest, paid, due=due, reuse_last_known=reuse_last_known)
    data = load(manifest)
    options = data["options"]
    params = load_params([Path(str(path)) for path in options.get("rules", [])])
    period = Period.parse(str(options["period"]))
    kinds = [p.kind for p in payments(params.at(period, reuse_last_known=reuse_last_known), remittance=MONTH)]
    persons = listed_results(data, manifest.resolve().parent, kinds)
    employer = load_employer(Path(data["employer"]["profile"]), params=params, period=Period.of(value_date))
    remit_options = RemitOptions(value_date, doc_date, number, str(options["lang"]), tuple(options["formats"]))
    with staged_folder(out) as staging:
        written, notes = write_penalty_orders(staging, employer, penalties, persons, params, remit_options)
        (staging / PENALTY_NAME).write_bytes(penalty_json(penalties))
    moved = tuple(attrs.evolve(f, path=out / f.path.name) for f in written)
    return PenaltyFiles(out, tuple(penalties), moved, notes)


def write_penalty_orders(
    folder: Path, employer: Employer, penalties: Sequence[Penalty], persons: Sequence[Listed], params: Params,
    options: RemitOptions,
) -> tuple[list[WrittenFile], tuple[str, ...]]:
    """Write the penalty orders (KNP 123 / 124) into ``folder`` (a new folder, published whole); nothing
    when no penalty is owed."""
    lines = penalty_lines(penalties, persons, params)
    if not lines:
        return [], ()
    remittance = Remittance(employer, penalties[0].period, folder, options, params=params, remittance=PENALTY, staged=True)
    try:
        for line in lines:
            remittance.add(line)
    except BaseException:
        remittance.abort()
        raise
    written = remittance.close()
    notes = tuple(dict.fromkeys((*remittance.warnings, *(w for f in written for w in f.warnings), *remittance.notes)))
    return written, notes


def listed_results(manifest: dict[str, Any], folder: Path, kinds: Sequence[str]) -> list[Listed]:
    """What a run's lists held, from its folder's results.json, checked against the manifest's hash."""
    recorded = {item["name"]: item["sha256"] for item in manifest.get("outputs", [])}
    path = folder / RESULTS_NAME
    if RESULTS_NAME not in recorded or not path.is_file():
        raise ValueError(_("run.results_missing", folder=folder, name=RESULTS_NAME))
    if sha256_file(path) != recorded[RESULTS_NAME]:
        raise ValueError(_("run.results_changed", file=path))
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return [Listed.from_dict(item, kinds) for item in body["results"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(_("run.not_results", file=path, reason=exc)) from None


def penalty_json(penalties: Sequence[Penalty]) -> bytes:
    body = {"schema": 1, "penalties": [p.to_dict() for p in penalties]}
    return (json.dumps(body, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
