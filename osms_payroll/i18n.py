"""The user's language: message catalogs, and money, numbers and dates as the user writes them.

Every human word lives in a gettext catalog per language (``locale/<lang>/LC_MESSAGES/
osms_payroll.po``), shipped in the package and compiled in memory by Babel when first used, so a
fresh checkout, an editable install and a wheel all read the same source. A msgid is a stable
message code (``iin.checksum``, ``col.amount``), never prose: the English text is the ``en``
catalog's, so rewording it never invalidates a translation, and issue codes stay what they are.

The language is a context (:func:`using`, :func:`set_lang`), chosen by :func:`resolve`: an
explicit ``--lang``, else the employer profile's, else the locale (``LC_ALL``/``LC_MESSAGES``/
``LANG``), else Russian.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol, get_group_symbol

LANGS = ("ru", "kk", "en")
DEFAULT_LANG = "ru"
DOMAIN = "osms_payroll"
#: The catalog of click's own words (usage errors, "Usage:", "Options:"), by click's English msgids.
CLICK_DOMAIN = "click"
#: Dates as Kazakh paperwork writes them, in every language: 05.11.2026.
DATE_FORMAT = "%d.%m.%Y"

_lang: ContextVar[str] = ContextVar("osms_payroll_lang", default=DEFAULT_LANG)


def check_lang(lang: str) -> str:
    """``lang`` if we have its catalog; ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(Message("lang.unknown", lang=repr(lang), choices=", ".join(LANGS)))
    return lang


def current() -> str:
    """The language of this context."""
    return _lang.get()


def set_lang(lang: str) -> Token[str]:
    """Make ``lang`` the language of this context (the CLI does it once per command)."""
    return _lang.set(check_lang(lang))


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Speak ``lang`` inside the block, then return to the language before it."""
    token = set_lang(lang)
    try:
        yield lang
    finally:
        _lang.reset(token)


def from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the POSIX locale (``kk_KZ.UTF-8`` → ``kk``) when it is one of ours."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            code = value.split(".", 1)[0].split("_", 1)[0].split("@", 1)[0].lower()
            return code if code in LANGS else None
    return None


def resolve(explicit: str | None = None, profile: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: explicit, else the employer profile's, else the locale's, else Russian."""
    for candidate in (explicit, profile):
        if candidate:
            return check_lang(candidate)
    return from_locale(environ) or DEFAULT_LANG


def catalog_path(lang: str, domain: str = DOMAIN) -> resources.abc.Traversable:
    """The shipped ``.po`` source of ``lang`` (ours, or click's words with ``CLICK_DOMAIN``)."""
    return resources.files("osms_payroll").joinpath("locale", check_lang(lang), "LC_MESSAGES", f"{domain}.po")


@lru_cache(maxsize=None)
def translations(lang: str, domain: str = DOMAIN) -> gettext.GNUTranslations:
    """``lang``'s catalog of ``domain`` compiled in memory (fuzzy entries left out, as msgfmt does)."""
    with catalog_path(lang, domain).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(msgid: str, /, **params: object) -> str:
    """The text of ``msgid`` in the current language, its ``{placeholders}`` filled from ``params``."""
    text = translations(current()).gettext(msgid)
    return text.format(**params) if params else text


def ngettext(msgid: str, msgid_plural: str, count: int, /, **params: object) -> str:
    """The plural form of ``msgid`` for ``count`` in the current language; ``{count}`` is filled too."""
    text = translations(current()).ngettext(msgid, msgid_plural, count)
    return text.format(count=number(count), **params)


class Message(str):
    """A message that is English text (the stable form results keep, e.g. a result's warnings in
    ``results.json``) and remembers its code and parameters, so a report says it in the user's
    language with :func:`say`. Equal messages are equal strings: a run counts them by text."""

    code: str
    params: Mapping[str, object]

    def __new__(cls, code: str, /, **params: object) -> Message:
        with using("en"):
            text = _(code, **{key: say(value) for key, value in params.items()})
        self = super().__new__(cls, text)
        self.code = code
        self.params = params
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (_message, (self.code, dict(self.params)))


def _message(code: str, params: dict[str, object]) -> Message:
    return Message(code, **params)


class Amount(Decimal):
    """Tenge inside a :class:`Message` (a penalty's reason): said as :func:`money` in the
    language the message is said in, ``1 234,56`` in Russian, ``1,234.56`` in English."""


def say(text: object) -> object:
    """``text`` in the current language when it is a :class:`Message` (its :class:`Amount` as money);
    anything else as it is."""
    if isinstance(text, Message):
        return _(text.code, **{key: say(value) for key, value in text.params.items()})
    if isinstance(text, Amount):
        return money(text)
    return text


def said(error: BaseException) -> str:
    """An exception's text in the current language: its :class:`Message` said (see :func:`say`),
    or its text as it is."""
    return str(say(error.args[0])) if len(error.args) == 1 else str(error)


@lru_cache(maxsize=None)
def _number_signs(lang: str) -> dict[int, str]:
    """The language's digit-group and decimal signs (CLDR, by Babel) as a translation table."""
    return {ord(","): get_group_symbol(lang), ord("."): get_decimal_symbol(lang)}


def money(amount: Decimal, lang: str | None = None) -> str:
    """Tenge as the user writes them: ``1 234 567,89`` (ru, kk), ``1,234,567.89`` (en).

    Babel's pattern ``#,##0.00`` with the language's signs, done by Decimal's own formatting
    (a table prints five amounts a row: ten times faster than ``format_decimal``, the same text).
    """
    return format(amount, ",.2f").translate(_number_signs(lang or current()))


def number(count: int, lang: str | None = None) -> str:
    """A count with digit groups: ``12 500`` (ru, kk), ``12,500`` (en): Babel's ``#,##0`` with the
    language's group sign, done as :func:`money` does it (a register says a dozen counts)."""
    return format(count, ",d").translate(_number_signs(lang or current()))


def decimal_text(value: Decimal, lang: str | None = None) -> str:
    """An exact decimal (a rate, a share) with the language's decimal sign and no rounding."""
    text = format(value, "f")
    return text.replace(".", ",") if (lang or current()) != "en" else text


def date_text(day: date) -> str:
    """A date as Kazakh paperwork writes it: ``05.11.2026``."""
    return day.strftime(DATE_FORMAT)


def csv_delimiter(lang: str | None = None) -> str:
    """Excel's list separator for the language's region: ``;`` where the decimal sign is a comma."""
    return "," if (lang or current()) == "en" else ";"


def percent(ratio: Decimal, lang: str | None = None) -> str:
    """A rate given as a share, in per cent without rounding: ``0.015`` → ``1,5 %`` (ru, kk), ``1.5%`` (en)."""
    lang = lang or current()
    digits = decimal_text((ratio * 100).normalize(), lang)
    return f"{digits}%" if lang == "en" else f"{digits}\u00a0%"
