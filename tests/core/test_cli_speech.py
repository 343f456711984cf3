"""The command line speaks the user's language to its last word: ``--help`` from our catalogs, and
click's own words (usage errors, "Usage:", "Options:") from the ``click`` catalog, which holds
every word the installed click can say there; a penalty's reason writes money as the user does."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_file

from osms_payroll import i18n
from osms_payroll.cli import main
from osms_payroll.cli.speech import (
    CLICK_MODULES,
    Option,
    click_gettext,
    click_ngettext,
    lang_from_argv,
)
from osms_payroll.i18n import _, using
from tests.core.test_languages import STOCK, _prose

CLI = str(Path(sys.executable).with_name("osms-payroll"))


def _osms(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"})


def _flat(text: str) -> str:
    """Text as click wraps it, whitespace made single spaces."""
    return " ".join(text.split())


def _click_catalog(lang: str):
    from babel.messages.pofile import read_po

    with i18n.catalog_path(lang, i18n.CLICK_DOMAIN).open("rb") as handle:
        return {m.id: m for m in read_po(handle, locale=lang) if m.id}


def _click_msgids() -> set[str | tuple[str, str]]:
    """Every msgid the installed click passes to gettext in the modules a user meets (its sources)."""
    found: set[str | tuple[str, str]] = {"required"}  # Option.get_help_record: _(extra["required"]), extra["required"] = "required"
    for module in CLICK_MODULES:
        assert module.__file__ is not None
        for _line, msgid, _comments, _context in extract_from_file("python", module.__file__, keywords={"_": None, "ngettext": (1, 2)}):
            found.add(msgid if isinstance(msgid, str) else tuple(msgid))
    return found


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_run_help_in_the_users_language(lang, where):
    args = ["--lang", lang, "run", "--help"] if where == "before" else ["run", "--help", "--lang", lang]
    proc = _osms(*args)
    assert proc.returncode == 0, proc.stderr
    shown = _flat(proc.stdout)
    with using(lang):
        assert proc.stdout.startswith(f"{click_gettext('Usage:')} osms-payroll run {_('help.metavar.options')} INPUT...")
        for code in ("help.run", "help.run.out", "help.run.jobs", "help.opt.period", "help.opt.lang"):
            assert _flat(_(code)) in shown, code
        assert f"\n{click_gettext('Options')}:\n" in proc.stdout
        assert f"[{click_gettext('required')}]" in shown  # --out
        assert _flat(click_gettext("Show this message and exit.")) in shown
    if lang != "en":
        assert not STOCK.search(_prose(proc.stdout)), proc.stdout
        assert "Usage" not in proc.stdout and "Options" not in proc.stdout


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_usage_errors_are_fully_translated(lang):
    unknown = _osms("--lang", lang, "run", "--bogus")
    period = _osms("run", ".", "--out", "out", "--period", "2026-13", "--lang", lang)
    with using(lang):
        usage = f"{click_gettext('Usage:')} osms-payroll run {_('help.metavar.options')} INPUT..."
        hint = click_gettext("Try '{command} {option}' for help.").format(command="osms-payroll run", option="--help")
        error = click_gettext("Error: {message}")
        maybe = click_ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 2)
        no_such = click_gettext("No such option {name!r}.").format(name="--bogus") + " " + maybe.format(possibilities="'--jobs', '--out'")
        bad = click_gettext("Invalid value for {param_hint}: {message}").format(param_hint="'--period'", message=_("period.format", text="2026-13"))
        assert unknown.returncode == 2
        assert unknown.stderr.splitlines() == [usage, hint, "", error.format(message=no_such)]
        assert period.returncode == 2
        assert period.stderr.splitlines() == [usage, hint, "", error.format(message=bad)]
    for proc in (unknown, period):
        assert not STOCK.search(_prose(proc.stderr)), proc.stderr
        assert not re.search(r"\b(Usage|Error|Try|Invalid|such|option|value|month)\b", proc.stderr), proc.stderr


def test_the_language_comes_from_the_command_line_before_click_parses_it():
    assert lang_from_argv(["--lang", "kk", "run", "--help"]) == "kk"
    assert lang_from_argv(["--lang", "kk", "run", "--lang=en"]) == "en"  # the command's own --lang is the later
    assert lang_from_argv(["run", "--lang", "de"]) == i18n.resolve()  # not a language of ours: the default
    assert lang_from_argv(["run", "--", "--lang", "kk"]) == i18n.resolve()  # after --, an argument


def test_the_click_catalog_has_every_word_the_installed_click_says():
    wanted = _click_msgids()
    english = _click_catalog("en")
    assert set(english) == wanted, (sorted(map(str, wanted - set(english))), sorted(map(str, set(english) - wanted)))
    for lang in i18n.LANGS:
        catalog = _click_catalog(lang)
        assert set(catalog) == wanted, lang
        for msgid, message in catalog.items():
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            forms = msgid if isinstance(msgid, tuple) else (msgid,)
            assert all(texts) and not message.fuzzy, (lang, msgid)
            allowed = {name for form in forms for _lit, name, _spec, _conv in string.Formatter().parse(form) if name}
            assert all({n for _l, n, _s, _c in string.Formatter().parse(t) if n} <= allowed for t in texts), (lang, msgid)
            if lang != "en":
                assert not any(re.search(r"\b(?!UUID)[A-Za-z]{3,}\b", re.sub(r"\{\w+(![rs])?\}|%\(\w+\)s", "", t)) for t in texts), (lang, msgid)


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


def test_every_help_of_every_command_and_option_is_a_catalog_code():
    from tests.core.test_i18n import _entries

    known = set(_entries("en"))
    for path, command in _commands(main):
        assert command._help_code in known, path  # type: ignore[attr-defined]
        for param in command.params:
            if isinstance(param, click.Option):
                assert isinstance(param, Option), (path, param.name)
                assert param._help_code in known, (path, param.name)


def test_a_penalty_reason_writes_its_amounts_as_money():
    proc = _osms("--lang", "ru", "penalty", "--kind", "oosms", "--amount", "15000000", "--period", "2023-08", "--paid", "2023-10-16")
    assert proc.returncode == 0, proc.stderr
    # 15 000 000 × 1,25 × (13 days × 16,5 % + 8 days × 16 %) / 365 = 175 941,78…, rounded to whole tenge.
    assert "175\u00a0941,78 округлено до 175\u00a0942,00" in proc.stdout
