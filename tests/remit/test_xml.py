"""XML remittance: valid against the shipped XSD, totals equal to the engine's, safe parsing."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from osms_payroll.remit import NAMESPACE, RemitError, check_xml, safe_parser, schema
from osms_payroll.remit.xml import attribute
from tests.remit.conftest import ROOT, engine_totals

Q = f"{{{NAMESPACE}}}"


def _parse(path: Path):
    return etree.parse(str(path), safe_parser())


def test_written_file_is_valid_against_the_xsd(tmp_path, small_results, run):
    run(small_results, tmp_path, formats=("xml",))
    document = _parse(tmp_path / "osms-2026-10.xml")
    xsd = etree.XMLSchema(_parse(ROOT / "templates" / "xml" / "osms-remittance-2.xsd"))
    assert xsd.validate(document), xsd.error_log
    assert schema().validate(document)


def test_a_schema_1_file_is_still_read_and_checked():
    # The sample month as written under schema 1 (fixed oosms/vosms pair) before payment kinds
    # became data; its totals are those of tests/golden_output (KNP 121 and 122 lists).
    path = ROOT / "tests" / "data" / "remittance-schema1-2026-10.xml"
    assert etree.QName(_parse(path).getroot()).namespace == "urn:osms-payroll:remittance:1"
    assert schema("1").validate(_parse(path)) and not schema().validate(_parse(path))
    check = check_xml(path)
    assert check.persons == 24
    assert dict(check.totals) == dict(check.sums) == {"121": Decimal("461250"), "122": Decimal("242300")}
    assert dict(check.counts) == {"121": 15, "122": 16}


def test_content_persons_totals_and_citations(tmp_path, small_results, run):
    run(small_results, tmp_path, formats=("xml",))
    root = _parse(tmp_path / "osms-2026-10.xml").getroot()
    assert (root.get("period"), root.get("lang"), root.get("schemaVersion")) == ("2026-10", "ru", "2")
    persons = root.findall(f"{Q}persons/{Q}person")
    assert [p.get("iin") for p in persons] == [r.iin for r in small_results]
    li = persons[3]
    assert (li.get("surname"), li.get("givenName"), li.get("patronymic"), li.get("birthDate")) == ("Ли", "Наталья", None, "1984-09-09")
    vosms = li.find(f"{Q}contribution[@kind='vosms']")
    # Ли: 510 000 here, 1 200 000 elsewhere; cap 1 700 000 → base 500 000 × 0.02 = 10 000
    assert (vosms.get("baseBeforeCap"), vosms.get("base"), vosms.get("rate"), vosms.get("amount")) == ("510000", "500000", "0.02", "10000")
    pensioner = persons[4]
    assert pensioner.get("exemptReason") == "pensioner"
    assert {c.get("notDue") for c in pensioner.findall(f"{Q}contribution")} == {"exempt"}
    totals = {t.get("knp"): (t.get("persons"), Decimal(t.get("amount"))) for t in root.findall(f"{Q}totals/{Q}total")}
    assert totals == {"121": ("3", Decimal("141300")), "122": ("4", Decimal("65000"))}
    assert {knp: amount for knp, (_n, amount) in totals.items()} == engine_totals(small_results)
    listed = {p.get("ref") for p in root.findall(f"{Q}parameters/{Q}parameter")}
    cited = {ref for element in root.iter() for ref in (element.get("cites") or "").split()}
    cited |= {p.get("categoryRule") for p in persons}
    assert cited == listed
    assert "oosms.base_cap_mzp@2026-01" in listed and "recipient.iban@2017-07" in listed


def test_check_xml_reads_back_the_totals(tmp_path, small_results, run):
    run(small_results, tmp_path, formats=("xml",))
    check = check_xml(tmp_path / "osms-2026-10.xml")
    assert (check.persons, dict(check.sums), dict(check.totals)) == (
        5, {"121": Decimal("141300"), "122": Decimal("65000")}, {"121": Decimal("141300"), "122": Decimal("65000")}
    )


def test_check_xml_rejects_a_file_that_breaks_the_schema(tmp_path, small_results, run):
    run(small_results, tmp_path, formats=("xml",))
    path = tmp_path / "osms-2026-10.xml"
    path.write_text(path.read_text(encoding="utf-8").replace('amount="24000"', 'amount="24000.001"'), encoding="utf-8")
    with pytest.raises(etree.XMLSyntaxError):
        check_xml(path)


def test_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    evil = tmp_path / "evil.xml"
    evil.write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]><r>&x;</r>', encoding="utf-8"
    )
    assert b"TOP-SECRET" not in etree.tostring(_parse(evil))
    with pytest.raises(etree.XMLSyntaxError):
        check_xml(evil)


@pytest.mark.parametrize(("lang", "purpose"), [
    ("kk", "МӘМС аударымдары, 2026 ж. қазан"),
    ("en", "Employer OSMS contributions for October 2026"),
])
def test_language_of_the_purpose(tmp_path, small_results, run, lang, purpose):
    run(small_results, tmp_path, formats=("xml",), lang=lang)
    root = _parse(tmp_path / "osms-2026-10.xml").getroot()
    assert root.get("lang") == lang
    assert root.find(f"{Q}payment/{Q}purpose").text == purpose


def test_the_writer_refuses_what_breaks_the_schema_as_it_writes(tmp_path, small_results, run):
    # An amount in thousandths of a tenge cannot come from the engine; written anyway, the XSD
    # (amounts in whole tiyn) must stop the file, and nothing may be left in the folder.
    first = small_results[0]
    odd = attrs.evolve(first.oosms, amount=first.oosms.amount + Decimal("0.001"))
    results = [attrs.evolve(first, contributions={**first.contributions, "oosms": odd}), *small_results[1:]]
    with pytest.raises(RemitError) as caught:
        run(results, tmp_path, formats=("xml",))
    assert "osms-remittance-2.xsd" in str(caught.value)
    assert sorted(path.name for path in tmp_path.iterdir()) == []


# Characters an XML 1.0 document may hold (no other control characters, no surrogates).
_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff").filter(
    lambda ch: ch in "\t\n\r" or ord(ch) >= 0x20))


@settings(max_examples=300, deadline=None)
@given(_XML_TEXT)
def test_an_attribute_is_escaped_as_lxml_escapes_it(text):
    # The persons are written as text; lxml, which writes the rest of the document, is the oracle.
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as xf:
        with xf.element("a", {"v": text}):
            pass
    assert f'<a v="{attribute(text)}"></a>'.encode() == buffer.getvalue()


def test_names_with_markup_characters_are_read_back_as_given(tmp_path, small_results, run):
    first = small_results[0]
    name = 'О\'Брайен "Тест" & <Ко>\tИванович'
    person = attrs.evolve(first.person, full_name=name, name_parts=("О'Брайен", "Анна", "Ивановна"))
    run([attrs.evolve(first, person=person), *small_results[1:]], tmp_path, formats=("xml",))
    written = _parse(tmp_path / "osms-2026-10.xml").getroot().find(f"{Q}persons/{Q}person")
    assert (written.get("fullName"), written.get("surname"), written.get("givenName")) == (name, "О'Брайен", "Анна")


def test_a_file_whose_totals_differ_from_the_engine_s_is_a_problem_in_the_user_s_language():
    from decimal import Decimal

    from osms_payroll.i18n import money, say, using
    from osms_payroll.remit.files import check_totals

    assert check_totals("a.xml", {"121": Decimal(100)}, {"121": Decimal(100)}) == []
    (problem,) = check_totals("a.xml", {"121": Decimal("1500.5")}, {"121": Decimal(1500), "122": Decimal(0)})
    with using("ru"):
        written, expected = money(Decimal("1500.5")), money(Decimal(1500))
        assert (written, expected) == ("1\u00a0500,50", "1\u00a0500,00")
        assert str(say(problem)) == (
            f"a.xml: итог по КНП 121 в файле ({written}) не совпадает с расчётным ({expected}); файл не записан — сообщите, пожалуйста, об ошибке"
        )
    assert problem == "a.xml: KNP 121 total 1,500.50 in the file differs from the engine's 1,500.00; the file was not written (please report this as a bug)"
