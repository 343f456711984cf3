"""Due dates checked by hand against the holiday law, not against the holidays package.

The law «О праздниках в РК» (№ 267-II, as amended by 143-VII of 29.09.2022) art. 1 lists the
days off: 1–2 January, 7 January, 8 March, 21–23 March (Наурыз), 1 May, 7 May, 9 May, 6 July,
30 August (until 2025), the first day of Курбан айт, 25 October (Republic Day, from 2022),
1 December (2012–2021), 16–17 December (16 only from 2022). Labour Code art. 84 p.5 / the law's
art. 5: a holiday on a Saturday or Sunday moves to the next working day, except 7 January and
Курбан айт. The Government's yearly decree transfers days off (a Saturday may become a working
day). Weekdays were taken from a printed calendar of the year.
"""

from __future__ import annotations

from datetime import date

import pytest

from osms_payroll import ParameterMissing, deadlines, due_date
from osms_payroll.engine.workdays import HOLIDAY, MOVED_HOLIDAY, TRANSFER, WEEKEND
from osms_payroll.i18n import say, using


def kinds(deadline):
    return [(off.day, off.kind) for off in deadline.moved_past]


def test_a_25th_on_a_sunday_moves_to_monday():
    # 25.06.2023 is a Sunday; 26.06.2023 a Monday with no holiday in June → 26.06.2023
    # (also the §7a penalty example: "due 25.06.2023 (Sunday → 26.06)").
    deadline = due_date("2023-05")
    assert (deadline.nominal, deadline.due) == (date(2023, 6, 25), date(2023, 6, 26))
    assert kinds(deadline) == [(date(2023, 6, 25), WEEKEND)]
    assert deadline.moved_past[0].reason == "Sunday"  # the English text the JSON keeps
    with using("ru"):
        assert deadline.reason == "25.06.2023 воскресенье"  # said in the user's language
    with using("kk"):
        assert deadline.reason == "25.06.2023 жексенбі"


def test_a_25th_on_a_moved_nauryz_holiday():
    # Наурыз 2025: 21.03 Friday, 22.03 Saturday, 23.03 Sunday. Art. 5 moves the two weekend
    # holidays to Monday 24.03 and Tuesday 25.03, so the 25th is a day off → Wednesday 26.03.2025.
    deadline = due_date("2025-02")
    assert deadline.due == date(2025, 3, 26)
    assert kinds(deadline) == [(date(2025, 3, 25), MOVED_HOLIDAY)]
    # Наурыз 2024: 21 Thursday, 22 Friday, 23 Saturday → the Saturday moves to Monday 25.03.2024.
    assert due_date("2024-02").due == date(2024, 3, 26)


def test_a_nauryz_week_that_leaves_the_25th_alone():
    # Наурыз 2022: 21–23.03 Monday–Wednesday; Friday 25.03.2022 is a working day.
    assert due_date("2022-02").due == date(2022, 3, 25)
    # Наурыз 2023: 21–23.03 Tuesday–Thursday; 25.03 Saturday, 26.03 Sunday → Monday 27.03.2023.
    deadline = due_date("2023-02")
    assert deadline.due == date(2023, 3, 27)
    assert kinds(deadline) == [(date(2023, 3, 25), WEEKEND), (date(2023, 3, 26), WEEKEND)]


def test_republic_day_before_and_after_the_2022_holiday_changes():
    # 25 October became a holiday by 143-VII of 29.09.2022. 25.10.2021 (Monday) was a working day.
    assert due_date("2021-09").due == date(2021, 10, 25)
    # 25.10.2022 is a Tuesday and Republic Day → Wednesday 26.10.2022.
    after = due_date("2022-09")
    assert after.due == date(2022, 10, 26)
    assert kinds(after) == [(date(2022, 10, 25), HOLIDAY)]
    # 25.10.2025 is a Saturday and Republic Day, moved by art. 5 to Monday 27.10; 26.10 is a
    # Sunday → Tuesday 28.10.2025.
    weekend = due_date("2025-09")
    assert weekend.due == date(2025, 10, 28)
    assert kinds(weekend) == [(date(2025, 10, 25), HOLIDAY), (date(2025, 10, 26), WEEKEND), (date(2025, 10, 27), MOVED_HOLIDAY)]


def test_a_saturday_worked_by_government_decree_is_a_working_day():
    # The 2018 decree (adilet P1700000864) made Saturday 25.08.2018 a working day and Friday
    # 31.08.2018 a day off instead: the deadline stays on the 25th.
    assert due_date("2018-07").due == date(2018, 8, 25)
    assert due_date("2018-07").moved_past == ()


def test_a_day_off_transferred_by_decree_is_named():
    # The same decree moved the day off of Saturday 03.03.2018 to Friday 09.03.2018.
    from osms_payroll import work_calendar

    off = work_calendar().day_off(date(2018, 3, 9))
    assert off is not None and (off.kind, off.name) == (TRANSFER, "day off transferred from 03.03.2018")
    assert off.reason == "day off transferred from 03.03.2018 (Government transfer decree)"
    with using("ru"):
        assert say(off.reason) == "выходной, перенесённый с 03.03.2018 (постановление Правительства о переносе выходных)"


def test_payers_for_themselves_share_the_day_with_their_own_wording():
    employer, own = due_date("2023-05"), due_date("2023-05", "self")
    assert own.due == employer.due
    assert "reporting month" in own.rule and "income was paid" in employer.rule
    with pytest.raises(ValueError, match="плательщик должен быть одним из: employer, self, voluntary"):
        due_date("2023-05", "bank")


def test_no_deadline_before_july_2017_and_a_year_lists_its_covered_months():
    with pytest.raises(ParameterMissing, match="deadline.employer.day_of_month"):
        due_date("2017-06")
    months = deadlines(2017)
    assert [str(d.period) for d in months] == ["2017-07", "2017-08", "2017-09", "2017-10", "2017-11", "2017-12"]
    with pytest.raises(ParameterMissing):
        deadlines(2016)


def test_what_the_calendar_does_not_cover_is_said():
    # 2026: the transfer decree was not found (L) and Курбан айт 27.05.2026 is the package's
    # estimate (M); both concern the deadline 25.05.2026 of April 2026.
    warnings = due_date("2026-04").warnings
    assert any(w.startswith("calendar.transfer_decree from 2026-01 has confidence L") for w in warnings)
    assert any(w.startswith("calendar.kurban_ait from 2026-01 has confidence M") for w in warnings)
    # A 2025 deadline rests on known data: no calendar warning.
    assert not any(w.startswith("calendar") for w in due_date("2025-04").warnings)
    # 2027 is past the data: refused unless reused, then Курбан айт 2027 and the 2027 decree warn.
    with pytest.raises(ParameterMissing):
        due_date("2027-04")
    reused = due_date("2027-04", reuse_last_known=True).warnings
    assert "calendar.not_covered: Eid al-Adha 2027 is not set; the holidays package's estimate 16.05.2027 is used" in reused
    assert any("transfer of days off for 2027 is not in the data" in w for w in reused)
    assert reused[0].startswith("deadline.reused:")


def test_every_due_date_is_a_working_day_within_a_week_of_the_25th():
    # Over every covered month: never a Sunday, never before the 25th, never more than 6 days
    # after it (the longest run of days off after a 25th is a Nauryz or Republic Day weekend).
    for year in range(2017, 2027):
        for deadline in deadlines(year):
            assert deadline.due.weekday() != 6
            assert 0 <= (deadline.due - deadline.nominal).days <= 6
            assert len(deadline.moved_past) == (deadline.due - deadline.nominal).days
