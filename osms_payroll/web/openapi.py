"""The OpenAPI 3.1 document of the API, with the published contract schemas as its components.

Written out rather than generated: every route of the application is in it (a test checks
both ways), and the request and response bodies are the schemas ``osms-payroll schema`` prints.
"""

from __future__ import annotations

import json
from typing import Any

from osms_payroll.version import __version__
from osms_payroll.remit.labels import LANGS
from osms_payroll.remit.pipeline import FORMATS
from osms_payroll.report.contract_schema import schema
from osms_payroll.web.problems import MEDIA_TYPE, TITLES

_PROBLEM = {"$ref": "#/components/schemas/Problem"}
#: The docs' example: two lines of one person (one person-month), the cap and rounding once.
_EXAMPLE = {"period": "2026-10", "lines": [
    {"iin": "850314353054", "full_name": "Ахметов Данияр Серикович", "gross": 650000},
    {"iin": "850314353054", "full_name": "Ахметов Данияр Серикович", "gross": "150000.00"},
]}


def _problems(*statuses: int) -> dict[str, Any]:
    words = {400: "Bad input (malformed JSON, missing field)", 404: "Not found", 413: "Request too large",
             415: "Not a payroll workbook", 422: "Input that cannot be used (profile, unreadable workbook, rules)"}
    return {str(s): {"description": words[s], "content": {MEDIA_TYPE: {"schema": _PROBLEM}}} for s in statuses}


def _calc_operation(summary: str, description: str, operation_id: str, body: str, example: dict[str, Any] = _EXAMPLE) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}, "example": example}}},
            "responses": {
                "200": {"description": "The results contract (schema 1): results of the good lines, errors of the bad ones.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}}},
                **_problems(400, 413),
            },
        }
    }


def _month_form() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["files", "period"],
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                      "description": "The employer's workbooks of the month (.xlsx, .xlsm, .xls, .ods, .csv)."},
            "employer": {"type": "string", "contentMediaType": "application/toml",
                         "description": "The employer profile (employer.toml, see templates/sample/employer.toml)."},
            "period": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
            "value_date": {"type": "string", "format": "date", "description": "Value date of the payments; default today."},
            "doc_date": {"type": "string", "format": "date", "description": "Date of the payment orders; default the value date or today, whichever is earlier."},
            "number": {"type": "string", "pattern": "^[0-9]+$", "default": "1", "description": "Number of the KNP 121 order; KNP 122 takes the next."},
            "formats": {"type": "string", "default": ",".join(FORMATS), "description": f"Comma-separated subset of {', '.join(FORMATS)}."},
            "lang": {"type": "string", "enum": list(LANGS), "default": "ru", "description": "Language of headers and purpose texts."},
        },
    }


def embedded(name: str, component: str) -> dict[str, Any]:
    """A published schema as component ``component``: its ``$defs`` references re-rooted under the
    component, so that every OpenAPI tool resolves them (not only those that honour ``$id``)."""
    text = json.dumps({k: v for k, v in schema(name).items() if k not in ("$id", "$schema")}, ensure_ascii=False)
    document: dict[str, Any] = json.loads(text.replace('"#/$defs/', f'"#/components/schemas/{component}/$defs/'))
    return document


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "osms-payroll",
            "version": __version__,
            "description": "Kazakhstan ОСМС (МӘМС) contributions from dated law, with explanations, and the month's bank files. "
                           "Money is exact decimal text in tenge. Errors are problem details (RFC 9457) with a stable `code`.",
        },
        "paths": {
            "/api/v1/calc": _calc_operation("ООСМС and ВОСМС of every line", "Set `payslip` for the statutory payslip too. Lines that break the contract are answered in `errors`, located; the others are computed.", "calc", "CalcRequest"),
            "/api/v1/payslip": _calc_operation("The statutory payslip of every line", "ОПВ, ВОСМС, ИПН, net; ОПВР, СО, СН, ООСМС and the employer's cost.", "payslip", "LinesRequest"),
            "/api/v1/gross-up": _calc_operation("The gross for each line's net", "Each line gives `net` (the pay asked for) instead of `gross`.", "grossUp", "LinesRequest",
                                                 {"period": "2025-11", "lines": [{"iin": "850314353054", "net": 401505}]}),
            "/api/v1/files": {
                "post": {
                    "operationId": "files",
                    "summary": "The month's files, as `osms-payroll run` writes them",
                    "description": "Both MT102 lists, the XML remittance, the register, results.json, errors.csv/xlsx and manifest.json, "
                                   "zipped under PERIOD/ID/; with `name` only that file. Nothing is kept on the server.",
                    "parameters": [{"name": "name", "in": "query", "required": False, "schema": {"type": "string"},
                                    "description": "One file of the folder, e.g. osms-2026-10-knp121.mt102."}],
                    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _month_form()}}},
                    "responses": {
                        "200": {"description": "The zip (or the one file asked for).",
                                "content": {"application/zip": {"schema": {"type": "string", "contentMediaType": "application/zip"}}}},
                        **_problems(400, 404, 413, 415, 422),
                    },
                }
            },
            "/api/v1/rates": {
                "get": {
                    "operationId": "rates",
                    "summary": "Every parameter in force for a month, with citation and confidence",
                    "parameters": [{"name": "period", "in": "query", "required": False,
                                    "schema": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}}],
                    "responses": {"200": {"description": "The parameters.", "content": {"application/json": {"schema": {"type": "object"}}}},
                                  **_problems(400, 422)},
                }
            },
            "/api/v1/schema/{name}": {
                "get": {
                    "operationId": "schema",
                    "summary": "A published JSON Schema: calc (the lines) or results",
                    "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"enum": ["calc", "results"]}}],
                    "responses": {"200": {"description": "The schema.", "content": {"application/schema+json": {"schema": {"type": "object"}}}},
                                  **_problems(404)},
                }
            },
            "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
                                      "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/docs": {"get": {"operationId": "docs", "summary": "This document for people (works offline)",
                              "responses": {"200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
            "/": {"get": {"operationId": "page", "summary": "The accountant's page",
                          "parameters": [{"name": "lang", "in": "query", "required": False, "schema": {"type": "string"},
                                          "description": "ru, kk or en; anything else gives the server's language."}],
                          "responses": {"200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
            "/month": {"post": {"operationId": "pageMonth", "summary": "The page's form: the month's summary as HTML",
                                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _month_form()}}},
                                "responses": {"200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}},
                                              "4XX": {"description": "The problem, as HTML", "content": {"text/html": {"schema": {"type": "string"}}}}}}},
        },
        "components": {
            "schemas": {
                "CalcRequest": embedded("calc", "CalcRequest"),
                "LinesRequest": {"description": "The calc contract without `payslip` (the endpoint says what is computed).",
                                 "allOf": [{"$ref": "#/components/schemas/CalcRequest"}, {"not": {"required": ["payslip"]}}]},
                "Results": embedded("results", "Results"),
                "Problem": {
                    "type": "object",
                    "required": ["type", "title", "status", "detail", "code"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "code": {"type": "string", "description": "Stable: " + ", ".join(sorted(TITLES)) + ", or a row code such as period.format."},
                        "problems": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "message": {"type": "string"}}}},
                    },
                },
            }
        },
    }
