"""Several inputs of one employer as one row stream, warning of a person-month that two files repeat.

Summing stays the rule for genuinely separate lines (a salary sheet and a bonus sheet); the same
ИИН, month and amount in two files is more likely one export saved twice, so it is a warning the
accountant can confirm. Every warning, each source's and the repeats found, goes into the log
the stream is given, as it is found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation

from osms_payroll.i18n import _
from osms_payroll.ids import mask
from osms_payroll.issues import Issue, IssueLog, Location
from osms_payroll.intake.rows import RowSource, SourceRow


def _amount(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def stream(sources: Sequence[RowSource], log: IssueLog) -> Iterator[SourceRow]:
    """The rows of every source in turn; their warnings and the repeats found are reported into ``log``.

    The rows of the last source are only looked up, not kept: no file comes after them to repeat
    them, so one input holds nothing per row.
    """
    first: dict[int, Location] = {}
    for index, source in enumerate(sources):
        last = index == len(sources) - 1
        for row in source.rows(log):
            values = row.values
            iin, gross = values.get("iin"), _amount(values.get("gross") or values.get("net"))
            if iin and gross is not None:
                key = hash((iin, values.get("period"), gross))
                seen = first.get(key) if last else first.setdefault(key, row.location)
                if seen is not None and seen.file != row.location.file:
                    log.warn(Issue(
                        "person.repeated", _("person.repeated", iin=mask(iin), where=seen.text()), row.location, "iin", row.cells.get("iin"),
                    ))
            yield row
