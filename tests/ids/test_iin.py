"""Tests for osms_payroll.ids.iin, the shared check digit and the package helpers."""

from __future__ import annotations

import re

import datetime

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
    IdError,
    IinCenturyError,
    IinChecksumError,
    IinError,
    IinFormatError,
    IinLengthError,
    iin,
    mask,
    validate_taxpayer_id,
)
from osms_payroll.ids._checksum import calc_check_digit

# Real-format samples: (number, birth date, sex).  Digits 1-6 are YYMMDD,
# digit 7 gives the century (3/4 = 1900s) and sex (odd = M).
SAMPLES: list[tuple[str, datetime.date, iin.Sex]] = [
    ("750716437162", datetime.date(1975, 7, 16), "F"),
    ("900912471507", datetime.date(1990, 9, 12), "F"),
    ("900522373686", datetime.date(1990, 5, 22), "M"),
    ("731214435720", datetime.date(1973, 12, 14), "F"),
    ("831104380019", datetime.date(1983, 11, 4), "M"),
    ("981005404646", datetime.date(1998, 10, 5), "F"),
    ("660210429904", datetime.date(1966, 2, 10), "F"),
    ("950515423319", datetime.date(1995, 5, 15), "F"),
]

# Hand-constructed numbers.  Weights pass 1: 1..11, pass 2: 3..11,1,2.
#
# 850315301801 - born 1985-03-15, digit 7 = 3 (1900s, M).
#   pass 1: 8+10+0+12+5+30+21+0+9+80+0 = 175; 175 mod 11 = 10 -> pass 2
#   pass 2: 24+20+0+18+7+40+27+0+11+8+0 = 155; 155 mod 11 = 1 -> check 1
SECOND_PASS = "850315301801"
#
# 92010140088x - both passes give 10, so no twelfth digit is valid.
#   pass 1: 9+4+0+4+0+6+28+0+0+80+88 = 219; 219 mod 11 = 10
#   pass 2: 27+8+0+6+0+8+36+0+0+8+16 = 109; 109 mod 11 = 10
NO_CHECK_DIGIT_PREFIX = "92010140088"
#
# 050630500007 - leading zero, born 2005-06-30, digit 7 = 5 (2000s, M).
#   pass 1: 0+10+0+24+15+0+35+0+0+0+0 = 84; 84 mod 11 = 7 -> check 7
LEADING_ZERO = "050630500007"
#
# 881301400007 - month 13 (not a date), digit 7 = 4 (1900s, F).
#   pass 1: 8+16+3+12+0+6+28+0+0+0+0 = 73; 73 mod 11 = 7 -> check 7
BAD_DATE = "881301400007"
#
# 000229600004 - born 2000-02-29 (leap day), digit 7 = 6 (2000s, F).
#   pass 1: 0+0+0+8+10+54+42+0+0+0+0 = 114; 114 mod 11 = 4 -> check 4
LEAP_DAY = "000229600004"
#
# 991231100000 - born 1899-12-31, digit 7 = 1 (1800s, M).
#   pass 1: 9+18+3+8+15+6+7+0+0+0+0 = 66; 66 mod 11 = 0 -> check 0
NINETEENTH_CENTURY = "991231100000"


@pytest.mark.parametrize(("number", "born", "sex"), SAMPLES)
def test_real_format_samples(number: str, born: datetime.date, sex: iin.Sex) -> None:
    assert iin.validate(number) == number
    assert iin.is_valid(number)
    assert iin.birth_date(number) == born
    assert iin.sex(number) == sex
    assert iin.info(number) == iin.IinInfo(
        number=number, birth_date=born, sex=sex, century=1900
    )


def test_second_pass_decides() -> None:
    assert calc_check_digit(SECOND_PASS[:11]) == 1
    assert iin.validate(SECOND_PASS) == SECOND_PASS
    assert iin.birth_date(SECOND_PASS) == datetime.date(1985, 3, 15)
    assert iin.sex(SECOND_PASS) == "M"
    # The first-pass result (10) is not a digit, so 0 must not be accepted.
    assert not iin.is_valid(SECOND_PASS[:11] + "0")


