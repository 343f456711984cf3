"""``osms-payroll remit`` and ``osms-payroll mt102 check`` end to end on the sample files."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from osms_payroll.i18n import _, using
from osms_payroll.cli import main
from tests.conftest import mt102_fields
from tests.remit.conftest import ROOT, SAMPLE_EMPLOYER

PAYROLL = ROOT / "tests" / "data" / "sample-payroll.csv"  # the sample workbook in contract CSV form
FILES = ["osms-2026-10-knp121.mt102", "osms-2026-10-knp122.mt102", "osms-2026-10-register.xlsx", "osms-2026-10.xml"]


def _remit(*args):
    return CliRunner().invoke(main, ["remit", *map(str, args)])


def _args(out, source=PAYROLL):
    return [source, "--period", "2026-10", "--employer", SAMPLE_EMPLOYER, "--out", out,
            "--value-date", "2026-11-05", "--doc-date", "2026-11-04", "--number", "7"]


def test_remit_writes_every_file_of_the_sample(tmp_path):
    result = _remit(*_args(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == FILES
    # Sample totals, from `osms-payroll calc` on the same file: ООСМС 461 250, ВОСМС 242 300.
    assert "15 лиц  КНП 121 461\xa0250,00" in result.stdout and "16 лиц  КНП 122 242\xa0300,00" in result.stdout
    assert "открытый вопрос 1" in result.stderr
    for name in FILES[:2]:
        check = CliRunner().invoke(main, ["mt102", "check", str(tmp_path / "out" / name)])
        assert check.exit_code == 0, check.output
    fields = mt102_fields(check.stdout)
    assert fields["persons"] == "16" and fields["total"] == _("mt102.check.total_value", amount="242\u00a0300,00")


def _profile(tmp_path, old, new):
    profile = tmp_path / "employer.toml"
    profile.write_text(SAMPLE_EMPLOYER.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return profile


def _with_profile(out, profile, source=PAYROLL):
    args = _args(out, source)
    args[args.index(SAMPLE_EMPLOYER)] = profile
    return args


def test_formats_and_a_kazakh_purpose_in_kz1048_cp1251_or_transliterated(tmp_path):
    result = _remit(*_args(tmp_path / "kz"), "--formats", "mt102", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "kz").iterdir()) == FILES[:2]
    assert "/ASSIGN/МӘМС аударымдары, 2026 ж. қазан\r\n".encode("kz1048") in (tmp_path / "kz" / FILES[0]).read_bytes()
    cp1251 = _profile(tmp_path, 'encoding = "kz1048"', 'encoding = "cp1251"')
    result = _remit(*_with_profile(tmp_path / "cp", cp1251), "--formats", "mt102", "--lang", "kk")
    assert result.exit_code == 1
    with using("kk"):
        assert _("mt102.unencodable", who=_("mt102.header"), char="'Ә'", encoding="cp1251") in result.stderr
    translit = _profile(tmp_path, "transliterate = false", "transliterate = true")
    result = _remit(*_with_profile(tmp_path / "out", translit), "--formats", "mt102", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == FILES[:2]
    assert "/ASSIGN/МАМС аударымдары, 2026 ж. казан\r\n".encode("cp1251") in (tmp_path / "out" / FILES[0]).read_bytes()


def test_rejected_rows_write_nothing_unless_partial(tmp_path):
    source = tmp_path / "payroll.csv"
    text = PAYROLL.read_text(encoding="utf-8").replace("900702424711", "900702424712")
    source.write_text(text + "850314353054,Ахметов Данияр Серикович,2026-09,100000,employee,,\n", encoding="utf-8")
    result = _remit(*_args(tmp_path / "out", source))
    assert result.exit_code == 1
    assert "iin.checksum" in result.stderr and "900702424712" not in result.stderr
    assert "предупреждение: человеко-месяцев за 2026-09: 1; они не относятся к --period 2026-10" in result.stderr
    assert "файлы не записаны: отклонено строк — 1 (см. выше)" in result.stderr
    assert not any((tmp_path / "out").iterdir())
    partial = _remit(*_args(tmp_path / "out", source), "--partial")
    assert partial.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == FILES


def test_a_name_the_bank_cannot_take_fails_with_the_masked_iin(tmp_path):
    source = tmp_path / "payroll.csv"
    source.write_text(PAYROLL.read_text(encoding="utf-8").replace("Ким Сергей Владимирович", "Ким"), encoding="utf-8")
    result = _remit(*_args(tmp_path / "out", source))
    assert result.exit_code == 1
    where = _("where.column", where=_("where.row", file=str(source), row=5), column="full_name")
    said = _("remit.person", iin="********4683", message=_("screen.left_out", problem=_("name.one_word")))
    assert f"{where}: name.one_word: {said}" in result.stderr
    assert "781123364683" not in result.stderr
    assert not any((tmp_path / "out").iterdir())
    partial = _remit(*_args(tmp_path / "out", source), "--partial")  # everyone else is written
    assert partial.exit_code == 1
    assert "14 лиц  КНП 121" in partial.stdout and "15 лиц  КНП 122" in partial.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--doc-date", "2999-01-01"], "is in the future"),
        (["--value-date", "2026-09-30", "--doc-date", "2026-09-30"], "is before the period 2026-10 begins"),
        (["--number", "x1"], "digits only"),
        (["--formats", "pdf"], "choose from mt102"),
    ],
)
def test_usage_errors(tmp_path, change, message):
    result = _remit(*_args(tmp_path), *change, "--lang", "en")  # the English texts (each language: tests/core)
    assert result.exit_code == 2 and message in result.output


def test_period_is_required(tmp_path):
    result = _remit(PAYROLL, "--employer", SAMPLE_EMPLOYER, "--out", tmp_path, "--lang", "en")
    assert result.exit_code == 2 and "--period YYYY-MM is required" in result.output


def test_bad_profile_is_exit_2_with_file_and_key(tmp_path):
    profile = tmp_path / "employer.toml"
    shutil.copy(SAMPLE_EMPLOYER, profile)
    profile.write_text(profile.read_text(encoding="utf-8").replace('"17"', '"37"'), encoding="utf-8")
    result = _remit(*_args(tmp_path / "out")[:3], "--employer", profile, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{profile}: employer.kod:" in result.stderr


def test_mt102_check_reports_line_numbers(tmp_path):
    _remit(*_args(tmp_path))
    path = tmp_path / FILES[0]
    path.write_bytes(path.read_bytes().replace(b"KZT461250,00", b"KZT461250,01"))
    result = CliRunner().invoke(main, ["mt102", "check", str(path)])
    assert result.exit_code == 1
    lines = path.read_bytes().split(b"\r\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(b":32A:"))
    assert f"{path}:{number}: mt102.total:" in result.stderr
    missing = CliRunner().invoke(main, ["mt102", "check", str(tmp_path / "nope.mt102")])
    assert missing.exit_code == 2


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("bin_iin = ", "# bin_iin = "), lambda: _("profile.missing")),
        (('kod = "17"', 'kod = "31"'), lambda: _("profile.kod", value="'31'")),
        (("DEMO00001", "DEMO00002"), lambda: _("iban.checksum")),
    ],
)
def test_a_broken_employer_profile_is_refused_in_russian_through_the_console_script(tmp_path, change, said):
    from tests.core.test_languages import STOCK, _osms, _prose

    profile = tmp_path / "employer.toml"
    text = SAMPLE_EMPLOYER.read_text(encoding="utf-8")
    assert text.count(change[0]) == 1
    profile.write_text(text.replace(*change), encoding="utf-8")
    proc = _osms("--lang", "ru", "remit", *_with_profile(tmp_path / "out", profile))
    assert proc.returncode == 2, proc.stderr
    with using("ru"):
        assert said() in proc.stderr and proc.stderr.startswith(_("error.prefix", message=f"{profile}: employer."))
    assert not STOCK.search(_prose(proc.stderr)), proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
