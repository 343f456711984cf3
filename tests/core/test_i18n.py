"""Message catalogs: every language has every message; the language is chosen as documented;
money, counts and dates are written as the user writes them."""

from __future__ import annotations

import pickle
import re
import string
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from osms_payroll import i18n
from osms_payroll.i18n import LANGS, Message, _, ngettext, say, using
from osms_payroll.law import load_params
from osms_payroll.remit.labels import KEYS
from osms_payroll.web.labels import KEYS as WEB_KEYS

PACKAGE = Path(i18n.__file__).parent


def _catalog(lang: str):
    with i18n.catalog_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def _entries(lang: str) -> dict[str, object]:
    return {message.id if isinstance(message.id, str) else message.id[0]: message for message in _catalog(lang) if message.id}


def test_every_catalog_has_every_message_translated_and_none_fuzzy():
    reference = _entries("en")
    assert len(reference) > 150
    for lang in LANGS:
        entries = _entries(lang)
        assert set(entries) == set(reference), lang
        for msgid, message in entries.items():
            assert not message.fuzzy, (lang, msgid)  # type: ignore[attr-defined]
            texts = message.string if isinstance(message.string, tuple) else (message.string,)  # type: ignore[attr-defined]
            assert all(texts), (lang, msgid)
            english = reference[msgid]
            allowed = {"count"} | _fields(english.string[-1] if isinstance(english.string, tuple) else english.string)  # type: ignore[attr-defined]
            for comment in english.auto_comments:  # type: ignore[attr-defined]
                if comment.startswith("placeholders:"):
                    allowed |= {name.strip() for name in comment.removeprefix("placeholders:").split(" — ")[0].split(",")}
            # A translation may leave out a placeholder, never invent one: nobody would fill it.
            assert all(_fields(text) <= allowed for text in texts), (lang, msgid)
            if lang != "en":
                # An English text copied over (as `pybabel update` does for a new entry) is no translation.
                copied = texts == (english.string if isinstance(english.string, tuple) else (english.string,))  # type: ignore[attr-defined]
                assert not (copied and any(re.search(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", t)) for t in texts)), (lang, msgid)


def test_every_msgid_the_code_names_is_in_the_catalogs():
    known = set(_entries("en"))
    extracted = {
        msgid if isinstance(msgid, str) else msgid[0]
        for _file, _line, msgid, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2), "Message": None},
        )
    }
    literal = {m for m in extracted if not ("{" in m)}
    assert literal and literal <= known, sorted(literal - known)
    # Codes looked up by construction: labels, months, categories, confidence levels, errors.
    from osms_payroll.ids import errors, iban
    codes = {cls.code for module in (errors, iban) for cls in vars(module).values() if isinstance(cls, type) and hasattr(cls, "code")}
    params = load_params(())
    categories = {pid.split(".", 1)[1] for pid in params.parameters if pid.startswith("category.")}
    wanted = (
        set(KEYS) | {f"web.{key}" for key in WEB_KEYS} | {f"month.{m}" for m in range(1, 13)} | {f"category.{c}" for c in categories}
        | {f"confidence.{level}" for level in "HML"} | codes
        | {f"notdue.{code}" for code in ("exempt", "category", "no_rate", "no_object", "cap_used")}
    )
    assert wanted <= known, sorted(wanted - known)


@pytest.mark.parametrize(
    ("lang", "amount", "count", "persons"),
    [
        ("ru", "1\u00a0234\u00a0567,89", "12\u00a0500", ("1 лицо", "3 лица", "11 лиц", "21 лицо")),
        ("kk", "1\u00a0234\u00a0567,89", "12\u00a0500", ("1 адам", "3 адам", "11 адам", "21 адам")),
        ("en", "1,234,567.89", "12,500", ("1 person", "3 persons", "11 persons", "21 persons")),
    ],
)
def test_numbers_as_the_user_writes_them(lang, amount, count, persons):
    assert i18n.money(Decimal("1234567.89"), lang) == amount
    assert i18n.money(Decimal("5"), lang) == ("5.00" if lang == "en" else "5,00")
    assert i18n.number(12500, lang) == count
    assert i18n.date_text(date(2026, 11, 5)) == "05.11.2026"
    assert i18n.percent(Decimal("0.015"), lang) == ("1.5%" if lang == "en" else "1,5\u00a0%")
    with using(lang):
        assert tuple(ngettext("persons.count", "persons.count_plural", n) for n in (1, 3, 11, 21)) == persons
    assert i18n.csv_delimiter(lang) == ("," if lang == "en" else ";")


def test_language_is_explicit_else_profile_else_locale_else_russian():
    assert i18n.resolve("kk", "en", {"LANG": "en_US.UTF-8"}) == "kk"
    assert i18n.resolve(None, "en", {"LANG": "kk_KZ.UTF-8"}) == "en"
    assert i18n.resolve(None, None, {"LANG": "kk_KZ.UTF-8"}) == "kk"
    assert i18n.resolve(None, None, {"LC_ALL": "en_GB.UTF-8", "LANG": "kk_KZ"}) == "en"
    assert i18n.resolve(None, None, {"LANG": "de_DE.UTF-8"}) == "ru"
    assert i18n.resolve(None, None, {}) == "ru"
    with pytest.raises(ValueError, match="choose from ru, kk, en"):
        i18n.resolve("de")


def test_a_message_is_english_text_said_in_the_users_language():
    warning = Message("warning.open_question", number=6, text="The 2026 payment channel")
    assert warning == "open question 6: The 2026 payment channel"  # the stable form results keep
    with using("ru"):
        assert say(warning) == "открытый вопрос 6: The 2026 payment channel"
    with using("kk"):
        assert say(warning) == "ашық сұрақ 6: The 2026 payment channel"
    assert say("plain") == "plain"
    again = pickle.loads(pickle.dumps(warning))  # results cross process boundaries in bulk runs
    assert again == warning and again.code == warning.code and again.params == warning.params


def test_using_restores_the_language_before_it():
    assert i18n.current() == "ru"
    with using("kk"):
        with using("en"):
            assert _("col.iin") == "IIN"
        assert _("col.iin") == "ЖСН"
    assert _("col.iin") == "ИИН"
    assert re.fullmatch(r"ИИН .+", _("iin.length"))


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False), st.sampled_from(LANGS))
def test_money_is_babels_pattern_with_two_decimals(amount, lang):
    # money() formats by Decimal for speed; it must give Babel's own #,##0.00 text.
    assert i18n.money(amount, lang) == format_decimal(amount, format="#,##0.00", locale=lang, decimal_quantization=True)


@given(st.integers(min_value=-10**15, max_value=10**15), st.sampled_from(LANGS))
def test_a_count_is_babels_own_text(count, lang):
    # number() formats by Python for speed; it must give Babel's format_decimal text.
    assert i18n.number(count, lang) == format_decimal(count, locale=lang)
