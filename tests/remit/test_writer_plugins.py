"""A new bank format is one module and one entry-point line: a plugin installed beside the package
(a real distribution on sys.path, found by importlib.metadata) becomes a --formats choice and is
fed every result of the remittance with nothing else changed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from osms_payroll.remit import RemitOptions, remit
from osms_payroll.remit.files import formats, load_writers

from tests.remit.conftest import DOC_DATE, OCTOBER, VALUE_DATE

PLUGIN = '''
from pathlib import Path


class ListWriter:
    """One line per person and payment order: KNP;ИИН;amount."""

    def __init__(self, path, context):
        from osms_payroll.issues import IssueLog
        self.path = Path(path)
        self.context = context
        self.problems = IssueLog()
        self.lines = []
        self.totals = {order.knp: 0 for order in context.orders}

    def add(self, result):
        for order in self.context.orders:
            contribution = result.contributions[order.kind]
            if contribution.amount > 0:
                self.lines.append(f"{order.knp};{result.iin};{contribution.amount}")
                self.totals[order.knp] += contribution.amount

    def close(self, expected):
        from osms_payroll.remit.files import WrittenFile
        assert self.totals == dict(expected)
        self.path.write_text("\\n".join(self.lines) + "\\n", encoding="utf-8")
        return WrittenFile(self.path, "acme", len(self.lines), dict(self.totals), "", 0)

    def abort(self):
        self.path.unlink(missing_ok=True)


class AcmePlugin:
    name = "acme"
    rank = 90

    def open(self, out_dir, context, params):
        return [ListWriter(out_dir / f"acme-{context.period}.txt", context)]
'''


@pytest.fixture
def acme(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("site")
    (root / "acme_bank.py").write_text(PLUGIN, encoding="utf-8")
    info = root / "acme_bank-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-bank\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[osms_payroll.writers]\nacme = acme_bank:AcmePlugin\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    load_writers.cache_clear()
    yield
    monkeypatch.undo()
    load_writers.cache_clear()


def test_built_in_formats_come_from_the_registry():
    assert formats() == ("mt102", "xml", "xlsx")


def test_an_installed_writer_plugin_is_a_format_and_gets_every_result(acme, tmp_path, small_results, employer):
    assert formats() == ("mt102", "xml", "xlsx", "acme")
    options = RemitOptions(value_date=VALUE_DATE, doc_date=DOC_DATE, formats=("acme",))
    (written,) = remit(small_results, employer, OCTOBER, tmp_path, options)
    # tests/remit/conftest.py: ООСМС 24 000 + 102 000 + 15 300; ВОСМС 16 000 + 34 000 + 5 000 + 10 000
    assert dict(written.totals) == {"121": Decimal("141300"), "122": Decimal("65000")}
    lines = (tmp_path / "acme-2026-10.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["121;850314353054;24000", "122;850314353054;16000"]
    assert len(lines) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme-2026-10.txt"]
