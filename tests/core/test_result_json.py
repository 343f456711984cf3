"""results.json encodes each result from text pieces (issue 16); the contract is ``to_dict``:
for any result the text must be exactly what the standard JSON encoder makes of ``to_dict``."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll import PayLine, Period, calculate_many
from osms_payroll.engine.result import Result
from osms_payroll.issues import Location
from osms_payroll.report.calc import ResultEncoder
from tests.conftest import iin_for

PERIODS = st.builds(Period, st.integers(2017, 2026), st.integers(1, 12))
MONEY = st.decimals(min_value=0, max_value=20_000_000, places=2, allow_nan=False, allow_infinity=False)
#: Names with quotes, backslashes, control characters and letters beyond Latin-1.
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
CATEGORIES = st.sampled_from(["employee", "gpc", "pensioner", "student", "foreigner", "disabled"])
SOURCES = st.none() | st.builds(Location, TEXT, st.none() | st.integers(1, 10**6), st.none() | TEXT)
#: Lines outside the ОСМС object: a reason code valid in every month, or none.
EXCLUSIONS = st.sampled_from(["", "", "not_income", "ipn_exempt"])


def _line(iin: str, period: Period, gross: Decimal, category: str, name: str, other: Decimal, exclusion: str,
          source: Location | None) -> PayLine:
    return PayLine(iin=iin, period=period, gross=gross, category=category, full_name=name, vosms_other_income=other,
                   osms_exclusion=exclusion, source=source)


PEOPLE = st.lists(
    st.tuples(st.integers(1, 3), MONEY, CATEGORIES, TEXT, MONEY | st.just(Decimal(0)), EXCLUSIONS, SOURCES),
    min_size=1, max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(PERIODS, PEOPLE)
def test_each_result_is_the_json_of_its_dict(period, people):
    # A person may have several lines (same day → same ИИН); lines of one person that disagree become rejections.
    lines = [
        _line(iin_for(date(1975, 1, day)), period, gross, category, name, other, exclusion, source)
        for day, gross, category, name, other, exclusion, source in people
    ]
    encode = ResultEncoder()
    results = [item for item in calculate_many(lines) if isinstance(item, Result)]
    for result in results * 2:  # the second time from the pieces remembered
        text = encode(result)
        assert text == json.dumps(result.to_dict(citations=False), ensure_ascii=False)
    # What results.json lists under "parameters": everything the results rest on, each once.
    assert encode.cited == {value.ref: value for result in results for value in result.parameters()}


def test_a_hand_written_result():
    """One employee of October 2026 at 500 000 ₸: ООСМС 3 % = 15 000, ВОСМС 2 % = 10 000 (osms-rules.md §2)."""
    line = PayLine(iin=iin_for(date(1980, 6, 15)), period=Period(2026, 10), gross=Decimal("500000"),
                   full_name='Әлия "Ақ" Сейіт', source=Location("ведомость.xlsx", 7, "Лист1"))
    (result,) = calculate_many([line])
    data = json.loads(ResultEncoder()(result))
    assert (data["full_name"], data["oosms"], data["vosms"], data["oosms_base"]) == ('Әлия "Ақ" Сейіт', "15000", "10000", "500000")
    assert data["explanation"]["lines"] == [{"source": "ведомость.xlsx, Лист1!row 7", "gross": "500000", "osms_excluded": False}]
    assert data["explanation"]["oosms"]["rate"] == "0.03"
