"""Inputs accountants really produce, and hostile ones: nobody dropped, doubled or guessed; the process never dies.

Every input is built here. CLI behaviour goes through the installed console script; each test
asserts the exit code, what was written and what was said.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from osms_payroll.i18n import _, using
from osms_payroll.intake.limits import default_limits
from osms_payroll.intake.xlsxscan import scan_sheet, sheet_parts
from tests.conftest import iin_for
from tests.core.test_languages import STOCK, _prose
from tests.intake.builders import xlsx

CLI = str(Path(sys.executable).with_name("osms-payroll"))
HEADER = ["ИИН", "ФИО", "Период", "Начислено", "Категория"]


def said(code: str, *unknown: str, **params: object) -> str:
    """The longest stretch of ``code``'s Russian text fixed by ``params`` (``unknown`` placeholders cut it)."""
    with using("ru"):
        text = _(code, **params, **{name: "\0" for name in unknown})
    return max(text.split("\0"), key=len)


def named(key: str) -> str:
    with using("ru"):
        return default_limits().named(key)


def limit_said(limit: int, key: str, what: str, **params: object) -> str:
    """A sheet refused past a limit (``what`` and its ``params``), in Russian, after the place it names."""
    with using("ru"):
        return said("xlsx.over_limit", "where", what=_(what, **params), limit=limit, named=named(key))


def osms(*args: str | Path, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [CLI, *map(str, args)], input=stdin, capture_output=True, check=False, env={"PATH": "/usr/bin:/bin", **(env or {})},
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def people(count: int, first: int = 1, gross: int = 300000) -> list[list[object]]:
    # No digits in the names: the bank refuses them (remittance-formats.md §2) and the person would be rejected.
    return [[iin_for(date(1980, 1, first + n)), "Иванов Иван", "2026-10", gross + 1000 * n, "employee"] for n in range(count)]


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8", newline: str = "\n") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def calc(path: str | Path, *args: str, stdin: bytes | None = None) -> tuple[int, dict[str, object], str]:
    proc = osms("calc", path, "--format", "json", *args, stdin=stdin)
    assert "Traceback" not in proc.stderr
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.startswith("{") else {}), proc.stderr


