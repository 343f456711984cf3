"""``osms-payroll deadlines`` through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from osms_payroll.i18n import _, using
from tests.core.test_languages import STOCK, _prose

CLI = str(Path(sys.executable).with_name("osms-payroll"))


def osms(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, check=False)


def test_table_says_why_each_date_moved():
    russian = osms("deadlines", "2025").stdout.splitlines()  # the default language: weekdays in words of it
    assert any(line.startswith("2025-03   25.04.2025  пятница") for line in russian) and russian[2].startswith("период    срок")
    proc = osms("--lang", "en", "deadlines", "2025")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # Hand-checked in test_due_dates: 25.03.2025 is a moved Наурыз day; 25.05.2025 a Sunday.
    assert any(line.startswith("2025-02   26.03.2025  Wednesday  25.03.2025 moved holiday: Nowruz Holiday (observed)") for line in lines)
    assert "2025-04   26.05.2025  Monday     25.05.2025 Sunday" in lines
    assert "2025-03   25.04.2025  Friday     -" in lines
    assert "ст. 30 п.6" in proc.stdout and "ст. 175" in proc.stdout


def test_json_lists_twelve_months_with_reasons_and_warnings():
    proc = osms("deadlines", "2026", "--payer", "self", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["payer"] == "self" and len(body["deadlines"]) == 12
    september = body["deadlines"][8]
    # 25.10.2026 is a Sunday and Republic Day, moved by art. 5 to Monday 26.10 → Tuesday 27.10.2026.
    assert (september["period"], september["due"]) == ("2026-09", "2026-10-27")
    assert [off["kind"] for off in september["moved_past"]] == ["holiday", "moved_holiday"]
    assert any("transfer_decree from 2026-01 has confidence L" in w for w in body["warnings"])


def test_a_year_past_the_data_is_refused_with_the_reason():
    proc = osms("deadlines", "2027")
    assert proc.returncode == 2
    assert "deadline.employer.day_of_month" in proc.stderr and "--reuse-last-known" in proc.stderr
    reused = osms("deadlines", "2027", "--reuse-last-known")
    # The package estimates Курбан айт 2027 (10 Зуль-хиджа 1448) on 16.05.2027.
    with using("ru"):
        estimate = _("calendar.not_covered.estimate", holiday=_("holiday.eid_al_adha"), year=2027, day="16.05.2027")
    assert reused.returncode == 0 and estimate in reused.stderr and "«Курбан айт»" in estimate
    english = osms("--lang", "en", "deadlines", "2027", "--reuse-last-known")
    assert "Eid al-Adha 2027 is not set; the holidays package's estimate 16.05.2027 is used" in english.stderr


def test_the_reasons_a_date_moved_are_in_the_users_language():
    # 25.10.2026 (Sunday) is Republic Day; art. 5 moves it to Monday 26.10 → due Tuesday 27.10.2026.
    russian = osms("deadlines", "2026").stdout.splitlines()
    assert "2026-09   27.10.2026  вторник      25.10.2026 праздник: День Республики; 26.10.2026 перенесённый праздник: " \
        "День Республики (перенесённый выходной) (Закон «О праздниках в РК», ст. 5)" in russian
    assert "2026-03   27.04.2026  понедельник  25.04.2026 суббота; 26.04.2026 воскресенье" in russian
    kazakh = osms("--lang", "kk", "deadlines", "2026")
    assert "25.10.2026 мереке: Қазақстан Республикасы күні; 26.10.2026 ауыстырылған мереке: Қазақстан Республикасы күні " \
        "(қайта белгіленген демалыс)" in kazakh.stdout
    for proc in (kazakh, osms("deadlines", "2026")):
        assert not STOCK.search(_prose(proc.stdout + proc.stderr)), proc.stdout + proc.stderr
