"""The payer of a remittance: who pays, from which account, and how its bank wants MT102 files.

A small TOML file (``templates/sample/employer.toml`` is a fictional example) loaded into a
frozen :class:`Employer`. Everything is checked when the object is built — БИН/ИИН check digit,
IBAN mod 97, BIC format, KOd, field lengths of the bank formats — and a problem is reported with
the file, the key and what to do. The IBAN's bank code is checked against the bank table
(``schwifty``'s registry, our overrides in ``law/data/banks.toml``) by :func:`check_bank`.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from osms_payroll.i18n import LANGS, Message
from osms_payroll.ids import IdError, iban, validate_taxpayer_id
from osms_payroll.law import Params
from osms_payroll.period import Period
from osms_payroll.remit.mt102.encoding import DEFAULT_ENCODING, ENCODINGS, normalize
from osms_payroll.remit.mt102.spec import OPV_NONE
from osms_payroll.remit.names import NAME_LIMIT, ORGANISATION_CHARACTERS, PERSON_CHARACTERS, character_problem, clean
#: ``{2:I102S<transfer>…}``: gross settlement or clearing.
TRANSFERS = ("gross", "clear")
#: The person-record code after ``:70:/OPV/`` used unless the profile says otherwise. No source
#: documents the code of ОСМС lists (open question 1); "S" is the code of the other social list
#: the State Corporation receives (СО), chosen because the records have the same shape. Every
#: MT102 file and run says so in a warning.
DEFAULT_OPV_CODE = "S"
#: The open question (osms-rules.md §12, ``question.1`` in the data) about that code.
OPV_QUESTION = 1

_TERMINAL_LENGTH = 12
_KOD_LENGTH = 2
_KOD_RESIDENCY = "12"  # legal-number-ok: MT102 residency code, not the base rate
_KOD_SECTOR = "123456789"


@attrs.frozen
class Problem:
    """One thing wrong with a profile: the key (``employer.iban``) and what to do about it."""

    key: str
    message: str  # a catalog Message, said in the user's language (an IdError's text is said already)

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"

    def said_at(self, source: str) -> Message:
        """``source: key: message`` as a catalog message, said in the user's language later."""
        return Message("profile.problem", source=source, key=self.key, message=self.message)


class ProfileError(ValueError):
    """An employer profile that cannot be used; every problem is listed, located."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        #: Every problem, one line each, as a catalog message (``str()`` is its English).
        self.message = functools.reduce(_lines, [problem.said_at(source) for problem in problems])
        super().__init__(self.message)


def _lines(first: Message, second: Message) -> Message:
    return Message("profile.lines", first=first, second=second)


@attrs.frozen
class Mt102Profile:
    """How the payer's bank wants MT102 files (``[mt102]`` in the profile)."""

    opv_code: str = DEFAULT_OPV_CODE
    encoding: str = attrs.field(default=DEFAULT_ENCODING, converter=normalize)
    transliterate: bool = False
    transfer: str = "gross"

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        if self.opv_code != OPV_NONE and not (len(self.opv_code) == 1 and self.opv_code.isascii() and self.opv_code.isupper()):
            out.append(Problem("mt102.opv_code", Message("profile.opv_code", value=repr(self.opv_code), none=OPV_NONE)))
        if self.encoding not in ENCODINGS:
            out.append(Problem("mt102.encoding", Message(
                "profile.encoding", value=repr(self.encoding), choices=", ".join(ENCODINGS), default=DEFAULT_ENCODING,
            )))
        if self.transfer not in TRANSFERS:
            out.append(Problem("mt102.transfer", Message("profile.transfer", value=repr(self.transfer))))
        return out


def _name_problem(key: str, value: str, required: bool, allowed: frozenset[str]) -> Problem | None:
    if required and not value:
        return Problem(key, Message("profile.name_empty"))
    if len(value) > NAME_LIMIT:
        return Problem(key, Message("profile.name_length", length=len(value), limit=NAME_LIMIT))
    problem = character_problem(Message("name.part.value"), value, allowed)
    return None if problem is None else Problem(key, problem)