@pytest.mark.parametrize("last", "0123456789")
def test_no_check_digit_exists(last: str) -> None:
    assert calc_check_digit(NO_CHECK_DIGIT_PREFIX) is None
    with pytest.raises(IinChecksumError) as excinfo:
        iin.validate(NO_CHECK_DIGIT_PREFIX + last)
    assert excinfo.value.code == "iin.checksum"
    assert _("iin.no_check_digit") in str(excinfo.value)


def test_leading_zero_2000s() -> None:
    assert iin.compact("0506 3050 0007") == LEADING_ZERO
    info = iin.info(LEADING_ZERO)
    assert info.number == LEADING_ZERO
    assert info.birth_date == datetime.date(2005, 6, 30)
    assert info.century == 2000
    assert info.sex == "M"
    assert info.warnings == ()


def test_impossible_date_is_a_warning_not_a_rejection() -> None:
    assert iin.validate(BAD_DATE) == BAD_DATE
    assert iin.birth_date(BAD_DATE) is None
    assert iin.age_on(BAD_DATE, datetime.date(2024, 1, 1)) is None
    info = iin.info(BAD_DATE)
    assert info.birth_date is None
    assert info.century == 1900
    assert info.sex == "F"
    assert info.warnings == ("iin.birth_date_invalid",)
    assert iin.WARNING_BIRTH_DATE_INVALID == "iin.birth_date_invalid"


def test_nineteenth_century() -> None:
    info = iin.info(NINETEENTH_CENTURY)
    assert info.century == 1800
    assert info.birth_date == datetime.date(1899, 12, 31)
    assert info.sex == "M"


def test_info_is_frozen() -> None:
    info = iin.info(LEADING_ZERO)
    with pytest.raises(AttributeError):
        info.sex = "F"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (datetime.date(1975, 7, 16), 0),
        (datetime.date(2024, 7, 15), 48),
        (datetime.date(2024, 7, 16), 49),
        (datetime.date(2024, 12, 31), 49),
    ],
)
def test_age_on(day: datetime.date, age: int) -> None:
    assert iin.age_on("750716437162", day) == age


def test_age_on_leap_day_birthday() -> None:
    assert iin.age_on(LEAP_DAY, datetime.date(2001, 2, 28)) == 0
    assert iin.age_on(LEAP_DAY, datetime.date(2001, 3, 1)) == 1
    assert iin.age_on(LEAP_DAY, datetime.date(2004, 2, 29)) == 4


def test_age_on_before_birth_is_a_data_error() -> None:
    with pytest.raises(ValueError) as refused:
        iin.age_on("750716437162", datetime.date(1975, 7, 15))
    assert str(refused.value) == _("iin.before_birth")


@pytest.mark.parametrize(
    "raw",
    [
        "750716437162",
        " 750716 437162 ",
        "750-716-437-162",
        "750.716.437.162",
        "7507\t1643\n7162",
        "7507\u00a01643\u20137162",  # no-break space, en dash (copied from documents)
        "７５０７１６４３７１６２",  # full-width digits are normalised by stdnum
    ],
)
def test_compact_and_format(raw: str) -> None:
    assert iin.compact(raw) == "750716437162"
    assert iin.format(raw) == "750716437162"
    assert iin.validate(raw) == "750716437162"


@pytest.mark.parametrize(
    ("number", "error", "stdnum_base", "code"),
    [
        ("75071643716", IinLengthError, InvalidLength, "iin.length"),
        ("7507164371620", IinLengthError, InvalidLength, "iin.length"),
        ("", IinLengthError, InvalidLength, "iin.length"),
        ("75071643716X", IinFormatError, InvalidFormat, "iin.format"),
        ("٧٥٠٧١٦٤٣٧١٦٢", IinFormatError, InvalidFormat, "iin.format"),
        ("750716037162", IinCenturyError, InvalidComponent, "iin.century"),
        ("750716737162", IinCenturyError, InvalidComponent, "iin.century"),
        ("750716437163", IinChecksumError, InvalidChecksum, "iin.checksum"),
    ],
)
def test_errors(
    number: str, error: type[IinError], stdnum_base: type[ValidationError], code: str
) -> None:
    with pytest.raises(error) as excinfo:
        iin.validate(number)
    exc = excinfo.value
    assert isinstance(exc, stdnum_base)
    assert isinstance(exc, IdError)
    assert exc.code == code
    assert str(exc)
    assert not iin.is_valid(number)


