"""The ASGI application: the page, the JSON API and its documents, behind the request size limit."""

from __future__ import annotations

import multiprocessing
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from osms_payroll.intake import InputError
from osms_payroll.web import api, docs, page
from osms_payroll.web.limits import SizeLimit
from osms_payroll.web.month import Scratch
from osms_payroll.web.problems import Problem, problem_response
from osms_payroll.web.settings import WebSettings
from osms_payroll.i18n import _

ROUTES = [
    Route("/", page.home, methods=["GET"]),
    Route("/month", page.month, methods=["POST"]),
    Route("/api/v1/calc", api.calc, methods=["POST"]),
    Route("/api/v1/payslip", api.payslip, methods=["POST"]),
    Route("/api/v1/gross-up", api.gross_up, methods=["POST"]),
    Route("/api/v1/files", api.files, methods=["POST"]),
    Route("/api/v1/rates", api.rates, methods=["GET"]),
    Route("/api/v1/schema/{name}", docs.contract_schema, methods=["GET"]),
    Route("/openapi.json", docs.openapi, methods=["GET"]),
    Route("/docs", docs.docs, methods=["GET"]),
]


async def _problem(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(exc)


async def _http(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "request.not_found", 405: "request.method"}.get(exc.status_code, "request.invalid")
    return problem_response(Problem(exc.status_code, code, str(exc.detail)), headers=exc.headers)


async def _input(_request: Request, exc: Exception) -> Response:
    # A file the readers cannot take at all: the user's input, never a server error.
    return problem_response(Problem(422, "input.unreadable", str(exc)))


async def _internal(_request: Request, exc: Exception) -> Response:
    # A bug of ours, not the user's input: said plainly, with no data from the request.
    return problem_response(Problem(500, "internal", _("problem.internal", reason=type(exc).__name__)))


def create_app(settings: WebSettings | None = None) -> ASGIApp:
    """The application for ``settings`` (default: the shipped rules, Russian, the default size limit)."""
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Months run in worker processes, each from inside its request's folder (see month_in_folder);
        # spawned, not forked, from this threaded server.
        with ProcessPoolExecutor(settings.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            app.state.workers = pool
            try:
                yield
            finally:
                app.state.scratch.remove_all()

    app = Starlette(
        routes=[*ROUTES, Mount("/static", StaticFiles(packages=[("osms_payroll.web", "static")]), name="static")],
        exception_handlers={Problem: _problem, HTTPException: _http, InputError: _input, Exception: _internal},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.scratch = Scratch()
    return SizeLimit(app, settings.max_bytes)
