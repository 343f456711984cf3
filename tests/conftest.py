"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from osms_payroll.ids._checksum import calc_check_digit

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI speaks the locale's language when not told; tests pin a locale that names none, so
    every command speaks the default (Russian) unless a test sets ``--lang`` or ``LANG`` itself."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def iin_for(born: date, male: bool = True, serial: int = 1) -> str:
    """A valid ИИН for a birth date: the first serial from ``serial`` on that has a check digit."""
    century = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (0 if male else 1)
    while True:
        head = f"{born:%y%m%d}{century}{serial:04d}"
        check = calc_check_digit(head)
        if check is not None:
            return head + str(check)
        serial += 1


@pytest.fixture
def make_iin() -> Callable[..., str]:
    return iin_for


@pytest.fixture
def golden_csv() -> Path:
    return DATA / "osms-cases.csv"


def read_errors_csv(path: Path, lang: str = "ru") -> list[dict[str, str]]:
    """Rows of a run's ``errors.csv`` keyed by column name (``code``, ``row``…), read as Excel does:
    a BOM first, the language's delimiter, headers in the language (checked against the catalog)."""
    import csv

    from osms_payroll.i18n import _, csv_delimiter, using
    from osms_payroll.run.errors_report import COLUMNS

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "errors.csv must start with a UTF-8 BOM for Excel"
    reader = csv.reader(data[3:].decode("utf-8").splitlines(), delimiter=csv_delimiter(lang))
    header = next(reader)
    with using(lang):
        assert header == [_(f"errors.col.{name}") for name in COLUMNS]
        levels = {_(f"errors.level.{level}"): level for level in ("error", "warning")}
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in reader]
    for row in rows:
        row["level"] = levels[row["level"]]
    return rows


def read_calc_csv(text: str, lang: str = "ru") -> list[dict[str, str]]:
    """``calc --format csv`` output as Excel reads it: a BOM first, the language's delimiter."""
    import csv

    from osms_payroll.i18n import csv_delimiter

    assert text.startswith("\ufeff"), "calc CSV must start with a BOM for Excel"
    return list(csv.DictReader(text[1:].splitlines(), delimiter=csv_delimiter(lang)))


#: The fields ``mt102 check`` prints for a list it passes, in order (catalog keys ``mt102.check.<field>``).
MT102_FIELDS = ("encoding", "knp", "period", "persons", "total", "order", "payer", "beneficiary", "purpose")


def mt102_fields(stdout: str, lang: str = "ru") -> dict[str, str]:
    """``mt102 check``'s summary of a passing list, by field: its labels checked against the catalog."""
    from osms_payroll.i18n import _, using

    first, *lines = stdout.splitlines()
    with using(lang):
        assert first.endswith(_("mt102.check.ok", file=""))
        labels = [_(f"mt102.check.{name}") + ":" for name in MT102_FIELDS]
    assert [line[: len(label)] for line, label in zip(lines, labels, strict=True)] == labels
    return {name: line[len(label):].strip() for name, line, label in zip(MT102_FIELDS, lines, labels, strict=True)}
