"""The check takes clean records a chunk at a time (remit/mt102/bulk.py) and still finds every problem.

A list of 40 persons in our writer's shape is broken by one edit at a time (hypothesis): a
character changed, a line dropped, doubled, swapped or added, in any of the encodings banks take,
lines ending in CRLF or LF, and with chunks as small as a few lines. The check as it runs, and the same check with the
clean-run path switched off (every record field by field, the rules of checks.py), must give the
same summary: problems with their lines and codes, persons, total, sum, fingerprint, periods —
and read_mt102 the same persons. The ИИН check digits computed column by column equal ids.iin's.
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll.ids import iin as iin_id
from osms_payroll.ids._checksum import calc_check_digit
from osms_payroll.remit import check_mt102, read_mt102
from osms_payroll.remit.mt102 import bulk, tokenizer
from tests.conftest import iin_for
from tests.remit.test_mt102_golden import GOLDEN_121

HEADER = GOLDEN_121[:GOLDEN_121.index(":21:1")]
NAMES = (("Ахметов", "Данияр", "Серикович"), ("Әлиев", "Нұрлан", ""), ("O'Brien", "Mary", ""), ("Ким", "Алёна", "Игоревна"))


def _records(count: int) -> list[str]:
    lines: list[str] = []
    total = Decimal(0)
    for n in range(1, count + 1):
        born = date(1950 + n % 60, 1 + n % 12, 1 + n % 28)
        iin = iin_for(born, male=n % 2 == 0, serial=n)
        surname, given, patronymic = NAMES[n % len(NAMES)]
        amount = Decimal(1000 * n + n % 7) / (100 if n % 3 else 1)
        total += amount
        lines += [f":21:{n}", f":32B:KZT{amount:.2f}".replace(".", ","), ":70:/OPV/S" if n % 5 else ":70:",
                  f"/FM/{surname}", f"/NM/{given}"]
        lines += [f"/FT/{patronymic}"] if patronymic else []
        lines += [] if n % 7 == 0 else [f"/DT/{born:%Y%m%d}"]
        lines += [f"/IDN/{iin}", "/PERIOD/102026"]
    return lines + [f":32A:261105KZT{total:.2f}".replace(".", ","), "-}"]


LIST = HEADER + _records(40)
FIRST, LAST = len(HEADER), len(LIST) - 2  # the person records
CHARACTERS = "0123456789/: ,(\tАяӘzZ-'."
EXTRA = (":33B:X", "/XYZ/1", "продолжение", "", "/DT/19850314", ":21:41", "/FM/Ли")


@st.composite
def _broken(draw: st.DrawFn) -> list[str]:
    lines = list(LIST)
    at = draw(st.integers(FIRST, LAST - 1))
    edit = draw(st.sampled_from(("char", "drop", "double", "swap", "insert", "none")))
    if edit == "char":
        line = lines[at]
        where = draw(st.integers(0, len(line)))
        lines[at] = line[:where] + draw(st.sampled_from(CHARACTERS)) + line[where + draw(st.integers(0, 1)):]
    elif edit == "drop":
        del lines[at]
    elif edit == "double":
        lines.insert(at, lines[at])
    elif edit == "swap":
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    elif edit == "insert":
        lines.insert(at, draw(st.sampled_from(EXTRA)))
    return lines


def _found(path: Path):
    """The check's summary, and the persons read_mt102 gives when the list passes."""
    summary = check_mt102(path)
    return summary, read_mt102(path).persons if summary.ok else None


@settings(max_examples=150, deadline=None)
@given(lines=_broken(), encoding=st.sampled_from(("kz1048", "cp1251", "utf-8")), chunk=st.sampled_from((64, 700, 1 << 20)),
       newline=st.sampled_from(("\r\n", "\n")))
def test_clean_runs_find_what_the_field_by_field_check_finds(lines, encoding, chunk, newline):
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokenizer, "CHUNK", chunk)
        path = Path(folder) / "a.mt102"
        path.write_bytes((newline.join(lines) + newline).encode(encoding, errors="replace"))  # cp1251: Ә → ?
        fast = _found(path)
        patch.setattr(bulk, "clean_run", lambda *args: None)  # every record field by field
        slow = _found(path)
    assert fast == slow


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_the_unbroken_list_is_taken_in_clean_runs_and_passes(tmp_path, monkeypatch, newline):
    path = tmp_path / "a.mt102"
    path.write_bytes((newline.join(LIST) + newline).encode("kz1048"))
    taken = []
    real = bulk.clean_run
    monkeypatch.setattr(bulk, "clean_run", lambda *args: taken.append(real(*args)) or taken[-1])
    summary = check_mt102(path)
    assert summary.ok, summary.issues
    assert [run.count for run in taken] == [39]  # all but the first record, which ends the header
    monkeypatch.undo()
    persons = read_mt102(path).persons
    assert len(persons) == summary.persons == 40
    # Person 4: born 1954-05-05, 1000 × 4 + 4 tiyn; person 5: a bare :70: and a Kazakh name, 5 005 tiyn.
    assert [(p.number, p.surname, p.given, p.patronymic, p.amount, p.birth_date, p.code) for p in persons[3:5]] == [
        (4, "Ахметов", "Данияр", "Серикович", Decimal("40.04"), date(1954, 5, 5), "S"),
        (5, "Әлиев", "Нұрлан", "", Decimal("50.05"), date(1955, 6, 6), None),
    ]
    assert persons[3].iin == iin_for(date(1954, 5, 5), male=True, serial=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text("0123456789", min_size=11, max_size=11), st.sampled_from("123456"), st.booleans(),
                          st.integers(0, 9)), max_size=30))
def test_check_digits_column_by_column_equal_the_ids_rule(drawn):
    numbers = []
    for head, century, right, digit in drawn:
        first11 = head[:6] + century + head[7:]
        check = calc_check_digit(first11)
        numbers.append(first11 + str(check if right and check is not None else digit))
    assert bulk.check_digits_hold([n.encode() for n in numbers]) == all(iin_id.is_valid(n) for n in numbers)
