"""The multipart month request shared by the page and ``POST /api/v1/files``: fields in, run options out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from starlette.datastructures import FormData, UploadFile

from osms_payroll.period import Period, PeriodError
from osms_payroll.remit.labels import DEFAULT_LANG, LANGS
from osms_payroll.remit.pipeline import FORMATS
from osms_payroll.run.discover import PROFILE_NAME
from osms_payroll.run.job import RunOptions
from osms_payroll.web.month import OUT, PROFILE_FIELDS, check_profile_file, check_workbook_names, profile_from_form, safe_name
from osms_payroll.web.problems import Problem
from osms_payroll.web.settings import WebSettings
from osms_payroll.i18n import _

#: Upload limits of one request besides the byte limit (a month is a handful of workbooks).
MAX_FILES = 100
MAX_FIELDS = 100


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _date(form: FormData, key: str) -> date | None:
    text = _text(form, key)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Problem(400, "request.invalid", _("problem.not_a_date", key=key, text=text)) from None


def run_options(form: FormData, settings: WebSettings, today: date) -> RunOptions:
    """The month's options, defaulted as ``run`` defaults them (value date today, document date not later)."""
    text = _text(form, "period")
    if not text:
        raise Problem(400, "request.invalid", _("problem.period_required"))
    try:
        period = Period.parse(text)
    except PeriodError as exc:
        raise Problem(400, exc.code, str(exc)) from None
    paid = _date(form, "value_date") or today
    dated = _date(form, "doc_date") or min(paid, today)
    lang = _text(form, "lang") or DEFAULT_LANG
    if lang not in LANGS:
        raise Problem(400, "request.invalid", _("problem.lang", lang=lang, langs=", ".join(LANGS)))
    formats = tuple(f.strip() for f in (_text(form, "formats") or ",".join(FORMATS)).split(",") if f.strip())
    options = RunOptions(period, paid, dated, _text(form, "number") or "1", lang, formats, settings.reuse_last_known,
                         rules=settings.rules)
    try:
        options.remit_options()
    except ValueError as exc:
        raise Problem(400, "request.invalid", str(exc)) from None
    return options


async def save_uploads(form: FormData, folder: Path, settings: WebSettings, options: RunOptions) -> tuple[str, ...]:
    """Write the workbooks and the profile (file or form) into ``folder``; the profile is checked first.

    Returns the workbooks' names in ``folder``; the profile is ``employer.toml`` there.
    """
    uploads = [item for item in form.getlist("files") if isinstance(item, UploadFile) and item.filename]
    check_workbook_names([item.filename or "" for item in uploads])
    taken = {PROFILE_NAME, OUT}
    workbooks = []
    for item in uploads:
        name = safe_name(item.filename or "", taken)
        (folder / name).write_bytes(await item.read())
        workbooks.append(name)
    employer = folder / PROFILE_NAME
    profile = form.get("employer")
    paid = Period.of(options.value_date)
    if isinstance(profile, UploadFile) and profile.filename:
        employer.write_bytes(await profile.read())
        check_profile_file(employer, settings.params, paid, PROFILE_NAME)
    elif any(_text(form, key) for key in PROFILE_FIELDS):
        fields = {key: _text(form, key) for key in PROFILE_FIELDS}
        employer.write_text(profile_from_form(fields, settings.params, paid), encoding="utf-8")
    else:
        raise Problem(400, "request.invalid", _("problem.no_employer"))
    return tuple(workbooks)
