"""``osms-payroll penalty`` through the installed console script, by amount and from a run's manifest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from osms_payroll.i18n import _, using

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).with_name("osms-payroll"))


def osms(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False)


def test_table_lists_segments_citations_and_warnings():
    proc = osms("penalty", "--kind", "oosms", "--amount", "15000", "--period", "2023-08", "--paid", "2023-10-16")
    assert proc.returncode == 0, proc.stderr
    # osms-rules §7a: 13 days at 16.5 % + 8 days at 16.0 % → 175.94 → 176.
    assert "26.09.2023  08.10.2023     13     16,50   1,25     365        110,19" in proc.stdout
    assert "09.10.2023  16.10.2023      8     16,00   1,25     365         65,75" in proc.stdout
    assert _("penalty.result", amount="176,00", reason="") in proc.stdout
    assert _("penalty.knp", knp="123") in proc.stdout and "ст. 31 п.1" in proc.stdout
    assert _("warning.prefix", message=_("warning.open_question", number=2, text="")) in proc.stderr


def test_json_and_a_voluntary_payer():
    proc = osms("penalty", "--kind", "vosms", "--amount", "10000", "--period", "2023-05", "--paid", "2023-07-10", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (item,) = json.loads(proc.stdout)["penalties"]
    assert (item["due"], item["days"], item["unrounded"], item["penalty"], item["knp"]) == ("2023-06-26", 14, "80.31", "80", "124")
    assert item["due_moved_past"][0]["reason"] == "Sunday"
    free = osms("penalty", "--kind", "vosms", "--amount", "5950", "--period", "2026-03", "--paid", "2026-06-01", "--payer", "voluntary")
    assert free.returncode == 0 and _("penalty.result", amount="0,00", reason="") in free.stdout
    assert _("penalty.reason.not_charged", payer="voluntary") in free.stdout  # «ст. 31 п.8»
    as_json = osms("penalty", "--kind", "vosms", "--amount", "5950", "--period", "2026-03", "--paid", "2026-06-01", "--payer", "voluntary", "--format", "json")
    assert "art. 31 p.8" in json.loads(as_json.stdout)["penalties"][0]["reason"]  # JSON keeps the English text


def test_usage_errors_exit_2_with_a_message():
    assert _("penalty.give_inputs") in osms("penalty", "--kind", "oosms", "--paid", "2023-10-16").stderr
    bad_date = osms("penalty", "--kind", "oosms", "--amount", "1", "--period", "2023-08", "--paid", "16.10.2023")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    bad_amount = osms("penalty", "--kind", "oosms", "--amount", "-5", "--period", "2023-08", "--paid", "2023-10-16")
    assert bad_amount.returncode == 2 and _("amount.negative") in bad_amount.stderr
    past = osms("penalty", "--kind", "oosms", "--amount", "1000", "--period", "2026-09", "--paid", "2026-11-02")
    assert past.returncode == 2 and f"nbk.base_rate {_('params.when.day', day='28.10.2026')}" in past.stderr and "Traceback" not in past.stderr


def test_both_totals_from_a_runs_manifest(tmp_path):
    out = tmp_path / "out"
    run = osms("run", ROOT / "templates" / "sample", "--period", "2026-10", "--out", out, "--value-date", "2026-11-20", "--doc-date", "2026-11-20")
    assert run.returncode == 0, run.stderr
    manifest = out / "2026-10" / "150340012340" / "manifest.json"
    totals = json.loads(manifest.read_text(encoding="utf-8"))["totals"]
    assert totals == {"oosms": "461250", "vosms": "242300"}
    proc = osms("penalty", manifest, "--paid", "2026-12-02", "--reuse-last-known", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    oosms, vosms = json.loads(proc.stdout)["penalties"]
    # Due Wednesday 25.11.2026, paid 02.12.2026: 7 days at the last known 17 % (reused, L):
    # 461 250 × 1.25 × 0.17 × 7 / 365 = 1 879.75 → 1 880; 242 300 × … = 987.46 → 987.
    assert (oosms["kind"], oosms["amount"], oosms["penalty"], oosms["knp"]) == ("oosms", "461250", "1880", "123")
    assert (vosms["kind"], vosms["amount"], vosms["penalty"], vosms["knp"]) == ("vosms", "242300", "987", "124")
    assert osms("penalty", manifest, "--paid", "2026-12-02", "--kind", "oosms").returncode == 2
    broken = tmp_path / "manifest.json"
    broken.write_text("{}", encoding="utf-8")
    with using("ru"):  # said in the user's language (Russian when none is given)
        assert _("manifest.not_ours", path=broken, schema=1) in osms("penalty", broken, "--paid", "2026-12-02").stderr
