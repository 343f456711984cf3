"""``results.json`` is written as the results come, never held: each result is in the file before
the next one is computed, and the streamed document is the one a held list would give."""

from __future__ import annotations

import io
import json
from pathlib import Path

from osms_payroll.engine.osms import Calculator
from osms_payroll.engine.tally import Tally, fan_out
from osms_payroll.intake import open_rows
from osms_payroll.intake.batch import compute, payment_kinds
from osms_payroll.issues import IssueLog
from osms_payroll.law import default_params
from osms_payroll.period import Period
from osms_payroll.report.calc import ResultsJson

SAMPLE = Path(__file__).resolve().parents[2] / "templates" / "sample" / "payroll.xlsx"
PERIOD = Period(2026, 10)


def test_each_result_is_written_when_it_arrives_and_the_document_is_the_held_one():
    params = default_params()
    calculator = Calculator(params)
    log = IssueLog()
    out = io.StringIO()
    writer = ResultsJson(out, params)
    held = []

    class Watched:
        """Between two results: the last one is in the document already."""

        def add(self, result):
            before = out.tell()
            writer.add(result)
            written = out.getvalue()[before:]
            assert json.loads(written.lstrip(",\n")) == json.loads(json.dumps(result.to_dict(citations=False)))
            held.append(result)

    rows = open_rows(SAMPLE, period=PERIOD).rows(log)
    totals = fan_out(compute(rows, calculator, default_period=PERIOD, only_period=PERIOD), [Watched()], log, payment_kinds(calculator))
    assert len(held) > 3
    writer.finish(Tally(totals, log))
    document = json.loads(out.getvalue())
    cited = {value.ref: value.to_dict() for result in held for value in result.parameters()}
    assert list(document) == ["schema", "results", "totals", "errors", "warnings", "rule_set", "parameters"]
    assert document["results"] == json.loads(json.dumps([result.to_dict(citations=False) for result in held]))
    assert document["parameters"] == json.loads(json.dumps(dict(sorted(cited.items()))))
    assert document["totals"]["persons"] == len(held)
