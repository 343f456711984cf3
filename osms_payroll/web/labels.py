"""The page's own words in Russian, Kazakh and English: entries ``web.<key>`` of the message
catalogs (:mod:`osms_payroll.i18n`).

Messages about the data (rejected rows, warnings, profile problems) come from the SDK in the
same words as on the command line; only the page's own labels are here.
"""

from __future__ import annotations

from osms_payroll.i18n import _, using
from osms_payroll.web.settings import LANGS

#: The page's labels (catalog entries ``web.<key>``).
KEYS = (
    "title",
    "lead",
    "language",
    "workbooks",
    "workbooks_hint",
    "employer_file",
    "employer_form",
    "employer.name",
    "employer.bin_iin",
    "employer.iban",
    "employer.bic",
    "employer.kod",
    "employer.head",
    "employer.chief_accountant",
    "mt102.opv_code",
    "mt102.encoding",
    "period",
    "value_date",
    "doc_date",
    "file_lang",
    "compute",
    "compute_zip",
    "working",
    "summary",
    "employer",
    "persons",
    "oosms",
    "vosms",
    "rejected",
    "rejected_none",
    "where",
    "code",
    "what_to_fix",
    "warnings",
    "people",
    "people_hint",
    "shown_first",
    "iin",
    "full_name",
    "category",
    "gross",
    "base_before_cap",
    "cap",
    "base",
    "rate",
    "amount",
    "not_due",
    "lines",
    "citations",
    "reconciliation",
    "reconciliation_none",
    "reconciliation_ok",
    "sheet_amount",
    "ours",
    "reason",
    "files",
    "download_zip",
    "download",
    "failed",
    "profile_problems",
    "docs",
    "optional",
)


def labels(lang: str) -> dict[str, str]:
    """Every label in ``lang`` (every catalog has every entry: a test checks it)."""
    with using(lang):
        return {key: _(f"web.{key}") for key in KEYS}


__all__ = ["KEYS", "LANGS", "labels"]
