"""The payments table (``data/payments.toml``): which payment kinds exist, in which order, and where each goes.

A kind is data: its KNP parameter, the recipient's requisites, the label key of its words, the
remittance it goes in and the engine that computes it. Writers and the register iterate over this
table; none names a kind.
"""

from __future__ import annotations

import attrs

from osms_payroll.law.model import Params, ParamValue, Snapshot

PREFIX = "payment."


@attrs.frozen
class Payment:
    """One payment kind in force for a period.

    ``knp`` and ``recipient`` name parameters (``knp.oosms``; the ``recipient.*`` family);
    ``label`` is a key of the remittance words; ``list`` is the remittance it goes in (``month``,
    ``penalty``); ``engine`` is the engine module that computes it; ``category_column`` is the
    column of a category rule that names its scheme (for a penalty, the payment it is levied on).
    """

    kind: str
    knp: str
    recipient: str
    label: str
    list: str
    engine: str
    category_column: str
    parameter: ParamValue


def kinds(params: Params, *, engine: str | None = None) -> tuple[str, ...]:
    """Every payment kind the table declares in any period, in table order (optionally of one engine)."""
    return tuple(
        param_id[len(PREFIX):]
        for param_id, parameter in params.parameters.items()
        if param_id.startswith(PREFIX) and (engine is None or any(v.table["engine"] == engine for v in parameter.values))
    )


def payments(snapshot: Snapshot, *, remittance: str | None = None, engine: str | None = None) -> tuple[Payment, ...]:
    """The payment kinds in force in ``snapshot``, in table order; optionally those of one list or engine."""
    found = []
    for param_id in snapshot.params.parameters:
        if not param_id.startswith(PREFIX) or param_id not in snapshot:
            continue
        value = snapshot[param_id]
        row = value.table
        payment = Payment(
            param_id[len(PREFIX):], row["knp"], row["recipient"], row["label"], row["list"], row["engine"],
            row["category_column"], value,
        )
        if (remittance is None or payment.list == remittance) and (engine is None or payment.engine == engine):
            found.append(payment)
    return tuple(found)
