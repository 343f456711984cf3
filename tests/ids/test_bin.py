"""Tests for osms_payroll.ids.bin and validate_taxpayer_id with a БИН."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from osms_payroll.i18n import _
from osms_payroll.ids import (
    BinChecksumError,
    BinDateError,
    BinEntityTypeError,
    BinError,
    BinFormatError,
    BinLengthError,
    IdError,
    IinCenturyError,
    bin,
    validate_taxpayer_id,
)
from osms_payroll.ids._checksum import calc_check_digit

# Hand-constructed БИН (YYMM, type, division, serial, check).
# Weights pass 1: 1..11, pass 2: 3..11,1,2.
VALID: list[tuple[str, tuple[int, int], bin.EntityType, bin.Division]] = [
    # 940140000385 - 1994-01, resident, head office.
    #   pass 1: 9+8+0+4+20+0+0+0+0+30+88 = 159; 159 mod 11 = 5 -> check 5
    ("940140000385", (1994, 1), "resident", "head"),
    # 040540001230 - 2004-05, resident, head office.
    #   pass 1: 0+8+0+20+20+0+0+0+9+20+33 = 110; 110 mod 11 = 0 -> check 0
    ("040540001230", (2004, 5), "resident", "head"),
    # 981141000102 - 1998-11, resident, branch.
    #   pass 1: 9+16+3+4+20+6+0+0+0+10+0 = 68; 68 mod 11 = 2 -> check 2
    ("981141000102", (1998, 11), "resident", "branch"),
    # 190242000113 - 2019-02, resident, representative office.
    #   pass 1: 1+18+0+8+20+12+0+0+0+10+11 = 80; 80 mod 11 = 3 -> check 3
    ("190242000113", (2019, 2), "resident", "representative"),
    # 200661000423 - 2020-06, joint ИП, branch.
    #   pass 1: 2+0+0+24+30+6+0+0+0+40+22 = 124; 124 mod 11 = 3 -> check 3
    ("200661000423", (2020, 6), "joint_ip", "branch"),
    # 070663000158 - 2007-06, joint ИП, joint peasant farm.
    #   pass 1: 0+14+0+24+30+18+0+0+0+10+55 = 151; 151 mod 11 = 8 -> check 8
    ("070663000158", (2007, 6), "joint_ip", "joint_farm"),
    # 151150000015 - 2015-11, non-resident, head office; second pass decides.
    #   pass 1: 1+10+3+4+25+0+0+0+0+0+11 = 54; 54 mod 11 = 10 -> pass 2
    #   pass 2: 3+20+5+6+35+0+0+0+0+0+2 = 71; 71 mod 11 = 5 -> check 5
    ("151150000015", (2015, 11), "non_resident", "head"),
    # 951250000101 - 1995-12, non-resident, head office; second pass decides.
    #   pass 1: 9+10+3+8+25+0+0+0+0+10+0 = 65; 65 mod 11 = 10 -> pass 2
    #   pass 2: 27+20+5+12+35+0+0+0+0+1+0 = 100; 100 mod 11 = 1 -> check 1
    ("951250000101", (1995, 12), "non_resident", "head"),
    # 100340000106 - 2010-03, resident, head office; second pass decides.
    #   pass 1: 1+0+0+12+20+0+0+0+0+10+0 = 43; 43 mod 11 = 10 -> pass 2
    #   pass 2: 3+0+0+18+28+0+0+0+0+1+0 = 50; 50 mod 11 = 6 -> check 6
    ("100340000106", (2010, 3), "resident", "head"),
]

# 10034000012x - both passes give 10: no valid twelfth digit.
#   pass 1: 1+0+0+12+20+0+0+0+0+10+22 = 65; 65 mod 11 = 10
#   pass 2: 3+0+0+18+28+0+0+0+0+1+4 = 54; 54 mod 11 = 10
NO_CHECK_DIGIT_PREFIX = "10034000012"


@pytest.mark.parametrize(("number", "registered", "entity_type", "division"), VALID)
def test_valid(
    number: str, registered: tuple[int, int], entity_type: bin.EntityType, division: bin.Division
) -> None:
    assert bin.validate(number) == number
    assert bin.is_valid(number)
    assert validate_taxpayer_id(number) == number
    assert bin.info(number) == bin.BinInfo(
        number=number,
        registered=registered,
        entity_type=entity_type,
        division=division,
    )


@pytest.mark.parametrize("last", "0123456789")
def test_no_check_digit_exists(last: str) -> None:
    assert calc_check_digit(NO_CHECK_DIGIT_PREFIX) is None
    with pytest.raises(BinChecksumError, match=re.escape(_("bin.no_check_digit"))) as excinfo:
        bin.validate(NO_CHECK_DIGIT_PREFIX + last)
    assert excinfo.value.code == "bin.checksum"


def test_compact_and_format() -> None:
    assert bin.compact(" 9401-4000.0385 ") == "940140000385"
    assert bin.format("940140 000385") == "940140000385"
    assert bin.validate("940 140 000 385") == "940140000385"


@pytest.mark.parametrize(
    ("number", "error", "stdnum_base", "code"),
    [
        ("94014000038", BinLengthError, InvalidLength, "bin.length"),
        ("9401400003851", BinLengthError, InvalidLength, "bin.length"),
        ("94014000038A", BinFormatError, InvalidFormat, "bin.format"),
        # month 13 / 00
        ("941340000385", BinDateError, InvalidComponent, "bin.date"),
        ("940040000385", BinDateError, InvalidComponent, "bin.date"),
        # digit 5 = 3 / 7 (entity type), digit 6 = 4 (division)
        ("940130000385", BinEntityTypeError, InvalidComponent, "bin.type"),
        ("940170000385", BinEntityTypeError, InvalidComponent, "bin.type"),
        ("940144000385", BinEntityTypeError, InvalidComponent, "bin.type"),
        ("940140000386", BinChecksumError, InvalidChecksum, "bin.checksum"),
    ],
)
def test_errors(
    number: str, error: type[BinError], stdnum_base: type[ValidationError], code: str
) -> None:
    with pytest.raises(error) as excinfo:
        bin.validate(number)
    exc = excinfo.value
    assert isinstance(exc, stdnum_base)
    assert isinstance(exc, IdError)
    assert exc.code == code
    assert number not in str(exc)
    assert not bin.is_valid(number)


def test_an_iin_is_not_a_bin_and_the_message_says_so() -> None:
    with pytest.raises(BinEntityTypeError, match="ИИН") as excinfo:
        bin.validate("750716437162")
    assert excinfo.value.code == "bin.type"


def test_messages_say_what_to_do() -> None:
    with pytest.raises(BinLengthError, match=re.escape(_("bin.length"))) as excinfo:
        bin.validate("940140")
    assert excinfo.value.masked_number == "**0140"
    with pytest.raises(BinChecksumError) as excinfo2:
        bin.validate("940140000386")
    assert "********0386" in str(excinfo2.value)
    assert "940140000386" not in str(excinfo2.value)


def test_numeric_input_is_rejected() -> None:
    with pytest.raises(BinFormatError, match=re.escape(_("bin.not_text"))):
        bin.validate(40540001230)  # type: ignore[arg-type]


def test_info_is_frozen() -> None:
    info = bin.info("940140000385")
    with pytest.raises(AttributeError):
        info.division = "branch"  # type: ignore[misc]


def test_validate_taxpayer_id_routes_on_digit_5() -> None:
    # digit 5 is 4/5/6: checked as a БИН, so the БИН error comes out
    with pytest.raises(BinChecksumError):
        validate_taxpayer_id("940140000386")
    # digit 5 is 0-3: checked as an ИИН
    with pytest.raises(IinCenturyError):
        validate_taxpayer_id("940130000385")


# --- properties -------------------------------------------------------------


@st.composite
def bin_prefixes(draw: st.DrawFn) -> str:
    """11 digits with a real month, entity type and division."""
    yy = draw(st.integers(0, 99))
    mm = draw(st.integers(1, 12))
    kind = draw(st.sampled_from("456"))
    division = draw(st.sampled_from("0123"))
    serial = draw(st.text(alphabet="0123456789", min_size=5, max_size=5))
    return f"{yy:02d}{mm:02d}{kind}{division}{serial}"


@given(bin_prefixes())
def test_appending_computed_check_digit_validates(prefix: str) -> None:
    check = calc_check_digit(prefix)
    if check is None:
        assert not any(bin.is_valid(prefix + last) for last in "0123456789")
    else:
        number = prefix + str(check)
        assert bin.validate(number) == number
        assert validate_taxpayer_id(number) == number
        assert not bin.is_valid(prefix + str((check + 1) % 10))
        year, month = bin.info(number).registered
        assert 1990 <= year <= 2089
        assert year % 100 == int(number[:2])
        assert month == int(number[2:4])


@given(st.text())
def test_compact_is_idempotent(raw: str) -> None:
    assert bin.compact(bin.compact(raw)) == bin.compact(raw)


@given(
    bin_prefixes().filter(lambda p: calc_check_digit(p) is not None),
    st.sampled_from(["", " ", "-", "."]),
)
def test_validate_of_compact_roundtrips(prefix: str, sep: str) -> None:
    number = prefix + str(calc_check_digit(prefix))
    raw = sep.join([number[:4], number[4:8], number[8:]])
    assert bin.validate(bin.compact(raw)) == bin.compact(raw) == number


BIN_CODES = {"bin.length", "bin.format", "bin.date", "bin.type", "bin.checksum"}


@given(st.one_of(st.text(), st.text(alphabet="0123456789 -.", max_size=14)))
def test_every_error_has_a_stable_code(raw: str) -> None:
    try:
        bin.validate(raw)
    except ValidationError as exc:
        assert isinstance(exc, BinError)
        assert exc.code in BIN_CODES
        assert str(exc)
