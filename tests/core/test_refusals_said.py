"""A command's refusal in the user's language: what an SDK error carries as a message code (a bad
manifest, a rule set that does not cover the month, an unreachable scheduler) is said in Russian or
Kazakh, not in the English a result keeps."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from osms_payroll.cli import main
from osms_payroll.i18n import _, using
from osms_payroll.run.manifest import MANIFEST_SCHEMA
from tests.core.test_languages import STOCK, _osms, _prose
from tests.run.test_executors import bureau


def _not_ours(tmp_path: Path) -> Path:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"lists": 3}), encoding="utf-8")
    return manifest


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_penalty_and_correct_refuse_a_foreign_manifest_in_the_users_language(tmp_path, lang):
    manifest = _not_ours(tmp_path)
    penalty = _osms("--lang", lang, "penalty", manifest, "--paid", "2026-11-02")
    correct = _osms("--lang", lang, "correct", manifest, manifest, "--out", tmp_path / "out")
    with using(lang):
        said = _("error.prefix", message=_("manifest.not_ours", path=manifest, schema=MANIFEST_SCHEMA))
    for proc in (penalty, correct):
        assert proc.returncode == 2
        assert proc.stderr.strip() == said, proc.stderr
        assert not STOCK.search(_prose(proc.stderr)), proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_rates_for_a_month_before_the_data_is_refused_in_the_users_language(lang):
    proc = _osms("--lang", lang, "rates", "--period", "2010-01")
    assert proc.returncode == 2 and proc.stdout == ""
    with using(lang):
        assert proc.stderr.strip() == _("error.prefix", message=_("rates.outside", name="applied", period="2010-01", start="2017-01", end="2026-12"))
    assert "rule set" not in proc.stderr and not STOCK.search(_prose(proc.stderr)), proc.stderr


def test_a_run_that_cannot_reach_its_scheduler_says_so_in_russian(tmp_path, monkeypatch):
    from osms_payroll.run.dask_executor import DaskExecutor

    # The scheduler's wait cut from 30 s to 1 s; the command line, the run and Dask's client are real.
    monkeypatch.setattr(DaskExecutor, "__init__", functools.partialmethod(DaskExecutor.__init__, timeout=1))
    inputs = bureau(tmp_path / "in", 1)
    result = CliRunner().invoke(main, ["--lang", "ru", "run", str(inputs), "--period", "2026-10", "--out", str(tmp_path / "out"),
                                       "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("ошибка: планировщик Dask по адресу tcp://127.0.0.1:9 недоступен: "), result.stderr
    assert not list((tmp_path / "out").rglob("*.mt102"))
