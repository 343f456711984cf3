"""``/openapi.json``, ``/docs`` (the same document as a page, no CDN) and the schemas."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from osms_payroll.report.contract_schema import NAMES, schema_text
from osms_payroll.web.openapi import openapi_document
from osms_payroll.web.problems import Problem
from osms_payroll.web.templating import templates
from osms_payroll.i18n import _



async def openapi(_request: Request) -> Response:
    return Response(json.dumps(openapi_document(), ensure_ascii=False, indent=2), media_type="application/json")


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            found.append({"path": path, "method": method.upper(), **operation})
    return found


async def docs(_request: Request) -> HTMLResponse:
    document = openapi_document()
    page = templates.get_template("docs.html").render(info=document["info"], operations=_operations(document),
                                                 schemas=document["components"]["schemas"])
    return HTMLResponse(page)


async def contract_schema(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in NAMES:
        raise Problem(404, "request.not_found", _("problem.no_schema", name=name, names=", ".join(NAMES)))
    return Response(schema_text(name), media_type="application/schema+json")
