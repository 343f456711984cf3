"""``calc lines.json``: the calc contract as JSON, read exactly (no float) and checked like a CSV."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from osms_payroll.i18n import _, using
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
    with using("ru"):
        assert proc.returncode == 2 and _("json.period_differs", file=CUT, own="2026-11", period="2026-10").split(CUT)[1] in proc.stderr


CUT = "\0"  # a part of the text the test does not fix (a path, a parser's words)


@pytest.mark.parametrize(("text", "code", "params"), [
    ("{", "json.invalid", {"line": 1, "column": 2, "reason": CUT}),
    ('{"lines": 3}', "json.lines_not_list", {}),
    ('{"lines": [], "x": 1}', "json.unknown_keys", {"keys": "x", "allowed": "schema, period, lines"}),
    ('{"lines": [NaN]}', "json.not_number", {"name": "NaN"}),
    ('{"lines": ["a"]}', "json.line_not_object", {"line": 1, "columns": CUT}),
    ('{"schema": 2, "lines": []}', "json.schema", {"schema": "'2'", "ours": 1}),
    ('{"period": "2026-13", "lines": []}', "period.bad_month", {"month": 13}),
])
def test_a_malformed_document_is_one_input_error(tmp_path: Path, text: str, code: str, params: dict[str, object]) -> None:
    with using("ru"):
        words = max(_(code, **({"file": CUT} if code != "json.not_number" and code != "period.bad_month" else {}), **params).split(CUT), key=len)
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
