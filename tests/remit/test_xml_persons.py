"""The persons' read-back: never looser than the XSD, and a refused person explained in its words."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from osms_payroll import default_params
from osms_payroll.remit import NAMESPACE, RemitError, RemitOptions, remit, safe_parser
from osms_payroll.remit.payer import load_employer
from osms_payroll.remit.xml import _persons_schema, _ReadBack
from osms_payroll.remit.xml_persons import PersonsCheck, PersonsMismatch
from tests.conftest import iin_for
from tests.remit.conftest import OCTOBER, SAMPLE_EMPLOYER, SMALL_PAYROLL, VALUE_DATE, results_of

Q = f"{{{NAMESPACE}}}"
#: Persons of every shape the writer has: three-part and two-part names, markup in a name, ГПХ
#: (a contribution not due, with its reason), a pensioner (neither due), declared income elsewhere.
_ROWS = (*SMALL_PAYROLL, (iin_for(date(1990, 1, 1)), 'О\'Брайен "Тест" & <Ко> Иванович', "123456.78", "employee", "0"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The persons of a written remittance, as bytes."""
    out = tmp_path_factory.mktemp("xml")
    employer = load_employer(SAMPLE_EMPLOYER, params=default_params())
    remit(results_of(_ROWS), employer, OCTOBER, out, RemitOptions(value_date=VALUE_DATE, formats=("xml",)))
    data = (out / "osms-2026-10.xml").read_bytes()
    return data[data.index(b"<persons>\n") + len(b"<persons>\n"):data.index(b"</persons>")]


def _by_xsd(persons: bytes) -> tuple[int, dict[str | None, Decimal]] | None:
    """Persons and sums above zero by KNP as lxml and the XSD read them; None if the XSD refuses them."""
    try:
        root = etree.fromstring(b'<persons xmlns="' + NAMESPACE.encode() + b'">\n' + persons + b"</persons>", safe_parser())
    except etree.XMLSyntaxError:
        return None
    if not _persons_schema().validate(root):
        return None
    sums: dict[str | None, Decimal] = {}
    for contribution in root.iter(f"{Q}contribution"):
        amount = Decimal(contribution.get("amount"))
        if amount > 0:
            sums[contribution.get("knp")] = sums.get(contribution.get("knp"), Decimal(0)) + amount
    return len(root), sums


def _fast(persons: bytes) -> tuple[int, dict[str | None, Decimal]] | None:
    check = PersonsCheck()
    try:
        check.feed(persons)
    except PersonsMismatch:
        return None
    return check.persons, check.sums


def test_every_person_the_writer_writes_is_taken_with_the_xsds_sums(written):
    assert written.count(b"<person ") == 6
    assert _fast(written) == _by_xsd(written) is not None


#: What a slip in the writer could put in a person: markup, quotes, references, signs, digits.
_BITS = st.sampled_from([
    b'"', b"<", b">", b"&", b";", b"&amp;", b"&#0;", b"&#9;", b"&bad;", b"=", b" ", b"\n", b"\t", b"\x00", b"\x01",
    b"\xef\xbf\xbe", b"\xff", b"\xd0", b"0", b"1", b"9", b".", b".001", b"-", b"+", b"E5", b"a", b"A", b"_", b"@",
    b"@2026-13", b"2026-02-30", b" extra=\"1\"", b' knp="12"', b"</person>", b"<contribution ", b"></contribution>",
    b" cites=\"\"", b"person", b"xmlns=\"x\" ",
])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 6), _BITS), min_size=1, max_size=3))
def test_a_person_taken_is_a_person_the_xsd_takes_with_the_same_sums(written, edits):
    # Soundness: whatever slips into the persons, the read-back takes them only if the XSD does,
    # and folds the same persons and sums as lxml reads from them.
    data = bytearray(written)
    for where, cut, bits in edits:
        at = int(where * len(data))
        data[at:at + cut] = bits
    persons = bytes(data)
    fast = _fast(persons)
    if fast is not None:
        assert fast == _by_xsd(persons)


