"""A row's problems are said in the user's language, the column named as the template heads it."""

from __future__ import annotations

from osms_payroll.i18n import using
from osms_payroll.intake.contract import parse_row
from osms_payroll.intake.rows import SourceRow
from osms_payroll.issues import Location
from osms_payroll.period import Period

IIN = "850314353054"
CATEGORIES = {"employee"}


def _issues(lang: str, from_net: bool = False, **values: str) -> dict[str, str]:
    row = SourceRow(Location("ведомость.xlsx", 5, "Лист1"), {"iin": IIN, **values})
    with using(lang):
        parsed = parse_row(row, Period(2026, 10), CATEGORIES, from_net=from_net)
    return {issue.code: issue.message for issue in parsed.issues}


def test_an_amount_no_payroll_has_is_refused_in_russian_with_the_limit_grouped():
    # 14 digits: above amount.max (999 999 999 999,99 in limits.toml), an account number typed in.
    message = _issues("ru", gross="12345678901234")["amount.implausible"]
    assert message.startswith("«Начислено»: 14 цифр — больше любой суммы зарплаты (не более 999\xa0999\xa0999\xa0999,99")


def test_an_exclusion_reason_against_a_no_is_said_in_kazakh():
    message = _issues("kk", gross="100000", osms_excluded="жоқ", osms_exclusion="grant")["osms_exclusion.conflict"]
    assert "(grant)" in message and "бағанында «жоқ»" in message


def test_an_excluded_line_cannot_be_grossed_up_said_in_russian():
    message = _issues("ru", from_net=True, net="100000", osms_excluded="да")["osms_excluded.from_net"]
    assert message.startswith("строку вне объекта ОСМС нельзя пересчитать")
