"""Input workbook templates (Russian, Kazakh, English) built from what the contract and the law data declare.

Columns are the contract's, headed by each column's first label in the language; a notes row above
the header says how to fill each; the ИИН and period columns are text (so a leading zero and
``2026-10`` survive Excel), amounts are numbers, the category column offers the categories the
parameter data knows, and a second sheet lists them with their codes; a third lists the reasons a
payment may be left out of the ОСМС object, each with the months it applies to and its article.
Metadata is fixed, so the same rule set and language always give the same bytes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

from osms_payroll.engine.exclusions import PREFIX as EXCLUSION
from osms_payroll.engine.osms import MINOR
from osms_payroll.law import Params
from osms_payroll.law.words import category_description
from osms_payroll.fileio import AtomicFile
from osms_payroll.intake.rows import CONTRACT_COLUMNS
from osms_payroll.i18n import _, using
from osms_payroll.intake.vocabulary import LANGUAGES, vocabulary

#: Fixed creation date (the zip format's epoch), so the file does not change from run to run.
CREATED = datetime(1980, 1, 1)
TITLE_ROW, NOTES_ROW, HEADER_ROW = 0, 1, 2
#: Width of a column, in characters, by kind.
WIDTHS = {"iin": 14, "text": 32, "period": 10, "amount": 16, "flag": 12, "category": 26}  # legal-number-ok: column widths
IIN_DIGITS = 12
#: The headers of the categories and exclusions sheets, and the flag values, by catalog key.
CATEGORIES_HEADER = ("value", "code", "description")
EXCLUSIONS_HEADER = ("code", "from", "to", "what", "source")
FLAGS = ("yes", "no")


def categories(params: Params) -> list[str]:
    """Category codes a person may be given in an input (the minor exemption comes from the ИИН)."""
    return [pid.split(".", 1)[1] for pid in params.parameters if pid.startswith("category.") and pid != f"category.{MINOR}"]


def write_template(path: Path, language: str, params: Params) -> None:
    """Write the template for ``language`` (ru, kk, en) to ``path``, atomically."""
    if language not in LANGUAGES:
        raise ValueError(_("template.language", languages=", ".join(LANGUAGES), language=language))
    with using(language):
        _write(path, language, params)


def _write(path: Path, language: str, params: Params) -> None:
    vocab = vocabulary()
    codes = categories(params)
    categories_sheet = _("template.categories_sheet")
    target = AtomicFile(path)
    try:
        book = xlsxwriter.Workbook(str(target.temp))
        book.set_properties({"title": _("template.title"), "created": CREATED, "comments": f"osms-payroll, rule set {params.name}"})
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
        note = book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top", "font_size": 9})
        title = book.add_format({"bold": True, "font_size": 12})
        formats = {
            "iin": book.add_format({"num_format": "@"}),
            "period": book.add_format({"num_format": "@"}),
            "text": book.add_format({"num_format": "@"}),
            "amount": book.add_format({"num_format": "#,##0.00"}),
            "flag": None,
            "category": None,
        }
        sheet = book.add_worksheet(_("template.sheet"))
        reference = book.add_worksheet(categories_sheet)
        reasons = book.add_worksheet(_("template.exclusions_sheet"))
        last_row = sheet.xls_rowmax - 1
        sheet.write_string(TITLE_ROW, 0, _("template.title"), title)
        for column, field in enumerate(CONTRACT_COLUMNS):
            kind = vocab.kinds[field]
            sheet.set_column(column, column, WIDTHS[kind], formats[kind])
            sheet.write_string(NOTES_ROW, column, _(f"template.note.{field}"), note)
            sheet.write_string(HEADER_ROW, column, vocab.labels[field][language][0], bold)
            if kind == "iin":
                sheet.data_validation(HEADER_ROW + 1, column, last_row, column, {
                    "validate": "length", "criteria": "==", "value": IIN_DIGITS, "error_type": "warning",
                    "error_message": _(f"template.note.{field}"),
                })
            elif kind == "category":
                sheet.data_validation(HEADER_ROW + 1, column, last_row, column, {
                    "validate": "list", "error_type": "warning",
                    "source": f"='{categories_sheet}'!$A$2:$A${len(codes) + 1}",
                })
            elif kind == "flag":
                sheet.data_validation(HEADER_ROW + 1, column, last_row, column, {
                    "validate": "list", "source": [_(f"template.flag.{flag}") for flag in FLAGS], "error_type": "warning",
                })
        sheet.set_row(NOTES_ROW, 48)
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        reference.write_row(0, 0, [_(f"template.categories.{key}") for key in CATEGORIES_HEADER], bold)
        reference.set_column(0, 0, WIDTHS["category"])
        reference.set_column(1, 1, WIDTHS["category"])
        reference.set_column(2, 2, WIDTHS["text"] * 3)
        for row, code in enumerate(codes, start=1):
            spellings = vocab.category_labels.get(code, {}).get(language, ())
            reference.write_row(row, 0, [spellings[0] if spellings else code, code, category_description(code, params.parameters[f"category.{code}"].description)])
        reasons.write_row(0, 0, [_(f"template.exclusions.{key}") for key in EXCLUSIONS_HEADER], bold)
        for column, width in enumerate((WIDTHS["category"], WIDTHS["period"], WIDTHS["period"], WIDTHS["text"] * 2, WIDTHS["text"] * 3)):
            reasons.set_column(column, column, width)
        row = 1
        for pid in sorted(p for p in params.parameters if p.startswith(EXCLUSION)):
            for value in params.parameters[pid].values:
                reasons.write_row(row, 0, [pid[len(EXCLUSION):], str(value.start), str(value.end), value.text, value.source])
                row += 1
        book.close()
        target.commit()
    except BaseException:
        target.discard()
        raise