_VALUES = st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z") | st.from_regex(r"\A[0-9]{10,13}\Z") | st.from_regex(r"\A[0-9]{1,5}(-[0-9]{1,2}){0,2}\Z") | st.from_regex(r"\A[0-9.]{1,8}\Z") | st.text(
    st.sampled_from('abz09_.@- &;<>"\t\u00a0Жә'), max_size=12) | st.just("")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.floats(0, 1, exclude_max=True), which=st.floats(0, 1, exclude_max=True), value=_VALUES)
def test_any_value_in_any_attribute_is_taken_only_if_the_xsd_takes_it(written, name, which, value):
    # Each value of a person (dates, amounts, codes, references, names) put in any attribute.
    names = sorted(set(re.findall(rb' ([a-zA-Z]+)="', written)))
    chosen = names[int(name * len(names))]
    spans = [match.span(1) for match in re.finditer(rb" " + chosen + rb'="([^"]*)"', written)]
    start, end = spans[int(which * len(spans))]
    persons = written[:start] + value.encode() + written[end:]
    fast = _fast(persons)
    if fast is not None:
        assert fast == _by_xsd(persons)


@pytest.mark.parametrize(("name", "value"), [
    ("iin", "85031435305"), ("birthDate", "2023-02-29"), ("birthDate", "0000-01-01"), ("surname", ""), ("gross", "-1"),
    ("gross", "1.001"), ("amount", "1e3"), ("rate", "1.5"), ("knp", "12"), ("category", "Employee"),
    ("categoryRule", "category.employee"), ("cites", "oosms.rate@2022-01  bad"), ("kind", "1oosms"), ("notDue", ""),
])
def test_a_value_the_schema_refuses_is_refused(written, name, value):
    start, end = re.search(rb" " + name.encode() + rb'="([^"]*)"', written).span(1)
    persons = written[:start] + value.encode() + written[end:]
    assert _by_xsd(persons) is None
    assert _fast(persons) is None


def test_a_refused_person_is_explained_in_the_xsds_words_on_its_own_line(tmp_path, small_results, run):
    last = small_results[-2]  # Ли: owes both
    odd = attrs.evolve(last.oosms, amount=last.oosms.amount + Decimal("0.001"))
    results = [*small_results[:-2], attrs.evolve(last, contributions={**last.contributions, "oosms": odd}), small_results[-1]]
    run(small_results, tmp_path / "good", formats=("xml",))
    good = (tmp_path / "good" / "osms-2026-10.xml").read_bytes()
    line = good[:good.index(b'<person iin="' + last.iin.encode())].count(b"\n") + 1
    with pytest.raises(RemitError) as caught:
        run(results, tmp_path / "odd", formats=("xml",))
    (problem,) = caught.value.problems
    assert problem.code == "remit.xml_invalid"
    assert "fractionDigits" in problem.params["reason"]
    assert f"{last.oosms.amount + Decimal('0.001')}" in problem.params["reason"]
    assert problem.params["reason"].endswith(f"(line {line + 1})")  # the contribution: the line after its person's


def test_a_person_the_xsd_takes_in_a_form_never_written_is_still_refused(written):
    # Attributes in another order: valid XML, valid against the XSD, but not what this writer
    # writes, so something wrote it that is not the writer (a bug to report, never a file to send).
    first = written[:written.index(b"</person>\n") + len(b"</person>\n")]
    swapped = first.replace(b'<person iin="', b'<person category="employee" iin="', 1).replace(b' category="employee" gross', b" gross", 1)
    assert _by_xsd(swapped) is not None
    read_back = _ReadBack(io.BytesIO(), "osms-2026-10.xml")
    read_back.write(b"\n\n")
    read_back.persons(swapped)
    problem = read_back.check()
    assert (problem.code, problem.params["line"]) == ("remit.xml_unexpected", 3)