def rewrite_sheet(source: Path, target: Path, change=lambda xml: xml, drop: str | None = None) -> Path:
    """A copy of an XlsxWriter workbook with its first sheet's XML changed (or a part left out)."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in book.infolist():
            if info.filename == drop:
                continue
            data = book.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            out.writestr(info.filename, data)
    return target


# 1. Header detection cannot swallow data.

def test_a_second_export_pasted_below_is_read_too_with_a_warning(tmp_path):
    # 10 persons, the header again (row 12), 15 more: all 25 computed, the repeat named.
    path = write_csv(tmp_path / "two.csv", [HEADER, *people(10), HEADER, *people(15, first=11)])
    code, doc, _ = calc(path)
    assert code == 0
    assert doc["totals"]["persons"] == 25 and doc["totals"]["rejected_rows"] == 0
    assert [(w["code"], w["row"]) for w in doc["warnings"]] == [("header.repeated", 12)]


def test_rows_of_data_above_another_header_refuse_the_file_naming_them(tmp_path):
    # A 1C export (two people) pasted above a differently labelled table: never a "title".
    lower = ["IIN", "Full name", "Period", "Gross", "Category"]
    path = write_csv(tmp_path / "mixed.csv", [["ИИН", "ФИО"], *[row[:2] for row in people(2)], lower, *people(3, first=5)])
    code, doc, err = calc(path)
    assert code == 2 and doc == {}
    assert said("header.data_above", "where", rows="2, 3", header=4) in err


# 2. Duplicates inside one file (files and person-months across files: tests/run/test_nothing_lost.py).

def test_an_exact_duplicate_row_is_summed_and_warned_with_both_rows(tmp_path):
    rows = people(3)
    path = write_csv(tmp_path / "dup.csv", [HEADER, *rows, rows[1]])
    code, doc, _stderr = calc(path)
    assert code == 0 and doc["totals"]["persons"] == 3
    (warning,) = doc["warnings"]
    assert warning["code"] == "row.duplicate" and warning["row"] == 5 and warning["message"] == _("row.duplicate", row=5, first=3)
    # summing stays the rule: the doubled person's gross is the sum of both lines (301 000 × 2)
    assert [r["gross"] for r in doc["results"]] == ["300000", "602000", "302000"]


# 5. Resource limits, checked before the reader allocates; a linear formula scan.

def test_a_lying_dimension_is_refused_before_calamine_reads_it(tmp_path):
    good = xlsx(tmp_path / "good.xlsx", {"Лист1": [HEADER, *people(2)]})
    lying = rewrite_sheet(good, tmp_path / "lying.xlsx", lambda x: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', x))
    assert lying.stat().st_size < 10_000
    code, doc, err = calc(lying)
    assert code == 2 and doc == {}
    assert limit_said(500000, "workbook.max_rows", "xlsx.claims_rows", count=1048576) in err


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_hostile_workbook_is_refused_in_the_users_language(tmp_path, lang):
    good = xlsx(tmp_path / "good.xlsx", {"Лист1": [HEADER, *people(2)]})
    lying = rewrite_sheet(good, tmp_path / "lying.xlsx", lambda x: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', x))
    proc = osms("--lang", lang, "validate", lying)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    with using(lang):
        what = _("xlsx.claims_rows", count=1048576)
        refusal = _("xlsx.over_limit", where="\0", what=what, limit=500000, named=default_limits().named("workbook.max_rows"))
    assert refusal.split("\0")[1] in proc.stderr, proc.stderr
    assert not STOCK.search(_prose(proc.stderr)), proc.stderr


def test_rows_and_columns_past_a_configured_limit_are_refused_naming_it(tmp_path):
    path = xlsx(tmp_path / "big.xlsx", {"Лист1": [HEADER, *people(30)]})
    limits = tmp_path / "limits.toml"
    limits.write_text("[workbook]\nmax_rows = 20\n", encoding="utf-8")
    proc = osms("validate", path, env={"OSMS_PAYROLL_LIMITS": str(limits)})
    assert proc.returncode == 2 and limit_said(20, "workbook.max_rows", "xlsx.claims_rows", count=31) in proc.stderr
    # a dimension that lies small does not hide the rows: they are counted
    small = rewrite_sheet(path, tmp_path / "small.xlsx", lambda x: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1"/>', x))
    proc = osms("validate", small, env={"OSMS_PAYROLL_LIMITS": str(limits)})
    assert proc.returncode == 2 and limit_said(20, "workbook.max_rows", "xlsx.rows_up_to", row=21) in proc.stderr
    limits.write_text("[workbook]\nmax_columns = 3\n", encoding="utf-8")
    proc = osms("validate", small, env={"OSMS_PAYROLL_LIMITS": str(limits)})
    assert proc.returncode == 2 and limit_said(3, "workbook.max_columns", "xlsx.columns_up_to", row=1, column=5) in proc.stderr
    limits.write_text("[workbook]\nmax_uncompressed_bytes = 1000\n", encoding="utf-8")
    proc = osms("validate", path, env={"OSMS_PAYROLL_LIMITS": str(limits)})
    assert proc.returncode == 2 and said("xlsx.too_big", "file", "size", limit=1000, named=named("workbook.max_uncompressed_bytes")) in proc.stderr
    assert osms("validate", path).returncode == 0


def test_the_formula_scan_reads_each_byte_once_however_the_sheet_is_padded(tmp_path):
    """A 400 KB whitespace-padded sheet: the scan reads each byte of the part exactly twice (a byte search, then the parser)."""
    good = xlsx(tmp_path / "good.xlsx", {"Лист1": [HEADER, *people(3)]})
    pad = b" " * 20_000
    padded = rewrite_sheet(good, tmp_path / "padded.xlsx", lambda x: x.replace(b"<c ", pad + b"<c ").replace(b"<f>", pad + b"<f>"))
    with zipfile.ZipFile(padded) as book:
        part = sheet_parts(book, "padded")["Лист1"]
        size = book.getinfo(part).file_size
        assert size > 400_000
        scan = scan_sheet(book, part, "padded", default_limits())
    assert scan.bytes_read == 2 * size and (scan.rows, scan.columns) == (4, 5)  # two passes, each byte once
    assert osms("validate", padded).returncode == 0


def test_a_formula_without_result_is_found_in_cells_without_r_attributes(tmp_path):
    """Valid OOXML may leave out ``r=``: the cell's place is its order. A category formula giving
    «Пенсионер» saved without its result must not read as empty (an employee)."""
    good = xlsx(tmp_path / "good.xlsx", {"Лист1": [HEADER, *people(2)]})

    def strip(xml: bytes) -> bytes:
        xml = re.sub(rb' r="[A-Z]*\d+"', b"", xml)
        # the second person's category (row 3, column E) becomes a formula with no saved value
        rows = xml.split(b"<row")
        rows[3] = re.sub(rb'<c t="s"><v>\d+</v></c></row>', '<c t="str"><f>IF(1,"Пенсионер","")</f></c></row>'.encode(), rows[3])
        return b"<row".join(rows)

    bare = rewrite_sheet(good, tmp_path / "bare.xlsx", strip)
    assert b' r="' not in zipfile.ZipFile(bare).read("xl/worksheets/sheet1.xml").split(b"<sheetData>")[1]
    code, doc, err = calc(bare)
    assert code == 2 and doc == {}
    assert "Лист1!E3: формулы без сохранённого результата (E3)" in err


def test_one_hostile_workbook_fails_only_its_own_employer(tmp_path):
    root = tmp_path / "clients"
    shutil_profile = Path(__file__).resolve().parents[2] / "templates" / "sample" / "employer.toml"
    profile = shutil_profile.read_text(encoding="utf-8")
    for name, number in (("hostile", "120440000018"), ("good", "150340012340")):
        (root / name).mkdir(parents=True)
        (root / name / "employer.toml").write_text(profile.replace("150340012340", number), encoding="utf-8")
    good = xlsx(root / "good" / "payroll.xlsx", {"Лист1": [HEADER, *people(2)]})
    rewrite_sheet(good, root / "hostile" / "payroll.xlsx", lambda x: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', x))
    proc = osms("run", root, "--period", "2026-10", "--out", tmp_path / "out", "--json", "--value-date", "2026-11-20")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    employers = {e["employer"]: e for e in json.loads(proc.stdout)["employers"]}
    assert employers["150340012340"]["status"] == "written" and employers["150340012340"]["persons"] == 2
    assert employers["120440000018"]["status"] == "failed"
    assert "workbook.max_rows" in employers["120440000018"]["problems"][0]


# 6. An amount beyond any payroll: one rejected row, nothing raises.

def test_a_29_digit_amount_is_one_rejected_row(tmp_path):
    rows = people(2)
    rows[0][3] = "9" * 29
    path = write_csv(tmp_path / "huge.csv", [HEADER, *rows])
    code, doc, _ = calc(path)
    assert code == 1 and doc["totals"]["persons"] == 1 and doc["totals"]["rejected_rows"] == 1
    assert [(e["row"], e["code"]) for e in doc["errors"]] == [(2, "amount.implausible")]
    proc = osms("validate", path)
    assert proc.returncode == 1 and "можно рассчитать человеко-месяцев: 1; отклонено строк: 1;" in proc.stdout


# 7. Every reader failure located; stdin and pipes read once.

def test_a_pipe_into_calc_dash_is_read(tmp_path):
    data = write_csv(tmp_path / "p.csv", [HEADER, *people(3)]).read_bytes()
    code, doc, _ = calc("-", stdin=data)
    assert code == 0 and doc["totals"]["persons"] == 3
    assert doc["results"][0]["explanation"]["lines"][0]["source"] == "<stdin>, row 2"
    code, doc, _ = calc("/dev/stdin", stdin=data)
    assert code == 0 and doc["totals"]["persons"] == 3
    proc = osms("validate", "-", stdin=xlsx(tmp_path / "p.xlsx", {"Лист1": [HEADER, *people(2)]}).read_bytes())
    assert proc.returncode == 0 and "можно рассчитать человеко-месяцев: 2;" in proc.stdout


def test_each_corrupt_workbook_shape_is_a_located_refusal(tmp_path):
    good = xlsx(tmp_path / "good.xlsx", {"Лист1": [HEADER, *people(2)]})
    shapes = {
        "cut": (rewrite_sheet(good, tmp_path / "cut.xlsx", lambda x: x[: len(x) // 2]), said("xlsx.xml_damaged", "where", "reason")),
        "missing part": (
            rewrite_sheet(good, tmp_path / "nopart.xlsx", drop="xl/worksheets/sheet1.xml"),
            said("xlsx.sheet_missing", "where", part="xl/worksheets/sheet1.xml"),
        ),
        "entities": (
            rewrite_sheet(good, tmp_path / "entity.xlsx", lambda x: x.replace(b"?>", b'?><!DOCTYPE worksheet [<!ENTITY a "x">]>', 1)),
            said("xlsx.doctype", "where"),
        ),
        "not a zip": (tmp_path / "garbage.xlsx", said("xlsx.unreadable", "file", "reason")),
        "no workbook part": (rewrite_sheet(good, tmp_path / "nobook.xlsx", drop="xl/workbook.xml"), said("xlsx.part_missing", "file", part="xl/workbook.xml")),
    }
    (tmp_path / "garbage.xlsx").write_bytes(b"\x00\xff\xfe garbage")
    for shape, (path, words) in shapes.items():
        proc = osms("--lang", "ru", "validate", path)
        assert proc.returncode == 2, shape
        with using("ru"):
            assert proc.stderr.startswith(_("error.prefix", message=path)) and words in proc.stderr, (shape, proc.stderr)
        assert "Traceback" not in proc.stderr, shape


def test_text_files_of_every_shape_are_read_or_refused_with_the_row(tmp_path):
    rows = [HEADER, *people(3)]
    # CR-only line ends (old Mac Excel) and UTF-16 without a BOM are read in full
    assert calc(write_csv(tmp_path / "cr.csv", rows, newline="\r"))[1]["totals"]["persons"] == 3
    assert calc(write_csv(tmp_path / "u16.csv", rows, encoding="utf-16-le"))[1]["totals"]["persons"] == 3
    # a field over the limit: the row is named, exit 2
    long = tmp_path / "long.csv"
    long.write_text("ИИН,ФИО,Период,Начислено\n" + f'{iin_for(date(1980, 1, 1))},"{"x" * 200_000}",2026-10,1\n', encoding="utf-8")
    code, _doc, err = calc(long)
    assert code == 2 and "строку 2 не удаётся прочитать: поле длиннее предела в 131072 знаков" in err


def test_write_back_to_an_unwritable_place_is_an_error_not_a_traceback(tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"Лист1": [HEADER, *people(2)]})
    proc = osms("calc", path, "--write-back", tmp_path / "no such folder" / "out.xlsx")
    assert proc.returncode == 2 and proc.stderr.startswith(_("error.prefix", message="")) and "Traceback" not in proc.stderr


# 9. Privacy: an ИИН typed into another column is not echoed.

def test_an_iin_in_the_wrong_column_is_masked_in_the_message(tmp_path):
    rows = people(1)
    stray = iin_for(date(1975, 5, 5))
    rows[0][4] = stray
    code, doc, _ = calc(write_csv(tmp_path / "wrong.csv", [[*HEADER, stray], *rows]))  # and one as a header label
    assert code == 1
    (error,) = doc["errors"]
    assert error["code"] == "category.unknown" and stray not in error["message"] and stray[-4:] in error["message"]
    (warning,) = doc["warnings"]
    assert warning["code"] == "column.unknown" and stray not in json.dumps(warning, ensure_ascii=False)
