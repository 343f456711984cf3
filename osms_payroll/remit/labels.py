"""Words the remittance files print, in Russian (default), Kazakh and English: entries of the
message catalogs (:mod:`osms_payroll.i18n`), looked up by the keys below.

One vocabulary for all writers: the MT102 purpose text, the XML purpose, the register's sheets,
headers and notes. A translation is an edit of the catalogs; a key missing in one fails the tests.
"""

from __future__ import annotations

from collections.abc import Mapping

from osms_payroll.i18n import DEFAULT_LANG, LANGS, _, check_lang, using
from osms_payroll.period import Period

__all__ = ["DEFAULT_LANG", "KEYS", "LANGS", "labels", "month_words", "purpose"]

#: The catalog entries the remittance writers print.
KEYS = (
    "payment.oosms",
    "payment.vosms",
    "payment.oosms_penalty",
    "payment.vosms_penalty",
    "purpose",
    "title.list",
    "title.not_due",
    "title.summary",
    "title.notes",
    "sheet.summary",
    "sheet.knp",
    "sheet.not_due",
    "sheet.notes",
    "col.number",
    "col.full_name",
    "col.birth_date",
    "col.iin",
    "col.period",
    "col.amount",
    "col.base_before_cap",
    "col.base",
    "col.rate",
    "col.category",
    "col.knp",
    "col.reason",
    "col.ref",
    "col.value",
    "col.from",
    "col.to",
    "col.confidence",
    "col.source",
    "total",
    "payer",
    "recipient",
    "name",
    "bin_iin",
    "iban",
    "bic",
    "kod",
    "kbe",
    "head",
    "chief_accountant",
    "not_provided",
    "period",
    "value_date",
    "doc_date",
    "number",
    "purpose_label",
    "persons",
    "amount",
    "rule_set",
    "warnings",
    "notes.columns",
    "notes.parameters",
    "notes.reasons",
    "col.income",
    "signature",
    "due_date",
    "due_moved",
)


def labels(lang: str) -> Mapping[str, str]:
    """The words of one language, ``{placeholders}`` unfilled; ``ValueError`` for a language we do not have."""
    with using(check_lang(lang)):
        return {key: _(key) for key in KEYS}


def month_words(lang: str, period: Period) -> dict[str, str]:
    """``month`` and ``year`` of ``period`` for the templates above."""
    with using(check_lang(lang)):
        return {"month": _(f"month.{period.month}"), "year": str(period.year)}


def purpose(lang: str, label: str, period: Period) -> str:
    """The purpose of payment, e.g. «Отчисления на ОСМС за октябрь 2026 г.»; ``label`` is the payment's label key."""
    words = labels(lang)
    return words["purpose"].format(payment=words[label], **month_words(lang, period))
