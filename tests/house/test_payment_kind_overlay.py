"""A payment kind added in a data overlay flows to every writer with no code change.

The overlay declares a hypothetical kind ``levy`` (KNP 199) computed by the ``osms`` engine with
the scheme of the category table's ``oosms`` column (3 % of income capped at 40 МЗП in 2026), so
its amounts equal the ООСМС amounts by construction — an independent check of each writer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
from lxml import etree

from osms_payroll import PayLine, Period, Result, calculate_many, load_params
from osms_payroll.remit import NAMESPACE, RemitOptions, check_mt102, check_xml, remit, safe_parser
from osms_payroll.remit.payer import load_employer

ROOT = Path(__file__).parents[2]
OCTOBER = Period(2026, 10)

OVERLAY = '''
[payment.levy]
unit = "payment"
description = "A hypothetical third payment of the month (test overlay)"
reviewed_through = "2026-12"

  [[payment.levy.values]]
  from = "2017-01"
  value = { knp = "knp.levy", recipient = "recipient", label = "payment.oosms", list = "month", engine = "osms", category_column = "oosms" }
  source = "test overlay: no act"
  confidence = "H"

[knp.levy]
unit = "code"
description = "KNP of the hypothetical payment"
reviewed_through = "2026-12"

  [[knp.levy.values]]
  from = "2017-07"
  value = "199"
  source = "test overlay: no act"
  confidence = "H"
'''

# Ахметов 800 000 → ООСМС (and levy) 800 000 × 3 % = 24 000; Ким 5 200 000 → capped at
# 3 400 000 × 3 % = 102 000; Исаева ГПХ → none (category column oosms is "none").
ROWS = (
    ("850314353054", "Ахметов Данияр Серикович", "800000", "employee"),
    ("781123364683", "Ким Сергей Владимирович", "5200000", "employee"),
    ("991010435172", "Исаева Жанна Талгатовна", "250000", "gpc"),
)


def test_a_kind_added_by_data_reaches_every_writer(tmp_path):
    overlay = tmp_path / "levy.toml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    params = load_params([overlay])
    lines = [PayLine(iin=i, period=OCTOBER, gross=g, category=c, full_name=n) for i, n, g, c in ROWS]
    results = [r for r in calculate_many(lines, params=params) if isinstance(r, Result)]
    assert [list(r.contributions) for r in results] == [["oosms", "vosms", "levy"]] * 3
    assert [r.contributions["levy"].amount for r in results] == [Decimal("24000"), Decimal("102000"), Decimal("0")]

    employer = load_employer(ROOT / "templates" / "sample" / "employer.toml", params=params)
    out = tmp_path / "out"
    written = remit(results, employer, OCTOBER, out, RemitOptions(value_date=date(2026, 11, 5), number="7"), params=params)
    names = sorted(f.path.name for f in written)
    assert "osms-2026-10-knp199.mt102" in names

    # MT102: its own list, KNP 199, the third order number, two persons, 126 000
    document = check_mt102(out / "osms-2026-10-knp199.mt102")
    assert (document.header.knp, document.header.number) == ("199", "9")
    assert (document.persons, document.total, document.sum, document.issues) == (2, Decimal("126000"), Decimal("126000"), ())

    # XML: a third contribution per person, in table order, and its own payment order and total
    check = check_xml(out / "osms-2026-10.xml")
    assert check.totals["199"] == Decimal("126000") and check.counts["199"] == 2
    root = etree.parse(str(out / "osms-2026-10.xml"), safe_parser()).getroot()
    q = f"{{{NAMESPACE}}}"
    first = root.find(f"{q}persons/{q}person")
    assert [c.get("kind") for c in first.findall(f"{q}contribution")] == ["oosms", "vosms", "levy"]
    assert [p.get("knp") for p in root.findall(f"{q}payment")] == ["121", "122", "199"]

    # Register: a sheet for KNP 199 with its two persons and the total
    book = openpyxl.load_workbook(out / "osms-2026-10-register.xlsx")
    assert "КНП 199" in book.sheetnames
    sheet = book["КНП 199"]
    amounts = [row[5] for row in sheet.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int | float)]  # the Rust writer's numbers read as floats
    assert amounts == [24000, 102000]
