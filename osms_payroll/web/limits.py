"""The request size limit, enforced on the declared length and on the bytes actually received."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from osms_payroll.i18n import _
from osms_payroll.web.problems import Problem, problem_response


def too_large(limit: int) -> Problem:
    return Problem(413, "request.too_large", _("problem.too_large", limit=limit))


class SizeLimit:
    """ASGI middleware: a body over ``limit`` bytes gets 413 before the application reads it whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await problem_response(too_large(self.limit))(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise too_large(self.limit)
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except Problem as problem:
            if started:
                raise
            await problem_response(problem)(scope, receive, send)
