"""Every message in the user's language: for ru, kk and en a bad ИИН, a bad amount and a missing
column are said in that language (the catalog's text), and ru/kk output has no English stock words;
a dash in an amount cell is empty (zero, with a warning); a totals row short by amounts stored as
text says so."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from osms_payroll.cli import main
from osms_payroll.i18n import _, money, ngettext, using
from osms_payroll.intake import open_rows
from osms_payroll.issues import IssueLog
from tests.conftest import iin_for
from tests.intake.builders import xlsx

ROOT = Path(__file__).parents[2]
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
    log = IssueLog()
    list(source.rows(log))
    codes = {issue.code: issue.message for issue in log.warnings()}
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


def _osms(*args, cwd=None):
    import subprocess
    import sys
    from pathlib import Path

    cli = str(Path(sys.executable).with_name("osms-payroll"))
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_mt102_check_in_the_users_language(lang):
    from tests.conftest import DATA, mt102_fields

    proc = _osms("--lang", lang, "mt102", "check", "--encoding", "kz1048", DATA / "mt102" / "bank-kz1048-crlf.mt102")
    assert proc.returncode == 0, proc.stderr
    fields = mt102_fields(proc.stdout, lang)  # every label is the catalog's
    with using(lang):
        # The bank list's :32A: total 65000,00 and /DATE/261104, :32A: value date 261105.
        assert fields["total"] == _("mt102.check.total_value", amount=money(Decimal("65000")))
        assert fields["order"] == _("mt102.check.order_value", number="15", date="04.11.2026", value_date="05.11.2026")
        assert _("warning.prefix", message="mt102.value_date") in proc.stderr
    if lang != "en":
        assert not STOCK.search(_prose(proc.stdout)), proc.stdout
    missing = _osms("--lang", lang, "mt102", "check", DATA / "mt102" / "absent.mt102")
    assert missing.returncode == 2
    with using(lang):
        assert missing.stderr.startswith(_("error.prefix", message=_("mt102.check.unreadable", file=DATA / "mt102" / "absent.mt102", reason="")).removesuffix("()"))


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_rules_new_year_and_check_in_the_users_language(tmp_path, lang):
    written = _osms("--lang", lang, "rules", "new-year", "2027", "--mzp", "90000", "--mrp", "4500", "--source", "Закон", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    checked = _osms("--lang", lang, "rules", "check", "rules-2027.toml", cwd=tmp_path)
    again = _osms("--lang", lang, "rules", "new-year", "2027", "--mzp", "1", "--mrp", "1", "--source", "Закон", cwd=tmp_path)
    with using(lang):
        assert written.stdout.strip() == _(
            "rules.written", file="rules-2027.toml", mzp=money(Decimal(90000)), mrp=money(Decimal(4500)), start="2027-01", confidence="M"
        )
        assert checked.stdout.splitlines()[:2] == [
            ngettext("rules.valid", "rules.valid_plural", 2, file="rules-2027.toml"),
            "  mzp: " + _("rules.change.reviewed", what=_("rules.change.adds"), before="2026-12", after="2027-12"),
        ]
        assert again.returncode == 2 and _("rules.exists", file="rules-2027.toml") in again.stderr
    if lang != "en":
        assert not STOCK.search(_prose(written.stdout + checked.stdout)), written.stdout + checked.stdout


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_penalty_in_the_users_language(lang):
    proc = _osms("--lang", lang, "penalty", "--kind", "oosms", "--amount", "15000", "--period", "2023-08", "--paid", "2023-10-16")
    assert proc.returncode == 0, proc.stderr
    with using(lang):
        # osms-rules §7a: 13 days at 16.5 % + 8 days at 16.0 % → 175.94 → 176.
        assert _("penalty.title", kind="ООСМС (отчисления)", period="2023-08", amount=money(Decimal(15000)), knp=_("penalty.knp", knp="123")) in proc.stdout
        assert _("penalty.dates", due="25.09.2023", moved="", paid="16.10.2023") in proc.stdout
        assert f"{money(Decimal('110.19')):>12}" in proc.stdout and f"{money(Decimal('175.94')):>12}" in proc.stdout
        assert _("penalty.result", amount=money(Decimal(176)), reason="") in proc.stdout
        assert _("penalty.law") in proc.stdout and _("penalty.rates") in proc.stdout
        usage = _osms("--lang", lang, "penalty", "--kind", "oosms", "--paid", "2023-10-16")
        assert usage.returncode == 2 and _("penalty.give_inputs") in usage.stderr
    if lang != "en":
        table = "\n".join(line for line in proc.stdout.splitlines() if not line.startswith("  "))  # citations are the sources' own words
        assert not STOCK.search(_prose(table)), table


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_reuse_last_known_warnings_in_the_users_language(lang):
    # Past the base rate data (through 2026-06 here): the penalty says, in the user's language, which rate it reused.
    proc = _osms("--lang", lang, "penalty", "--kind", "oosms", "--amount", "1000", "--period", "2026-09", "--paid", "2026-11-02", "--reuse-last-known")
    assert proc.returncode == 0, proc.stderr
    from osms_payroll import default_params
    from osms_payroll.i18n import date_text

    last = default_params().parameters["nbk.base_rate"].values[-1]
    assert last.last_day is not None
    with using(lang):
        said = _("penalty.base_rate_reused", known=date_text(last.last_day), rate=last.decimal, ref=last.ref)
        assert _("warning.prefix", message=said) in proc.stderr.splitlines()
    assert not STOCK.search(_prose(said.removeprefix("nbk.base_rate.reused:"))), said


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_validate_remit_and_verify_summaries_in_the_users_language(tmp_path, lang):
    payroll = ROOT / "tests" / "data" / "sample-payroll.csv"
    employer = ROOT / "templates" / "sample" / "employer.toml"
    with using(lang):
        checked = _osms("--lang", lang, "validate", payroll, "--period", "2026-10")
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout.splitlines()[-1].endswith(_("validate.summary", computed=24, rejected=0, warnings=0))
        remitted = _osms("--lang", lang, "remit", payroll, "--period", "2026-10", "--employer", employer,
                         "--out", tmp_path / "out", "--value-date", "2026-11-05", "--doc-date", "2026-11-04")
        assert remitted.returncode == 0, remitted.stderr
        # The sample's ООСМС (KNP 121) is 461 250 for 15 persons (the README's main job).
        line = ngettext("persons.count", "persons.count_plural", 15) + "  " + _("remit.knp_total", knp="121", total=money(Decimal("461250")))
        assert line in remitted.stdout, remitted.stdout
        damaged = tmp_path / "manifest.json"
        damaged.write_text("{}", encoding="utf-8")
        verified = _osms("--lang", lang, "verify", damaged)
        assert verified.returncode == 2
        assert verified.stderr.strip() == _("error.prefix", message=_("manifest.not_ours", path=damaged, schema=1))
    if lang != "en":
        assert not STOCK.search(_prose(checked.stdout + remitted.stdout + verified.stderr)), remitted.stdout


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_mt102_check_problems_in_the_users_language(lang):
    from tests.conftest import DATA

    proc = _osms("--lang", lang, "mt102", "check", DATA / "mt102" / "broken.mt102")
    assert proc.returncode == 1
    with using(lang):
        # tests/data/mt102/broken.mt102, one broken rule per line (tests/remit/test_mt102_check.py).
        expected = {
            5: ("mt102.chief", _("mt102.person.missing", key="CHIEF", who=_("mt102.what.head"), none="НЕ ПРЕДУСМОТРЕНО")),
            13: ("mt102.beneficiary", _("mt102.beneficiary", knp="121", iban="KZ92009MEDS368609103", bin="160440007161",
                                        found_iban="KZ32009NPS0000000001", found_bin="160440007161")),
            24: ("mt102.assign", _("mt102.assign.width", width=82, most=70)),
            28: ("mt102.name_chars", _("mt102.name_chars", kind=_("mt102.kind.other"), char="'(' (LEFT PARENTHESIS)", position=8,
                                       what=_("mt102.what.person_name", number=1, key="FM", part=_("mt102.part.surname")))),
            31: ("mt102.dt", _("mt102.dt.format", value="'850314'")),
            33: ("mt102.period", _("mt102.period", value="'2026-10'")),
        }
        warning = _("warning.prefix", message="mt102.name_long: " + _("mt102.name_long", length=59, most=60, strictest=54))
    lines = proc.stderr.splitlines()
    for line, (code, message) in expected.items():
        assert any(text.endswith(f"broken.mt102:{line}: {code}: {message}") for text in lines), (line, proc.stderr)
    assert any(text.endswith(f"broken.mt102:14: {warning}") for text in lines), proc.stderr
    if lang != "en":
        assert not STOCK.search(_prose(proc.stderr)), proc.stderr
