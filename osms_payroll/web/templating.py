"""The one Jinja environment of the page and the docs: package templates, HTML autoescaped."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


def money(amount: str) -> str:
    """461250 → 461 250: thousands apart by a narrow no-break space, as accountants write them."""
    return format(Decimal(amount), ",f").replace(",", "\u202f")


def pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


templates = Environment(loader=PackageLoader("osms_payroll.web", "templates"), autoescape=select_autoescape(["html"]))
templates.filters["money"] = money
templates.filters["pretty"] = pretty
