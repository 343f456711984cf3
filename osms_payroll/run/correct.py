"""A past month corrected: recompute it from corrected workbooks and write what is due now.

The original month is read from its manifest (options, rule files, employer profile) and its
``results.json`` (what its lists held). The corrected workbooks are computed under the same
options; every person is compared with the original (:mod:`osms_payroll.engine.corrections`).
The correction's folder holds the additional payment files for the positive differences (MT102
121/122 with the original month in /PERIOD/, XML, register: the amounts due now), the
overpayments as a report (never a negative bank line), ``delta.json``, the corrected month's
``results.json`` (so a correction of a correction works from the latest manifest), the penalty
on the additional amounts when a payment day is given, and a manifest linking to the original.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import Message, _, said, say, using
from osms_payroll.engine.corrections import Change, Correction, Listed, compare
from osms_payroll.engine.deadlines import due_date
from osms_payroll.engine.group import Rejection
from osms_payroll.engine.osms import Calculator
from osms_payroll.engine.penalty import Penalty, compute_penalty
from osms_payroll.engine.result import Result
from osms_payroll.engine.workdays import kazakh_calendar
from osms_payroll.fileio import sha256_file, staged_folder
from osms_payroll.intake import open_rows
from osms_payroll.engine.tally import Collected, Tally, fan_out
from osms_payroll.intake.batch import compute, payment_kinds
from osms_payroll.issues import Issue, IssueLog
from osms_payroll.law import ParamsError, load_params
from osms_payroll.law.payments import payments
from osms_payroll.money import ZERO, format_amount
from osms_payroll.remit.mt102.screen import BankScreen
from osms_payroll.remit.payer import load_employer
from osms_payroll.remit.pipeline import MONTH, Remittance, RemitOptions
from osms_payroll.run.job import RunOptions
from osms_payroll.run.manifest import MANIFEST_NAME, MANIFEST_SCHEMA, describe_files, dump, load
from osms_payroll.run.penalty import PENALTY_NAME, listed_results, penalty_json, write_penalty_orders
from osms_payroll.run.writers import RESULTS_NAME, ErrorsReport, ResultsFile
from osms_payroll.version import __version__

DELTA_NAME = "delta.json"
OVERPAID_NAME = "overpayments.csv"
#: The subfolder of the penalty orders on the additional amounts.
PENALTY_FOLDER = "penalty"


class CorrectionError(ValueError):
    """A correction that cannot be made: the original month or its files are not usable."""


@attrs.frozen
class CorrectionRun:
    """What a correction wrote, and the numbers an accountant acts on."""

    folder: Path
    correction: Correction
    additional: dict[str, Decimal]
    overpaid: dict[str, Decimal]
    penalties: tuple[Penalty, ...]
    errors: tuple[Issue, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "period": str(self.correction.period),
            "additional": {kind: format_amount(amount) for kind, amount in self.additional.items()},
            "overpaid": {kind: format_amount(amount) for kind, amount in self.overpaid.items()},
            "changed": sum(1 for c in self.correction.changes if c.status != "unchanged"),
            "penalties": [p.to_dict() for p in self.penalties],
            "errors": [issue.to_dict() for issue in self.errors],
            "warnings": list(self.warnings),
        }


def correct_month(
    manifest_file: Path,
    corrected_inputs: Sequence[Path],
    out: Path,
    *,
    value_date: date,
    doc_date: date | None = None,
    number: str = "1",
    paid: date | None = None,
    reuse_last_known: bool = False,
) -> CorrectionRun:
    """Correct the month of ``manifest_file`` from ``corrected_inputs`` into the folder ``out``.

    ``value_date`` (and ``doc_date``) date the additional payment orders, numbered from
    ``number``; ``paid`` asks for the
    penalty on the additional amounts paid that day (``reuse_last_known``: past the base-rate data,
    the last known rate, said in a warning). ``out`` must be new, empty or an earlier correction's
    folder (it is replaced whole). Raises :class:`CorrectionError` for an
    unusable original (no manifest, a changed results.json, missing rule files), InputError,
    ParameterMissing, RemitError or ProfileError as a run does.
    """
    manifest_file = Path(manifest_file)
    manifest = _load(manifest_file)
    original_folder = manifest_file.resolve().parent
    out = Path(out)
    _check_out(out, original_folder)
    options = RunOptions.from_dict(manifest["options"])
    try:
        params = load_params(options.rules)
    except (ParamsError, OSError) as exc:
        raise CorrectionError(_("run.rules_unloadable", reason=said(exc))) from None
    kinds = tuple(p.kind for p in payments(params.at(options.period, reuse_last_known=options.reuse_last_known), remittance=MONTH))
    try:
        original = listed_results(manifest, original_folder, kinds)
    except ValueError as exc:
        raise CorrectionError(said(exc)) from None
    warnings: list[str] = []
    if params.digest != manifest["rule_set"]["digest"]:
        warnings.append(Message("correction.rules_changed"))
    profile = Path(manifest["employer"]["profile"])
    employer = load_employer(profile, params=params, period=options.period)
    core = Calculator(params, reuse_last_known=options.reuse_last_known)
    sources = [open_rows(path, sheet=options.sheet, profile=options.profile, period=options.period) for path in corrected_inputs]
    log = IssueLog()
    rows = chain.from_iterable(source.rows(log) for source in sources)
    kept = Collected()
    # As in a run: a person whose name the bank cannot take is rejected alone, not the whole list.
    screen = BankScreen(employer.mt102, log) if "mt102" in options.formats else None
    rejected: set[str] = set()
    stream = _noting_rejected(compute(rows, core, default_period=options.period, only_period=options.period, screen=screen), rejected)
    totals = fan_out(stream, [kept], log, payment_kinds(core))
    results = kept.results
    correction = compare(options.period, kinds, original, results, rejected)
    penalties: tuple[Penalty, ...] = ()
    if paid is not None:
        deadline = due_date(options.period, "employer", kazakh_calendar(), params, reuse_last_known=options.reuse_last_known)
        penalties = tuple(
            compute_penalty(kind, correction.total_additional(kind), options.period, paid, params,
                            due=deadline.due, deadline=deadline, reuse_last_known=reuse_last_known)
            for kind in kinds
        )
        warnings.extend(w for p in penalties for w in p.warnings if w not in warnings)
    remit_options = RemitOptions(value_date, doc_date, number, options.lang, options.formats, options.reuse_last_known)
    with staged_folder(out) as staging:
        remittance = Remittance(employer, options.period, staging, remit_options, params=params, staged=True)
        try:
            for delta in _additional_results(correction):
                remittance.add(delta)
        except BaseException:
            remittance.abort()
            raise
        written = remittance.close()
        notes = dict.fromkeys((*remittance.warnings, *(w for f in written for w in f.warnings), *remittance.notes))
        warnings.extend(note for note in notes if note not in warnings)
        if penalties:
            (staging / PENALTY_NAME).write_bytes(penalty_json(penalties))
            additional = [Listed.of(delta) for delta in _additional_results(correction)]
            penalty_options = attrs.evolve(remit_options, number=str(int(number) + len(kinds)))
            folder = staging / PENALTY_FOLDER
            folder.mkdir()
            _files, penalty_notes = write_penalty_orders(folder, employer, penalties, additional, params, penalty_options)
            warnings.extend(note for note in penalty_notes if note not in warnings)
            if not any(folder.iterdir()):
                folder.rmdir()
        tally = Tally(totals, log, tuple(Issue("correction.warning", w) for w in warnings))
        results_file = ResultsFile(staging / RESULTS_NAME, params)
        for result in results:
            results_file.add(result)
        hashed = results_file.finish(tally)
        ErrorsReport(staging, options.period, options.lang).finish(tally)
        (staging / DELTA_NAME).write_bytes(_json({"schema": 1, "original": _link(manifest_file), **correction.to_dict()}))
        (staging / OVERPAID_NAME).write_bytes(_overpaid_csv(correction, options.lang))
        outputs = sorted(p for p in staging.rglob("*") if p.is_file() and p.name != MANIFEST_NAME)
        record = {
            "manifest": MANIFEST_SCHEMA,
            "sdk_version": __version__,
            "correction_of": _link(manifest_file),
            "rule_set": {"name": params.name, "digest": params.digest, "valid_through": str(params.valid_through)},
            "employer": manifest["employer"],
            "inputs": describe_files([*corrected_inputs, profile, *options.rules]),
            "workbooks": [str(path) for path in corrected_inputs],
            "options": attrs.evolve(options, value_date=value_date, doc_date=doc_date or value_date, number=number).to_dict(),
            "paid": None if paid is None else paid.isoformat(),
            "outputs": describe_files(outputs, base=staging, known=hashed),
            "counts": {"persons": totals.persons, "rejected_rows": totals.rejected_rows, "errors": log.error_count},
            "totals": {kind: format_amount(total) for kind, total in totals.amounts.items()},
            "additional": {kind: format_amount(correction.total_additional(kind)) for kind in kinds},
            "overpaid": {kind: format_amount(correction.total_overpaid(kind)) for kind in kinds},
        }
        (staging / MANIFEST_NAME).write_bytes(dump(record))
    return CorrectionRun(
        out,
        correction,
        {kind: correction.total_additional(kind) for kind in kinds},
        {kind: correction.total_overpaid(kind) for kind in kinds},
        penalties,
        tuple(log.errors()),
        tuple(warnings),
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        manifest = load(path)
    except ValueError as exc:
        raise CorrectionError(said(exc)) from None
    for section, key in (("options", "period"), ("rule_set", "digest"), ("employer", "profile")):
        if not isinstance(manifest.get(section), dict) or key not in manifest[section]:
            raise CorrectionError(_("correct.not_a_manifest", file=path, key=f"{section}.{key}"))
    return manifest


def _check_out(out: Path, original_folder: Path) -> None:
    """The correction replaces ``out`` whole: only a new, empty or earlier correction folder will do."""
    if out.resolve() == original_folder:
        raise CorrectionError(_("correct.original_folder", folder=out))
    if not out.exists():
        return
    if not out.is_dir():
        raise CorrectionError(_("correct.is_a_file", folder=out))
    manifest = out / MANIFEST_NAME
    earlier = manifest.is_file() and "correction_of" in _load(manifest)
    if any(out.iterdir()) and not earlier:
        raise CorrectionError(_("correct.not_empty", folder=out))


def _noting_rejected(stream: Iterator[Result | Rejection], rejected: set[str]) -> Iterator[Result | Rejection]:
    """``stream`` as it is, adding to ``rejected`` the ИИН of every rejection that names one."""
    for item in stream:
        if isinstance(item, Rejection) and item.iin is not None:
            rejected.add(item.iin)
        yield item


def _additional_results(correction: Correction) -> Iterator[Result]:
    """Each person owed more, as a result holding only the positive differences (base and amount)."""
    for change in correction.changes:
        if change.result is None or not any(change.difference(kind) > 0 for kind in correction.kinds):
            continue
        result = change.result
        parts = {}
        for kind, new in result.contributions.items():
            extra = max(change.difference(kind), ZERO)
            parts[kind] = attrs.evolve(new, amount=extra, base=max(new.base - change.base(change.before, kind), ZERO) if extra else ZERO)
        yield attrs.evolve(result, contributions=parts)


def _overpaid_csv(correction: Correction, lang: str) -> bytes:
    """The overpayments: the columns keyed for scripts, why and what to do in ``lang`` (the procedure
    of an offset or a refund is not in the law data: the advice says to confirm it with the fund)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["iin", "full_name", "payment", "paid", "due", "overpaid", "why", "what_to_do"])
    rows: list[tuple[Change, str]] = [(c, kind) for kind in correction.kinds for c in correction.overpaid(kind)]
    with using(lang):
        advice = _("correct.overpaid_advice")
        for change, kind in rows:
            writer.writerow([
                change.iin, change.full_name, kind, format_amount(change.amount(change.before, kind)),
                format_amount(change.amount(change.after, kind)), format_amount(-change.difference(kind)),
                "; ".join(str(say(reason)) for reason in change.why), advice,
            ])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _link(path: Path) -> dict[str, str]:
    return {"manifest": str(path), "sha256": sha256_file(path)}


def _json(body: dict[str, Any]) -> bytes:
    return (json.dumps(body, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")

