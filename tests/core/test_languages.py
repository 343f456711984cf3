"""Every message in the user's language: for ru, kk and en a bad ИИН, a bad amount and a missing
column are said in that language (the catalog's text), and ru/kk output has no English stock words;
a dash in an amount cell is empty (zero, with a warning); a totals row short by amounts stored as
text says so."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from osms_payroll.cli import main
from osms_payroll.i18n import _, using
from osms_payroll.intake import open_rows
from tests.conftest import iin_for
from tests.intake.builders import xlsx

GOOD = iin_for(date(1985, 3, 14))
#: A valid ИИН with its check digit changed: a typo.
TYPO = GOOD[:-1] + str((int(GOOD[-1]) + 1) % 10)
#: Words of English prose our messages used to print; none may show in Russian or Kazakh output.
STOCK = re.compile(r"\b(the|must|is|not|row|column|amount|error|enter|check|empty|persons|warning)\b")


def _calc(tmp_path, lang, body):
    path = tmp_path / "p.csv"
    path.write_text(body, encoding="utf-8")
    return CliRunner().invoke(main, ["--lang", lang, "calc", str(path), "--period", "2026-10"])


def _prose(text: str) -> str:
    """What a person reads: codes (iin.checksum), column keys and file paths taken out."""
    return re.sub(r"(/\S+|\b[a-z_]+\.[a-z_.]+\b|\b(iin|gross|net|period|category)\b)", "", text)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_bad_iin_and_bad_amount_in_the_users_language(tmp_path, lang):
    result = _calc(tmp_path, lang, f"iin,full_name,gross\n{TYPO},Ли,100000\n{GOOD},Ли,12x\n")
    assert result.exit_code == 1
    with using(lang):
        assert _("iin.checksum") in result.stderr
        assert _("amount.text", text="«12x»") in result.stderr
        assert _("where.row", file=str(tmp_path / "p.csv"), row=2) in result.stderr
    if lang != "en":
        assert not STOCK.search(_prose(result.stderr + result.stdout)), result.stderr + result.stdout


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_missing_column_in_the_users_language(tmp_path, lang):
    result = _calc(tmp_path, lang, f"iin,full_name\n{GOOD},Ли\n")
    assert result.exit_code == 2
    with using(lang):
        assert result.stderr.startswith(_("error.prefix", message=""))
        assert _("header.field.amount") in result.stderr and _("header.fix") in result.stderr
    if lang != "en":
        assert not STOCK.search(_prose(result.stderr)), result.stderr


def test_the_language_comes_from_the_locale_when_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    path = tmp_path / "p.csv"
    path.write_text(f"iin,gross\n{TYPO},1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["calc", str(path), "--period", "2026-10"])
    with using("kk"):
        assert _("iin.checksum") in result.stderr
    assert "ЖСН" in result.stdout.splitlines()[0]  # the table's header in Kazakh too


def test_a_dash_is_an_empty_amount_with_a_warning(tmp_path):
    result = _calc(tmp_path, "ru", f"iin,full_name,gross,vosms_other_income\n{GOOD},Ли,100000,—\n")
    assert result.exit_code == 0
    assert "3\u00a0000,00" in result.stdout  # ООСМС 3 % of 100 000: the dash is no income elsewhere, not a negative
    assert f"amount.dash: {_('amount.dash', column='vosms_other_income')}" in result.stderr  # the file's own header
    assert "amount.negative" not in result.stderr


def test_a_totals_row_short_by_text_amounts_says_so(tmp_path):
    # Excel's SUM over 100 000 (a number) and '50 000' (text) gives 100 000: the text is skipped.
    book = xlsx(tmp_path / "t.xlsx", {"Лист1": [
        ["ИИН", "ФИО", "Начислено"],
        [GOOD, "Ли", 100000],
        [iin_for(date(1990, 1, 1)), "Ким", "50 000"],
        ["Итого", None, 100000],
    ]})
    source = open_rows(book, period=None)
    list(source.rows)
    codes = {issue.code: issue.message for issue in source.warnings}
    assert "totals.mismatch" not in codes
    assert codes["totals.text_amounts"] == _("totals.text_amounts", stated="100000", column="Начислено", skipped="50000")


def test_an_employer_profile_chooses_the_language_of_its_files_unless_lang_is_given(tmp_path):
    from tests.run.test_nothing_lost import BIN, DATES, client, osms, rows

    folder = client(tmp_path / "in", "acme", rows(2))
    profile = folder / "employer.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace('# lang = "kk"', 'lang = "kk"'), encoding="utf-8")
    assert osms("run", folder, "--period", "2026-10", "--out", tmp_path / "kk", *DATES).returncode == 0
    book = openpyxl.load_workbook(tmp_path / "kk" / "2026-10" / BIN / "osms-2026-10-register.xlsx", read_only=True)
    with using("kk"):
        assert book.sheetnames[0] == _("sheet.summary")  # «Жиынтық»
    assert osms("--lang", "ru", "run", folder, "--period", "2026-10", "--out", tmp_path / "ru", *DATES).returncode == 0
    book = openpyxl.load_workbook(tmp_path / "ru" / "2026-10" / BIN / "osms-2026-10-register.xlsx", read_only=True)
    assert book.sheetnames[0] == "Сводка"
