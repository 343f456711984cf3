"""The readers' plausibility and resource limits, declared once in ``limits.toml``.

They are not law (no citation, no date): they bound what a reader allocates and what a row may
claim, so that a hostile or mistaken file is refused by name before it can exhaust memory or
overflow the arithmetic. ``OSMS_PAYROLL_LIMITS`` names a TOML file whose values replace them.
"""

from __future__ import annotations

import os
import tomllib
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import _

DATA = Path(__file__).with_name("limits.toml")
ENVIRONMENT = "OSMS_PAYROLL_LIMITS"


class LimitsError(ValueError):
    """A limits file that cannot be used."""


@attrs.frozen
class Limits:
    """What one input may hold; each is named in a refusal as ``<table>.<key>``."""

    amount_max: Decimal
    max_uncompressed_bytes: int
    max_rows: int
    max_columns: int
    max_file_bytes: int
    max_field_chars: int

    def named(self, key: str) -> str:
        """How a refusal names a limit so the user can find and change it."""
        return _("limits.named", key=key, file=DATA.name, variable=ENVIRONMENT)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


def _parse(document: dict[str, Any], source: str) -> Limits:
    try:
        amount = Decimal(str(document["amount"]["max"]))
        book, text = document["workbook"], document["text"]
        counts = {
            key: book[key] for key in ("max_uncompressed_bytes", "max_rows", "max_columns", "max_file_bytes")
        } | {"max_field_chars": text["max_field_chars"]}
    except (KeyError, TypeError, InvalidOperation) as exc:
        raise LimitsError(_("limits.not_limits", file=source, reason=f"{type(exc).__name__}: {exc}")) from None
    bad = [key for key, value in counts.items() if not isinstance(value, int) or isinstance(value, bool) or value <= 0]
    if bad or not amount.is_finite() or amount <= 0:
        raise LimitsError(_("limits.not_positive", file=source, keys=", ".join(bad) or "amount.max"))
    return Limits(amount_max=amount, **counts)


def load_limits(path: Path | None = None) -> Limits:
    """The shipped limits, with ``path``'s values (or ``$OSMS_PAYROLL_LIMITS``'s) replacing them."""
    document = tomllib.loads(DATA.read_text(encoding="utf-8"))
    override = path or (Path(os.environ[ENVIRONMENT]) if os.environ.get(ENVIRONMENT) else None)
    if override is None:
        return _parse(document, str(DATA))
    try:
        extra = tomllib.loads(override.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LimitsError(_("limits.unreadable", file=override, reason=exc)) from None
    return _parse(_merge(document, extra), str(override))


@lru_cache(maxsize=1)
def default_limits() -> Limits:
    """The limits in force for this process (read once)."""
    return load_limits()
