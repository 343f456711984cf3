"""The published JSON Schemas: shipped, printed by ``osms-payroll schema``, and met by every JSON we write."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from osms_payroll.report.contract_schema import schema
from tests.conftest import DATA
from tests.web.conftest import Api, osms, sample_upload
from tests.web.test_api import sample_lines


def validator(name: str) -> jsonschema.Draft202012Validator:
    document = schema(name)
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def errors(name: str, instance: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(instance)]


@pytest.mark.parametrize("name", ["calc", "results"])
def test_the_schema_command_prints_the_shipped_file(name: str) -> None:
    proc = osms("schema", name)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == schema(name)
    assert schema(name)["$id"] == f"urn:osms-payroll:schema:{name}:1"


def test_the_cli_json_meets_the_results_schema(tmp_path: Path) -> None:
    # The golden cases (every category, warnings), a payslip, and a sheet with its own ООСМС/ВОСМС:
    # our ВОСМС is 800 000 × 2 % = 16 000, the sheet says 15 000.
    own = tmp_path / "own.csv"
    own.write_text("iin,period,gross,oosms,vosms\n850314353054,2026-10,800000,24000,15000\n", encoding="utf-8")
    for source, flags in ((DATA / "osms-cases.csv", ()), (DATA / "sample-payroll.csv", ("--payslip",)), (own, ())):
        document = json.loads(osms("calc", source, "--format", "json", *flags).stdout)
        assert errors("results", document) == [], source
    assert [d["difference"] for d in document["reconciliation"]] == ["-1000"]


def test_run_results_json_and_the_api_meet_the_schema(api: Api) -> None:
    golden = Path(__file__).parents[1] / "golden_output" / "sample-2026-10" / "results.json"
    assert errors("results", json.loads(golden.read_text(encoding="utf-8"))) == []
    lines = sample_lines()
    lines[0] = {**lines[0], "iin": "850314353055"}
    document = {"period": "2026-10", "lines": lines}
    assert errors("calc", document) == []
    # A line the schema refuses (three decimals) is still answered: rejected alone, located.
    lines.append({"iin": "850314353054", "period": "2026-10", "gross": "12.345"})
    assert [e.split(":")[0] for e in errors("calc", document)] == [f"['lines', {len(lines) - 1}, 'gross']"]
    calc = json.loads(api.post_json("/api/v1/calc", document).data)
    # Ахметов's other lines wait with his bad one: a person-month is never computed from part of its lines.
    assert sorted(e["code"] for e in calc["errors"]) == ["amount.precision", "iin.checksum", "person_month.incomplete"]
    assert errors("results", calc) == []
    payslip = json.loads(api.post_json("/api/v1/payslip", document).data)
    assert errors("results", payslip) == []
    grossup = json.loads(api.post_json("/api/v1/gross-up", {"lines": [{"iin": "850314353054", "period": "2025-11", "net": 401505}]}).data)
    assert errors("results", grossup) == []
    assert api.get("/api/v1/schema/results").data == (Path(__file__).parents[2] / "osms_payroll" / "report" / "schema" / "results-1.json").read_bytes()
    assert api.get("/api/v1/schema/nothing").status == 404
    openapi = json.loads(api.get("/openapi.json").data)
    component = json.dumps(openapi["components"]["schemas"]["Results"], ensure_ascii=False)
    published = {k: v for k, v in schema("results").items() if k not in ("$id", "$schema")}
    assert json.loads(component.replace("#/components/schemas/Results/$defs/", "#/$defs/")) == published
    # Every reference of the OpenAPI document resolves inside it.
    for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(openapi))):
        node: Any = openapi
        for part in ref.split("/"):
            node = node[part]
    assert api.post_form("/api/v1/files", sample_upload()).status == 200


def test_the_schema_catches_what_is_not_the_contract() -> None:
    # The schema is not a tautology: a float amount string, a missing total, a bad code are caught.
    golden = json.loads((Path(__file__).parents[1] / "golden_output" / "sample-2026-10" / "results.json").read_text(encoding="utf-8"))
    golden["results"][0]["oosms"] = "24000.000"
    del golden["totals"]["persons"]
    golden["errors"] = [{"file": None, "sheet": None, "row": 0, "column": None, "cell": None, "code": "Bad", "message": "x"}]
    found = errors("results", golden)
    assert len(found) == 4, found
    assert errors("calc", {"lines": [{"gross": -1}]}) != []
