"""The person-by-person comparison of a month and its correction, against amounts worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from osms_payroll import PayLine, Period, calculate
from osms_payroll.engine.corrections import Listed, compare
from tests.conftest import iin_for

MARCH = Period(2026, 3)
KINDS = ("oosms", "vosms")
A, B, C, D = (iin_for(date(1980, 1, day)) for day in (1, 2, 3, 4))


def result(iin: str, gross: str, category: str = "employee", name: str = "Иванов Иван"):
    return calculate(PayLine(iin=iin, period=MARCH, gross=gross, category=category, full_name=name))


def test_back_pay_a_category_an_addition_and_a_removal():
    original = [Listed.of(r) for r in (result(A, "500000"), result(B, "400000"), result(C, "300000"))]
    corrected = [
        result(A, "600000"),  # back pay of 100 000
        result(B, "400000", "pensioner"),  # a pensioner listed as an employee
        result(C, "300000"),
        result(D, "200000", name="Петров Пётр"),  # forgotten
    ]
    correction = compare(MARCH, KINDS, original, corrected)
    status = {c.iin: c.status for c in correction.changes}
    assert status == {A: "changed", B: "changed", C: "unchanged", D: "added"}
    by_iin = {c.iin: c for c in correction.changes}
    # 2026: ООСМС 3 %, ВОСМС 2 % of the object (caps far above). A: +100 000 → +3 000 / +2 000.
    assert (by_iin[A].difference("oosms"), by_iin[A].difference("vosms")) == (Decimal(3000), Decimal(2000))
    assert by_iin[A].why == ("gross 500000 → 600000", "oosms base 500000 → 600000", "vosms base 500000 → 600000")
    # B: an exempt pensioner owes nothing: 12 000 / 8 000 were overpaid.
    assert (by_iin[B].difference("oosms"), by_iin[B].difference("vosms")) == (Decimal(-12000), Decimal(-8000))
    assert by_iin[B].why[0] == "category employee → pensioner"
    # D: 200 000 → 6 000 / 4 000 due.
    assert correction.total_additional("oosms") == Decimal(9000) and correction.total_additional("vosms") == Decimal(6000)
    assert correction.total_overpaid("oosms") == Decimal(12000) and correction.total_overpaid("vosms") == Decimal(8000)
    assert [c.iin for c in correction.additional("oosms")] == sorted([A, D])
    body = correction.to_dict()
    assert body["unchanged"] == 1 and {c["iin"] for c in body["changes"]} == {A, B, D}
    assert next(c for c in body["changes"] if c["iin"] == B)["difference"] == {"oosms": "-12000", "vosms": "-8000"}


def test_an_iin_corrected_is_a_removal_and_an_addition_both_said():
    original = [Listed.of(result(A, "500000", name="Сидорова Анна"))]
    correction = compare(MARCH, KINDS, original, [result(B, "500000", name="Сидорова Анна")])
    removed, added = sorted(correction.changes, key=lambda c: c.status != "removed")
    assert (removed.iin, removed.status, added.iin, added.status) == (A, "removed", B, "added")
    assert removed.why[1].startswith("ИИН corrected: the same name is now listed under ИИН ")
    assert B not in removed.why[1] and A not in added.why[1]  # masked
    # The right person owes the full amount; the wrong one's payment is an overpayment.
    assert correction.total_additional("oosms") == Decimal(15000) == correction.total_overpaid("oosms")


def test_a_results_json_line_reads_back_as_listed():
    line = result(A, "777777.77").to_dict()
    listed = Listed.from_dict(line, KINDS)
    assert listed == Listed.of(result(A, "777777.77"))
    # 777 777.77 × 3 % = 23 333.33 → 23 333; × 2 % = 15 555.56 → 15 556 (whole tenge, half up).
    assert listed.amounts == {"oosms": Decimal(23333), "vosms": Decimal(15556)}


def test_a_person_whose_corrected_rows_were_rejected_is_not_compared():
    # C's corrected row could not be read: not a removal, so no overpayment of C's 9 000 / 6 000
    # (300 000 × 3 % / 2 %); D was rejected too but was never listed: nothing to say about D here.
    original = [Listed.of(r) for r in (result(A, "500000"), result(C, "300000"))]
    correction = compare(MARCH, KINDS, original, [result(A, "600000")], rejected=[C, D])
    by_iin = {c.iin: c for c in correction.changes}
    assert {iin: c.status for iin, c in by_iin.items()} == {A: "changed", C: "rejected"}
    assert (by_iin[C].difference("oosms"), by_iin[C].difference("vosms")) == (Decimal(0), Decimal(0))
    assert by_iin[C].why == (
        "this person's corrected rows were rejected (see the errors report): nothing is due or overpaid for them until the rows are fixed",
    )
    assert correction.total_overpaid("oosms") == Decimal(0) and correction.total_additional("oosms") == Decimal(3000)
    assert [c.iin for c in correction.overpaid("vosms")] == []
    assert next(c for c in correction.to_dict()["changes"] if c["iin"] == C)["status"] == "rejected"
    # Without the rejection C would be a removal, its payment an overpayment.
    assert compare(MARCH, KINDS, original, [result(A, "600000")]).total_overpaid("oosms") == Decimal(9000)