def test_error_message_is_actionable_and_masked() -> None:
    with pytest.raises(IinChecksumError) as excinfo:
        iin.validate("750716437163")
    message = str(excinfo.value)
    assert "750716437163" not in message
    assert "********7163" in message
    assert excinfo.value.masked_number == "********7163"
    assert message == f"{_('iin.checksum')} [********7163]"
    assert "750716437163" not in repr(excinfo.value)


def test_length_message() -> None:
    with pytest.raises(IinLengthError, match=re.escape(_("iin.length"))):
        iin.validate("123")


def test_numeric_input_is_rejected_because_it_loses_leading_zeros() -> None:
    with pytest.raises(IinFormatError, match=re.escape(_("iin.not_text"))) as excinfo:
        iin.validate(50630500007)  # type: ignore[arg-type]
    assert excinfo.value.code == "iin.format"


@pytest.mark.parametrize(
    ("number", "masked"),
    [("750716437162", "********7162"), ("7507-1643-7162", "********7162"), ("1234", "****"), ("", "")],
)
def test_mask(number: str, masked: str) -> None:
    assert mask(number) == masked


def test_validate_taxpayer_id_accepts_iin_of_sole_entrepreneur() -> None:
    assert validate_taxpayer_id("750716 437162") == "750716437162"
    with pytest.raises(IinChecksumError):
        validate_taxpayer_id("750716437163")


def test_calc_check_digit_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        calc_check_digit("1234567890")
    with pytest.raises(ValueError):
        calc_check_digit("1234567890X")


# --- properties -------------------------------------------------------------

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def iin_prefixes(draw: st.DrawFn) -> str:
    """11 digits whose digit 7 is a valid century/sex digit."""
    head = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    century = draw(st.sampled_from("123456"))
    tail = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    return head + century + tail


@st.composite
def valid_iins(draw: st.DrawFn) -> str:
    prefix = draw(iin_prefixes().filter(lambda p: calc_check_digit(p) is not None))
    return prefix + str(calc_check_digit(prefix))


@given(iin_prefixes())
def test_appending_computed_check_digit_validates(prefix: str) -> None:
    check = calc_check_digit(prefix)
    if check is None:
        for last in "0123456789":
            assert not iin.is_valid(prefix + last)
    else:
        assert iin.validate(prefix + str(check)) == prefix + str(check)
        wrong = (check + 1) % 10
        assert not iin.is_valid(prefix + str(wrong))


@given(st.text())
def test_compact_is_idempotent(raw: str) -> None:
    assert iin.compact(iin.compact(raw)) == iin.compact(raw)


@given(valid_iins(), st.lists(st.sampled_from([" ", "-", "."]), max_size=11), st.randoms())
def test_validate_of_compact_roundtrips(number: str, seps: list[str], rnd: object) -> None:
    chars = list(number)
    for i, sep in enumerate(seps):
        chars.insert(1 + (i * 7) % len(chars), sep)
    raw = "".join(chars)
    assert iin.compact(raw) == number
    assert iin.validate(iin.compact(raw)) == iin.compact(raw)
    info = iin.info(raw)
    assert info.number == number
    assert (info.birth_date is None) == (info.warnings == ("iin.birth_date_invalid",))


IIN_CODES = {"iin.length", "iin.format", "iin.century", "iin.checksum"}


@given(st.one_of(st.text(), st.text(alphabet="0123456789 -.", max_size=14)))
def test_every_error_has_a_stable_code(raw: str) -> None:
    try:
        iin.validate(raw)
    except ValidationError as exc:
        assert isinstance(exc, IinError)
        assert exc.code in IIN_CODES
        assert str(exc)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_messages_never_contain_the_full_number(number: str) -> None:
    try:
        validate_taxpayer_id(number)
    except IdError as exc:
        assert exc.code
        assert number not in str(exc)
        assert number not in repr(exc)
