"""The accountant's page: ``GET /`` shows the form, ``POST /month`` the month (whole page, or the
result part alone for the page's script, which keeps the chosen files for the downloads)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from osms_payroll.period import Period
from osms_payroll.remit.labels import LANGS as FILE_LANGS
from osms_payroll.web.api import month_of, settings_of
from osms_payroll.web.labels import labels
from osms_payroll.web.month import PROFILE_FIELDS, Month
from osms_payroll.web.problems import Problem
from osms_payroll.web.settings import LANGS
from osms_payroll.web.templating import templates

#: Persons listed with their explanation; the rest are in the files.
PERSONS_SHOWN = 500

def _lang(request: Request, form_lang: str | None = None) -> str:
    asked = form_lang or request.query_params.get("lang") or ""
    return asked if asked in LANGS else settings_of(request).lang


def _where(issue: dict[str, Any]) -> str:
    """The issue's place with the workbook's own name (not the server's temporary folder)."""
    file = Path(issue["file"]).name if issue.get("file") else ""
    sheet = f"{issue['sheet']}!" if issue.get("sheet") else ""
    if issue.get("cell"):
        return f"{file}, {sheet}{issue['cell']}"
    row = f", row {issue['row']}" if issue.get("row") else ""
    column = f", {issue['column']}" if issue.get("column") else ""
    return f"{file}{', ' + sheet.rstrip('!') if sheet else ''}{row}{column}"


def _source(text: str | None) -> str:
    return Path(text).name if text else ""


def _context(request: Request, lang: str, **extra: Any) -> dict[str, Any]:
    today = date.today()
    return {
        "lang": lang,
        "langs": LANGS,
        "file_langs": FILE_LANGS,
        "t": labels(lang),
        "profile_fields": PROFILE_FIELDS,
        "values": {"period": str(Period.of(today).previous()), "value_date": today.isoformat(), "lang": lang},
        "problem": None,
        "month": None,
        **extra,
    }


def _month_view(month: Month) -> dict[str, Any]:
    summary = month.summary
    assert summary is not None
    return {
        **summary,
        "employer": month.job.employer_id,
        "period": str(month.period),
        "errors": [{**issue, "where": _where(issue)} for issue in summary["errors"]],
        "files": [{"name": name, "size": size} for name, size in month.files],
        "zip_name": month.zip_name,
        "source": _source,
    }


async def home(request: Request) -> HTMLResponse:
    lang = _lang(request)
    return HTMLResponse(templates.get_template("page.html").render(_context(request, lang)))


async def month(request: Request) -> HTMLResponse:
    form = await request.form()
    form_values = {key: value for key, value in form.items() if isinstance(value, str)}
    lang = _lang(request, form_values.get("ui"))
    fragment = request.query_params.get("fragment") == "1"
    template = templates.get_template("result.html" if fragment else "page.html")
    try:
        done, folder = await month_of(request, persons=PERSONS_SHOWN)
    except Problem as problem:
        context = _context(request, lang, problem=problem.to_dict())
        context["values"].update(form_values)
        return HTMLResponse(template.render(context), status_code=problem.status)
    request.app.state.scratch.remove(folder)
    context = _context(request, lang, month=_month_view(done))
    context["values"].update(form_values)
    return HTMLResponse(template.render(context))

