"""What a lane receives (issue 16): each result as the writers read it, every amount to the digit,
the person without their pay lines, in fewer bytes than the results pickled as they are."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from osms_payroll import PayLine, Period, Result, calculate_many
from osms_payroll.remit.parallel import _batch
from tests.conftest import iin_for

PERIODS = st.builds(Period, st.integers(2017, 2026), st.integers(1, 12))
#: Amounts with trailing zeros and in tiyn: the text must keep each exactly as written.
MONEY = st.decimals(min_value=0, max_value=20_000_000, places=2, allow_nan=False, allow_infinity=False)
PEOPLE = st.lists(st.tuples(
    st.integers(1, 28), MONEY, st.sampled_from(["employee", "gpc", "pensioner", "ip_self"]), MONEY,
    st.sampled_from([None, ("Ким", "Ли", ""), ("Сейіт", "Әлия", "Нұрланқызы")]), st.sampled_from(["", "not_income"]),
), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(PERIODS, PEOPLE)
def test_a_batch_arrives_as_the_writers_read_it(period, people):
    lines = [
        PayLine(iin=iin_for(date(1970, 1, day)), period=period, gross=gross, category=category, full_name="Ким Ли",
                vosms_other_income=other, name_parts=parts, osms_exclusion=exclusion)
        for day, gross, category, other, parts, exclusion in people
    ]
    results = [item for item in calculate_many(lines) if isinstance(item, Result)]
    command, received = pickle.loads(_batch(results))
    assert command == "add" and len(received) == len(results)
    for sent, got in zip(results, received):
        assert got.person == attrs.evolve(sent.person, lines=())
        assert got.person.osms_object == sent.person.osms_object
        # Parameter values are equal by identity only: a lane has its own copies, compared by reference.
        assert {k: c.to_dict(citations=False) for k, c in got.contributions.items()} == {
            k: c.to_dict(citations=False) for k, c in sent.contributions.items()
        }
        # Equal decimals may differ in their digits ("500000.00" and "5E+5"); the files print the digits.
        for kind, contribution in sent.contributions.items():
            theirs = got.contributions[kind]
            assert [str(a) for a in (theirs.base_before_cap, theirs.cap_available, theirs.base, theirs.amount)] == [
                str(a) for a in (contribution.base_before_cap, contribution.cap_available, contribution.base, contribution.amount)
            ]
        assert (got.warnings, got.birth_date, got.exempt_reason, got.category_rule.ref) == (
            sent.warnings, sent.birth_date, sent.exempt_reason, sent.category_rule.ref
        )


def test_a_batch_is_smaller_than_the_results_pickled_whole():
    lines = [PayLine(iin=iin_for(date(1970, 1, 1), serial=n), period=Period(2026, 10), gross=Decimal(100_000 + n))
             for n in range(1, 2000, 7)]
    results = [item for item in calculate_many(lines) if isinstance(item, Result)]
    assert len(_batch(results)) < 0.7 * len(pickle.dumps(("add", results), pickle.HIGHEST_PROTOCOL))
