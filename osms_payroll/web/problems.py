"""Errors as RFC 9457 problem details: ``type``, ``title``, ``status``, ``detail`` and our stable ``code``.

The codes are the command line's where one exists (``iin.checksum``, ``params.missing``,
``period.format``); the request-level ones are listed in :data:`TITLES`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.responses import Response

MEDIA_TYPE = "application/problem+json"
#: Request-level codes and their titles.
TITLES = {
    "request.malformed": "The request body is not valid JSON",
    "request.invalid": "The request does not have the fields this endpoint needs",
    "request.too_large": "The request is larger than this server takes",
    "request.not_found": "No such endpoint",
    "request.method": "This endpoint does not take that method",
    "input.unreadable": "An input could not be read",
    "employer.invalid": "The employer profile cannot be used",
    "params.missing": "The rules have no values for that period",
    "period.format": "The period is not a YYYY-MM month",
    "remit.failed": "The files could not be written",
    "run.failed": "The month could not be computed",
    "internal": "An error of osms-payroll itself",
}


class Problem(Exception):
    """Raised anywhere in a handler; rendered by :func:`problem_response`."""

    def __init__(self, status: int, code: str, detail: str, problems: Sequence[dict[str, Any]] = ()) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.problems = list(problems)

    def __reduce__(self) -> tuple[type[Problem], tuple[int, str, str, list[dict[str, Any]]]]:
        # Months run in worker processes: a problem found there crosses back pickled.
        return (Problem, (self.status, self.code, self.detail, self.problems))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": f"urn:osms-payroll:problem:{self.code}",
            "title": TITLES.get(self.code, self.code),
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if self.problems:
            out["problems"] = self.problems
        return out


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> Response:
    """The problem as ``application/problem+json``; ``headers`` such as a 405's ``Allow``."""
    body = json.dumps(problem.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")
    return Response(body, status_code=problem.status, media_type=MEDIA_TYPE, headers=headers)