@attrs.frozen
class Employer:
    """The payer's requisites. ``head`` and ``chief_accountant`` may be empty (not provided for)."""

    name: str = attrs.field(converter=clean)
    bin_iin: str
    iban: str
    bic: str
    kod: str
    head: str = attrs.field(default="", converter=clean)
    chief_accountant: str = attrs.field(default="", converter=clean)
    terminal: str | None = None
    mt102: Mt102Profile = Mt102Profile()
    #: The language of this employer's files and messages (ru, kk, en) when no --lang is given.
    lang: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ProfileError("employer profile", problems)

    def problems(self) -> list[Problem]:
        """Everything wrong with the requisites themselves (no bank table needed)."""
        out: list[Problem] = []
        for key, value, required, allowed in (
            ("employer.name", self.name, True, ORGANISATION_CHARACTERS),
            ("employer.head", self.head, False, PERSON_CHARACTERS),
            ("employer.chief_accountant", self.chief_accountant, False, PERSON_CHARACTERS),
        ):
            problem = _name_problem(key, value, required, allowed)
            if problem is not None:
                out.append(problem)
        checks = (
            ("employer.bin_iin", validate_taxpayer_id, self.bin_iin),
            ("employer.iban", iban.validate, self.iban),
            ("employer.bic", iban.validate_bic, self.bic),
        )
        for key, check, value in checks:
            try:
                if check(value) != value:
                    out.append(Problem(key, Message("profile.compact", value=repr(check(value)))))
            except IdError as exc:
                out.append(Problem(key, str(exc)))
        if self.lang is not None and self.lang not in LANGS:
            out.append(Problem("employer.lang", Message("profile.lang", value=repr(self.lang))))
        if not (len(self.kod) == _KOD_LENGTH and self.kod[0] in _KOD_RESIDENCY and self.kod[1] in _KOD_SECTOR):
            out.append(Problem("employer.kod", Message("profile.kod", value=repr(self.kod))))
        if self.terminal is not None and not (
            len(self.terminal) == _TERMINAL_LENGTH and self.terminal.isascii() and self.terminal.isalnum() and self.terminal.isupper()
        ):
            out.append(Problem("employer.terminal", Message("profile.terminal", length=_TERMINAL_LENGTH)))
        out.extend(self.mt102.problems())
        return out

    @property
    def residency(self) -> str:
        return self.kod[0]

    @property
    def sector(self) -> str:
        return self.kod[1]

    @property
    def terminal_address(self) -> str:
        """The MT102 block-1 address: the profile's, else the BIC with terminal ``A`` and branch ``XXX``."""
        if self.terminal is not None:
            return self.terminal
        bic = self.bic
        return bic[:8] + "A" + (bic[8:] or "XXX")


@functools.cache
def registry_banks() -> dict[str, str]:
    """Bank code → BIC of the Kazakh banks in ``schwifty``'s maintained bank registry (primary entries)."""
    from schwifty import registry as schwifty_registry  # loaded on first use: it reads every country's registry

    return {bank.bank_code: bank.bic for bank in schwifty_registry.get_banks_by_country("KZ") if bank.primary and bank.bic}


def bank_table(params: Params, period: Period) -> dict[str, str]:
    """Bank code → BIC for ``period``: ``schwifty``'s registry, overridden by our dated data.

    ``law/data/banks.toml`` holds only what the registry lacks or has out of date, each with its
    citation; past the data its last values are used.
    """
    when = min(period, params.valid_through)
    table = dict(registry_banks())
    table.update({
        pid.split(".", 1)[1]: params.value(pid, when).table["bic"]
        for pid in params.parameters
        if pid.startswith("bank.") and params.has(pid, when)
    })
    return table


def check_bank(employer: Employer, banks: Mapping[str, str], source: str = "employer profile") -> None:
    """Raise :class:`ProfileError` unless the IBAN's bank code belongs to the profile's BIC."""
    try:
        iban.check_bic(employer.iban, employer.bic, banks)
    except IdError as exc:
        raise ProfileError(source, [Problem("employer.bic", str(exc))]) from None


_EMPLOYER_KEYS = {"name", "bin_iin", "iban", "bic", "kod", "head", "chief_accountant", "terminal", "lang"}
_MT102_KEYS = {"opv_code", "encoding", "transliterate", "transfer"}
_SCHEMA = 1


def _table(document: dict[str, Any], key: str, allowed: set[str], problems: list[Problem]) -> dict[str, Any]:
    table = document.get(key, {})
    if not isinstance(table, dict):
        problems.append(Problem(key, Message("profile.not_table", key=key)))
        return {}
    for unknown in sorted(set(table) - allowed):
        problems.append(Problem(f"{key}.{unknown}", Message("profile.unknown_key", table=key, keys=", ".join(sorted(allowed)))))
    for name, value in table.items():
        wanted = bool if name == "transliterate" else str
        if name in allowed and not isinstance(value, wanted):
            problems.append(Problem(f"{key}.{name}", Message("profile.not_bool") if wanted is bool else Message("profile.not_string")))
    return {name: value for name, value in table.items() if name in allowed}


def parse_employer(document: dict[str, Any], source: str) -> Employer:
    """Build an :class:`Employer` from a parsed profile; every problem is reported at once."""
    problems: list[Problem] = []
    if document.get("schema", _SCHEMA) != _SCHEMA:
        problems.append(Problem("schema", Message("profile.schema", schema=_SCHEMA)))
    for unknown in sorted(set(document) - {"schema", "employer", "mt102"}):
        problems.append(Problem(unknown, Message("profile.unknown_table")))
    fields = _table(document, "employer", _EMPLOYER_KEYS, problems)
    mt102 = _table(document, "mt102", _MT102_KEYS, problems)
    for key in ("name", "bin_iin", "iban", "bic", "kod"):
        if key not in fields and "employer" in document:
            problems.append(Problem(f"employer.{key}", Message("profile.missing")))
    if "employer" not in document:
        problems.append(Problem("employer", Message("profile.missing")))
    if problems:
        raise ProfileError(source, problems)
    try:
        return Employer(mt102=Mt102Profile(**mt102), **fields)
    except ProfileError as exc:
        raise ProfileError(source, list(exc.problems)) from None


def load_employer(path: Path, *, params: Params | None = None, period: Period | None = None) -> Employer:
    """Read and check a profile; with ``params`` the IBAN's bank code is checked at ``period``."""
    source = str(path)
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(source, [Problem("file", Message("profile.unreadable", reason=exc.strerror))]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(source, [Problem("file", Message("profile.not_toml", reason=str(exc)))]) from None
    employer = parse_employer(document, source)
    if params is not None:
        check_bank(employer, bank_table(params, period or params.valid_through), source)
    return employer
