"""click in the user's language: help texts from our catalogs, click's own words from click's.

A command's and an option's ``help`` is a catalog code (``help.run``, ``help.run.out``) looked up
when help is formatted, so ``--help`` speaks the language chosen for that call. click says its
own words ("Usage:", "Error: No such option", "Invalid value for …") through ``gettext`` of the
standard library, which reads compiled files from disk in the locale's language: :func:`install`
points those calls at the ``click`` catalog shipped with us, in the current language. The
language is taken from the command line before click parses it (:func:`lang_from_argv`), as a
usage error is said after the command's own context has closed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from osms_payroll import i18n
from osms_payroll.i18n import _

#: The click modules whose words a user of the command line can meet.
CLICK_MODULES: tuple[ModuleType, ...] = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)
#: The help of click's ``--help``, said in the language of each call (click keeps the first).
HELP_OPTION_TEXT = "Show this message and exit."


def click_gettext(message: str) -> str:
    """click's ``message`` in the current language."""
    return i18n.translations(i18n.current(), i18n.CLICK_DOMAIN).gettext(message)


def click_ngettext(singular: str, plural: str, count: int) -> str:
    """click's plural ``singular``/``plural`` for ``count`` in the current language."""
    return i18n.translations(i18n.current(), i18n.CLICK_DOMAIN).ngettext(singular, plural, count)


def install() -> None:
    """Make click say its words from our ``click`` catalog (it imported ``gettext``'s functions by name)."""
    for module in CLICK_MODULES:
        if hasattr(module, "_"):
            module._ = click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = click_ngettext  # type: ignore[attr-defined]


def lang_from_argv(argv: Sequence[str]) -> str:
    """The language of this command line: its last valid ``--lang X`` or ``--lang=X`` (a command's
    own ``--lang`` comes after the group's), else :func:`i18n.resolve`'s default (the locale, else ru)."""
    chosen = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if value in i18n.LANGS:
            chosen = value
    return i18n.resolve(chosen)


class _Said:
    """A help text that is a catalog code, said in the current language whenever it is read."""

    _help_code: str | None

    @property
    def help(self) -> str | None:
        return _(self._help_code) if self._help_code else None

    @help.setter
    def help(self, code: str | None) -> None:
        self._help_code = code


class Option(_Said, click.Option):
    """An option whose ``help`` is a catalog code."""


class Command(_Said, click.Command):
    """A command whose ``help`` and option help are catalog codes; its usage line in the language too."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_("help.metavar.options"), *(piece for param in self.get_params(ctx) for piece in param.get_usage_pieces(ctx))]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = click_gettext(HELP_OPTION_TEXT)
        return option


class Group(Command, click.Group):
    """A group of :class:`Command`; its subcommands are made the same way."""

    command_class = Command
    group_class = type

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [*super().collect_usage_pieces(ctx), _("help.metavar.command")]

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        """Run the command line in its language (see :func:`lang_from_argv`), click's words included."""
        argv = sys.argv[1:] if args is None else list(args)
        install()
        with i18n.using(lang_from_argv(argv)):
            return super().main(argv, *rest, **options)


def option(*decls: str, **attrs: Any) -> Callable[[Any], Any]:
    """``click.option`` with its ``help`` a catalog code."""
    return click.option(*decls, cls=Option, **attrs)


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` with its ``help`` a catalog code."""
    made: Callable[[Callable[..., Any]], Command] = click.command(name, cls=Command, **attrs)
    return made


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    """``click.group`` with its ``help`` a catalog code."""
    made: Callable[[Callable[..., Any]], Group] = click.group(name, cls=Group, **attrs)
    return made
