"""The JSON API under ``/api/v1/``: calc, payslip, gross-up, files (zip), rates."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from osms_payroll.intake import InputError
from osms_payroll.intake.jsonfile import decode
from osms_payroll.law import ParameterMissing
from osms_payroll.period import Period, PeriodError
from osms_payroll.web.compute import REQUEST_FILE, calc_json
from osms_payroll.web.forms import MAX_FIELDS, MAX_FILES, run_options, save_uploads
from osms_payroll.web.month import Month, Scratch, month_in_folder
from osms_payroll.web.problems import Problem
from osms_payroll.web.settings import WebSettings
from osms_payroll.i18n import _

JSON = "application/json"


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


async def _document(request: Request) -> Any:
    body = await request.body()
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Problem(400, "request.malformed", _("problem.not_utf8")) from None
    try:
        return decode(text, REQUEST_FILE)
    except InputError as exc:
        raise Problem(400, "request.malformed", str(exc)) from None


async def _calc(request: Request, variant: str) -> Response:
    document = await _document(request)
    settings = settings_of(request)
    try:
        text = await run_in_threadpool(calc_json, document, variant, settings.params, reuse_last_known=settings.reuse_last_known)
    except InputError as exc:
        raise Problem(400, "request.invalid", str(exc)) from None
    return Response(text, media_type=JSON)


async def calc(request: Request) -> Response:
    """ООСМС and ВОСМС of every line; rejected lines in ``errors``, the others computed."""
    return await _calc(request, "calc")


async def payslip(request: Request) -> Response:
    """The calc contract with the statutory payslip of every person-month."""
    return await _calc(request, "payslip")


async def gross_up(request: Request) -> Response:
    """The payslip whose net is each line's ``net``: the gross searched."""
    return await _calc(request, "gross-up")


async def month_of(request: Request, *, persons: int | None = None) -> tuple[Month, Path]:
    """Run the month of a multipart request (shared with the page) in a worker process.

    Returns the month and its request folder, which the caller removes once it has answered
    (on any failure here it is already removed). ``persons`` asks for the page's summary.
    """
    settings = settings_of(request)
    scratch: Scratch = request.app.state.scratch
    form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
    folder = scratch.new()
    try:
        options = run_options(form, settings, date.today())
        names = await save_uploads(form, folder, settings, options)
        work = partial(month_in_folder, str(folder), names, settings.params, options, persons)
        month = await asyncio.get_running_loop().run_in_executor(request.app.state.workers, work)
    except BaseException:
        scratch.remove(folder)
        raise
    finally:
        await form.close()
    return month, folder


async def files(request: Request) -> Response:
    """The employer folder of the month as ``run`` writes it, zipped; ``?name=`` gives one file of it."""
    month, folder = await month_of(request)
    done = BackgroundTask(request.app.state.scratch.remove, folder)
    name = request.query_params.get("name")
    if name is None:
        return FileResponse(month.zip_path, media_type="application/zip", filename=month.zip_name, background=done)
    names = [file for file, _size in month.files]
    if name not in names:
        await done()
        raise Problem(404, "request.not_found", _("problem.no_file", name=name, names=", ".join(names)))
    return FileResponse(month.folder / name, media_type="application/octet-stream", filename=name, background=done)


async def rates(request: Request) -> Response:
    """Every parameter in force for ``?period=YYYY-MM`` (default: this month), with citation and confidence."""
    params = settings_of(request).params
    text = request.query_params.get("period")
    try:
        period = Period.of(date.today()) if text is None else Period.parse(text)
    except PeriodError as exc:
        raise Problem(400, exc.code, str(exc)) from None
    if not params.valid_from <= period <= params.valid_through:
        missing = ParameterMissing("the rule set", period, (params.valid_from, params.valid_through))
        raise Problem(422, missing.code, str(missing))
    body = {"period": str(period), "rule_set": params.name, "parameters": [v.to_dict() for v in params.in_force(period)]}
    return Response(json.dumps(body, ensure_ascii=False, indent=2), media_type=JSON)
