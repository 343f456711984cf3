"""CSV cells that a spreadsheet cannot run: text starting like a formula is prefixed with ``'``.

Excel and LibreOffice treat a cell starting with ``=``, ``+``, ``-``, ``@`` (and a tab or carriage
return before one) as a formula when they open a CSV (OWASP "CSV injection"). A name or a message
echoed from an input could start so. Numbers stay numbers: ``-5`` and ``+7.5`` are left alone.
"""

from __future__ import annotations

import re

_LEADING = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def neutralise(value: object) -> object:
    """``value`` as a CSV writer should get it: formula-like text prefixed with ``'``, anything else unchanged."""
    if isinstance(value, str) and value.startswith(_LEADING) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
