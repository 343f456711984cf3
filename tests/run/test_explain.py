"""``osms-payroll explain``: one person's full explanation, ИИН masked."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from osms_payroll.cli import main
from osms_payroll.i18n import _
from tests.conftest import iin_for

A = iin_for(date(1984, 9, 9), male=False)
B = iin_for(date(1961, 2, 2))


def test_explains_caps_rates_and_citations(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "iin,full_name,period,gross,category,vosms_other_income\n"
        f"{A},Ли Наталья,2026-10,510000,employee,1200000\n{B},Дюсенов Б.,2026-10,100000,pensioner,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["explain", str(path), "--iin", A])
    assert result.exit_code == 0
    out = result.stdout
    assert A not in out and f"********{A[-4:]}" in out and "Ли Наталья" not in out
    # ВОСМС: cap 20 × 85 000 = 1 700 000, 1 200 000 declared elsewhere → 500 000 × 2 % = 10 000
    # Russian by default: money with digit groups and a decimal comma, the rate in per cent.
    assert _("explain.cap", cap="1\u00a0700\u00a0000,00", available="500\u00a0000,00") in out
    assert _("explain.base", base="500\u00a0000,00", rate="2\u00a0%", amount="10\u00a0000,00") in out
    assert "vosms.base_cap_mzp@2026-01 = 20 МЗП [H]" in out
    exempt = CliRunner().invoke(main, ["explain", str(path), "--iin", B]).stdout
    assert "категория: Пенсионер · освобождение: Пенсионер" in exempt
    assert "не начисляется: Пенсионер — освобождение (Закон № 405-V" in exempt
    english = CliRunner().invoke(main, ["--lang", "en", "explain", str(path), "--iin", A]).stdout
    assert "cap: 1,700,000.00; available after other employers: 500,000.00" in english
    assert "base: 500,000.00 × rate 2% = 10,000.00 (rounded)" in english


def test_unknown_person_and_bad_iin(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(f"iin,period,gross\n{A},2026-10,1\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["explain", str(path), "--iin", B]).exit_code == 1
    assert CliRunner().invoke(main, ["explain", str(path), "--iin", "123"]).exit_code == 2
