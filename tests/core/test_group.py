"""Grouping pay lines into person-months: the lines wait on disk, the months come out as a plain
dict over the list would give them (Hypothesis: any interleaving of lines and rejected rows)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll.engine import group
from osms_payroll.engine.group import HELD_LINES, Rejection, group_lines
from osms_payroll.engine.model import PayLine, PersonMonth
from osms_payroll.ids import mask
from osms_payroll.issues import Issue, Location
from osms_payroll.period import Period
from tests.conftest import iin_for

IINS = [iin_for(date(1970 + n, 1 + n % 12, 1 + n), male=n % 2 == 0) for n in range(6)]
PERIODS = [Period(2026, 9), Period(2026, 10)]

LINES = st.builds(
    PayLine,
    iin=st.sampled_from(IINS),
    period=st.sampled_from(PERIODS),
    gross=st.decimals(min_value=0, max_value=5_000_000, places=2, allow_nan=False, allow_infinity=False),
    category=st.sampled_from(["employee", "employee", "gpc"]),
    full_name=st.text(max_size=12),
    vosms_other_income=st.sampled_from([Decimal(0), Decimal("150000.00"), Decimal(90000)]),
    source=st.builds(Location, st.sampled_from(["a.csv", "b.xlsx"]), st.integers(1, 10**6), st.sampled_from([None, "Лист1"])),
    net=st.sampled_from([None, Decimal("100.50")]),
    name_parts=st.sampled_from([None, ("Ким", "Ли", "")]),
    hired_in_month=st.booleans(),
)
ROW_REJECTIONS = st.builds(
    lambda iin, period, row: Rejection(iin, period, (Issue("gross.invalid", "not a number", Location("a.csv", row), "gross"),)),
    st.sampled_from([*IINS, None]),
    st.sampled_from([*PERIODS, None]),
    st.integers(1, 1000),
)


def expected(items: list[PayLine | Rejection]) -> list[PersonMonth | Rejection]:
    """The grouping held in memory: row rejections as they come, then each (ИИН, period) in the
    order first seen, blocked by a rejected row of the same month, refused on a category clash."""
    rows = [item for item in items if isinstance(item, Rejection)]
    blocked = {(item.iin, item.period) for item in rows}
    months: dict[tuple[str, Period], list[PayLine]] = {}
    for item in items:
        if isinstance(item, PayLine):
            months.setdefault((item.iin, item.period), []).append(item)
    out: list[PersonMonth | Rejection] = list(rows)
    for (iin, period), lines in months.items():
        who = f"ИИН {mask(iin)}, {period}"
        if (iin, period) in blocked:
            out.append(Rejection(iin, period, tuple(
                Issue("person_month.incomplete", f"{who}: another line of this person-month was rejected; "
                      "fix it and run again so the cap and rounding see every line", line.source)
                for line in lines), tuple(lines)))
            continue
        first = lines[0]
        issues = [
            Issue("category.conflict", f"{who}: category {line.category!r} here but {first.category!r} at {first.source}; "
                  "one person has one category per month — correct one of the lines", line.source, "category")
            for line in lines[1:] if line.category != first.category
        ]
        if len({line.vosms_other_income for line in lines if line.vosms_other_income}) > 1:
            issues.append(Issue(
                "vosms_other_income.conflict",
                f"{who}: different vosms_other_income on lines of the same month; give the other "
                "employers' income once (or the same value on every line)", lines[-1].source, "vosms_other_income",
            ))
        out.append(Rejection(iin, period, tuple(issues), tuple(lines)) if issues else PersonMonth.from_lines(tuple(lines)))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, LINES, LINES, ROW_REJECTIONS), max_size=40), st.sampled_from([0, 1, 5, HELD_LINES]))
def test_any_interleaving_groups_as_a_dict_over_the_list(items, held):
    """Held in memory, spilled to disk from the first line, or part way through: the same months."""
    assert list(group_lines(iter(items), held=held)) == expected(items)


@pytest.mark.parametrize("held", [0, HELD_LINES])
def test_lines_come_back_equal_in_every_field_and_type(held):
    line = PayLine(
        IINS[0], PERIODS[1], Decimal("123456.78"), "gpc", "Ахметов Данияр", Decimal("90000.00"), False, "", Location("a.xlsx", 7, "Лист1"),
        resident=False, standard_deduction=False, ytd_taxable_income=Decimal("1.10"), net=Decimal(5),
        name_parts=("Ахметов", "Данияр", ""), hired_in_month=True, dismissed_in_month=True,
    )
    (month,) = group_lines(iter([line]), held=held)
    assert isinstance(month, PersonMonth)
    (back,) = month.lines
    assert back == line
    assert type(back.gross) is Decimal and str(back.gross) == "123456.78" and type(back.period) is Period


@pytest.mark.parametrize("held", [0, 1, 2, HELD_LINES])
def test_a_month_split_across_the_whole_input_is_one_person_month_in_first_seen_order(held):
    first, second = IINS[:2]
    items = [
        PayLine(first, PERIODS[0], Decimal(100), source=Location("a.csv", 2)),
        *(PayLine(second, period, Decimal(7), source=Location("a.csv", 3 + n)) for n, period in enumerate(PERIODS)),
        PayLine(first, PERIODS[0], Decimal(50), source=Location("a.csv", 9)),
    ]
    months = list(group_lines(iter(items), held=held))
    assert [(m.iin, m.period, m.gross) for m in months if isinstance(m, PersonMonth)] == [
        (first, PERIODS[0], Decimal(150)), (second, PERIODS[0], Decimal(7)), (second, PERIODS[1], Decimal(7)),
    ]


def test_a_list_is_in_memory_already_so_it_is_never_copied_to_disk(monkeypatch):
    def no_spill() -> None:
        raise AssertionError("a list's lines were spilled to disk")

    lines = [PayLine(iin, PERIODS[0], Decimal(n), source=Location("a.csv", n)) for n, iin in enumerate(IINS)]
    monkeypatch.setattr(group, "_Spill", no_spill)
    assert [m.iin for m in group_lines(lines, held=0)] == IINS
    with pytest.raises(AssertionError, match="spilled"):
        list(group_lines(iter(lines), held=0))
