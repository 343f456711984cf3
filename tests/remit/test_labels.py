"""Labels are catalog entries: every language has every key; purpose texts as the banks expect them."""

from __future__ import annotations

import pytest

from osms_payroll import Period
from osms_payroll.remit.labels import KEYS, LANGS, labels, month_words, purpose


def test_every_language_has_every_label_and_month():
    for lang in LANGS:
        words = labels(lang)
        assert set(words) == set(KEYS) and all(words[key] != key for key in KEYS), lang
        months = {month_words(lang, Period(2026, month))["month"] for month in range(1, 13)}
        assert len(months) == 12 and not any(m.startswith("month.") for m in months), lang
    assert labels("kk")["col.iin"] == "ЖСН" and labels("ru")["col.iin"] == "ИИН"


def test_purpose_texts():
    october = Period(2026, 10)
    assert purpose("ru", "payment.oosms", october) == "Отчисления на ОСМС за октябрь 2026 г."
    assert purpose("ru", "payment.vosms", Period(2020, 1)) == "Взносы на ОСМС за январь 2020 г."
    assert purpose("kk", "payment.vosms", october) == "МӘМС жарналары, 2026 ж. қазан"
    assert purpose("en", "payment.oosms", october) == "Employer OSMS contributions for October 2026"


def test_unknown_language():
    with pytest.raises(ValueError, match="choose from ru, kk, en"):
        labels("de")
