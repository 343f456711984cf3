"""Labels are data: every language has every key; purpose texts as the banks expect them."""

from __future__ import annotations

import pytest

from osms_payroll import Period
from osms_payroll.remit.labels import LABELS, LANGS, MONTHS, labels, purpose


def test_every_language_has_every_label_and_month():
    keys = set(LABELS["ru"])
    for lang in LANGS:
        assert set(LABELS[lang]) == keys, lang
        assert len(MONTHS[lang]) == 12


def test_purpose_texts():
    october = Period(2026, 10)
    assert purpose("ru", "payment.oosms", october) == "Отчисления на ОСМС за октябрь 2026 г."
    assert purpose("ru", "payment.vosms", Period(2020, 1)) == "Взносы на ОСМС за январь 2020 г."
    assert purpose("kk", "payment.vosms", october) == "МӘМС жарналары, 2026 ж. қазан"
    assert purpose("en", "payment.oosms", october) == "Employer OSMS contributions for October 2026"


def test_unknown_language():
    with pytest.raises(ValueError, match="use one of ru, kk, en"):
        labels("de")
