"""The published JSON Schemas of the ``calc`` contract (the lines in) and of the results (out).

They ship in the package (``report/schema/*.json``), are versioned with the contract's schema
number, and are what ``osms-payroll schema`` prints and the web API's OpenAPI document embeds.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from osms_payroll.i18n import _
from osms_payroll.intake.contract import SCHEMA

#: ``calc``: the lines a month is computed from; ``results``: what ``calc --format json`` prints
#: and ``run`` writes as ``results.json``.
NAMES = ("calc", "results")


def schema_text(name: str) -> str:
    """The schema document as shipped (UTF-8 JSON text)."""
    if name not in NAMES:
        raise ValueError(_("contract_schema.unknown", name=repr(name), names=", ".join(NAMES)))
    return (files("osms_payroll.report") / "schema" / f"{name}-{SCHEMA}.json").read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(schema_text(name))
    return document
