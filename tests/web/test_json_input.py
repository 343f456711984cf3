"""``calc lines.json``: the calc contract as JSON, read exactly (no float) and checked like a CSV."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from osms_payroll.intake import InputError, open_rows

from tests.conftest import DATA
from tests.web.conftest import CLI, osms
from tests.web.test_api import sample_lines


def write(tmp_path: Path, document: object, name: str = "lines.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False) if not isinstance(document, str) else document, encoding="utf-8")
    return path


def test_json_lines_give_the_csv_numbers(tmp_path: Path) -> None:
    from_csv = json.loads(osms("calc", DATA / "sample-payroll.csv", "--format", "json").stdout)
    from_json = json.loads(osms("calc", write(tmp_path, {"lines": sample_lines()}), "--format", "json").stdout)
    assert from_json["totals"] == from_csv["totals"]
    assert [r["oosms"] for r in from_json["results"]] == [r["oosms"] for r in from_csv["results"]]


def test_amounts_are_read_as_their_decimal_text(tmp_path: Path) -> None:
    # 0.1 + 0.2 as floats is 0.30000000000000004; as text it is exact. 1000000.15 × 2 % = 20000.003 → 20000.
    body = '{"period": "2026-10", "lines": [{"iin": "850314353054", "gross": 1000000.15, "osms_excluded": false}]}'
    proc = osms("calc", write(tmp_path, body), "--format", "json")
    (result,) = json.loads(proc.stdout)["results"]
    assert result["gross"] == "1000000.15" and result["vosms_base"] == "1000000.15"


def test_bad_lines_are_rejected_alone_and_bad_documents_exit_2(tmp_path: Path) -> None:
    document = {"period": "2026-10", "lines": [{"iin": "850314353054", "gross": 500000}, {"iin": "850314353054x", "gross": [1]},
                                                {"iin": "900702424711", "gross": 100000, "bonus": 1}]}
    proc = osms("calc", write(tmp_path, document), "--format", "json")
    assert proc.returncode == 1
    body = json.loads(proc.stdout)
    assert body["totals"]["persons"] == 2
    assert {(e["row"], e["column"], e["code"]) for e in body["errors"]} >= {(2, "gross", "amount.format")}
    assert [w["code"] for w in body["warnings"]] == ["column.unknown"]
    proc = osms("calc", write(tmp_path, '{"lines": [], "period": "2026-11"}'), "--period", "2026-10")
    assert proc.returncode == 2 and "differs from --period" in proc.stderr


@pytest.mark.parametrize(("text", "words"), [
    ("{", "not valid JSON"),
    ('{"lines": 3}', '"lines" must be a list'),
    ('{"lines": [], "x": 1}', "unknown keys x"),
    ('{"lines": [NaN]}', "NaN is not a number"),
    ('{"lines": ["a"]}', "line 1 is not an object"),
    ('{"schema": 2, "lines": []}', "reads the calc contract schema 1"),
    ('{"period": "2026-13", "lines": []}', "period:"),
])
def test_a_malformed_document_is_one_input_error(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(InputError, match=re.escape(words)):
        open_rows(write(tmp_path, text), period=None)
    with pytest.raises(InputError, match="--sheet и --profile"):
        open_rows(write(tmp_path, "{}"), sheet="A")


def test_json_lines_on_standard_input(tmp_path: Path) -> None:
    document = json.dumps({"period": "2026-10", "lines": sample_lines()}, ensure_ascii=False)
    piped = subprocess.run([CLI, "calc", "-", "--format", "json"], input=document, capture_output=True, text=True,
                           check=False, env={"PATH": "/usr/bin:/bin"}, timeout=120)
    from_file = osms("calc", write(tmp_path, document), "--format", "json")
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["totals"] == json.loads(from_file.stdout)["totals"]
    assert json.loads(piped.stdout)["results"][0]["explanation"]["lines"][0]["source"] == "<stdin>, row 1"
