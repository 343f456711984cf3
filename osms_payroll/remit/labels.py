"""Words the remittance files print, in Russian (default), Kazakh and English — data, not code.

One table for all writers: the MT102 purpose text, the XML purpose, the register's sheets,
headers and notes. A translation is an edit here; a key missing in one language fails the tests.
"""

from __future__ import annotations

from collections.abc import Mapping

from osms_payroll.period import Period

LANGS = ("ru", "kk", "en")
DEFAULT_LANG = "ru"

MONTHS: Mapping[str, tuple[str, ...]] = {
    "ru": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}

LABELS: Mapping[str, Mapping[str, str]] = {
    "ru": {
        "payment.oosms": "Отчисления на ОСМС",
        "payment.vosms": "Взносы на ОСМС",
        "payment.oosms_penalty": "Пеня по отчислениям на ОСМС",
        "payment.vosms_penalty": "Пеня по взносам на ОСМС",
        "purpose": "{payment} за {month} {year} г.",
        "title.list": "Список к платёжному поручению № {number} от {doc_date}: {payment} (КНП {knp}) за {month} {year} г.",
        "title.not_due": "Лица без начислений за {month} {year} г. и причина",
        "title.summary": "Реестр платежей на ОСМС за {month} {year} г.",
        "title.notes": "Пояснения",
        "sheet.summary": "Сводка",
        "sheet.knp": "КНП {knp}",
        "sheet.not_due": "Без начислений",
        "sheet.notes": "Пояснения",
        "col.number": "№ п/п",
        "col.full_name": "ФИО",
        "col.birth_date": "Дата рождения",
        "col.iin": "ИИН",
        "col.period": "Период",
        "col.amount": "Сумма",
        "col.base_before_cap": "Доход (база до ограничения)",
        "col.base": "База",
        "col.rate": "Ставка",
        "col.category": "Категория",
        "col.knp": "КНП",
        "col.reason": "Причина",
        "col.ref": "Параметр",
        "col.value": "Значение",
        "col.from": "С",
        "col.to": "По",
        "col.confidence": "Достоверность",
        "col.source": "Источник",
        "total": "Итого",
        "payer": "Плательщик",
        "recipient": "Получатель",
        "name": "Наименование",
        "bin_iin": "БИН/ИИН",
        "iban": "ИИК (IBAN)",
        "bic": "БИК",
        "kod": "КОд",
        "kbe": "КБе",
        "head": "Руководитель",
        "chief_accountant": "Главный бухгалтер",
        "not_provided": "не предусмотрено",
        "period": "Период",
        "due_date": "Срок уплаты",
        "due_moved": "перенесён с {date}: нерабочие дни",
        "value_date": "Дата валютирования",
        "doc_date": "Дата документа",
        "number": "№ платёжного поручения",
        "purpose_label": "Назначение платежа",
        "persons": "Количество лиц",
        "amount": "Сумма, тенге",
        "rule_set": "Набор правил",
        "warnings": "Предупреждения",
        "notes.columns": "«Доход» — начисленный доход в объекте ОСМС за месяц; «База» — доход после ограничения (кап) "
        "и с учётом дохода у других работодателей; «Сумма» = база × ставка, округлённая по правилу из данных. "
        "Лица без суммы по КНП не входят в список к платёжному поручению; они на листе «Без начислений» с причиной.",
        "notes.parameters": "Параметры закона, на которых основаны суммы",
    },
    "kk": {
        "payment.oosms": "МӘМС аударымдары",
        "payment.vosms": "МӘМС жарналары",
        "payment.oosms_penalty": "МӘМС аударымдары бойынша өсімпұл",
        "payment.vosms_penalty": "МӘМС жарналары бойынша өсімпұл",
        "purpose": "{payment}, {year} ж. {month}",
        "title.list": "{doc_date} № {number} төлем тапсырмасына тізім: {payment} (ТМК {knp}), {year} ж. {month}",
        "title.not_due": "{year} ж. {month} бойынша есептелмеген тұлғалар және себебі",
        "title.summary": "МӘМС төлемдерінің тізілімі, {year} ж. {month}",
        "title.notes": "Түсініктеме",
        "sheet.summary": "Жиынтық",
        "sheet.knp": "ТМК {knp}",
        "sheet.not_due": "Есептелмеген",
        "sheet.notes": "Түсініктеме",
        "col.number": "Р/с №",
        "col.full_name": "Т.А.Ә.",
        "col.birth_date": "Туған күні",
        "col.iin": "ЖСН",
        "col.period": "Кезең",
        "col.amount": "Сомасы",
        "col.base_before_cap": "Табыс (шектеуге дейінгі база)",
        "col.base": "База",
        "col.rate": "Мөлшерлеме",
        "col.category": "Санат",
        "col.knp": "ТМК",
        "col.reason": "Себебі",
        "col.ref": "Параметр",
        "col.value": "Мәні",
        "col.from": "Бастап",
        "col.to": "Дейін",
        "col.confidence": "Сенімділік",
        "col.source": "Дереккөз",
        "total": "Барлығы",
        "payer": "Төлеуші",
        "recipient": "Алушы",
        "name": "Атауы",
        "bin_iin": "БСН/ЖСН",
        "iban": "ЖСК (IBAN)",
        "bic": "БСК",
        "kod": "ЖТК",
        "kbe": "БеК",
        "head": "Басшы",
        "chief_accountant": "Бас бухгалтер",
        "not_provided": "көзделмеген",
        "period": "Кезең",
        "due_date": "Төлеу мерзімі",
        "due_moved": "{date} күнінен ауыстырылды: жұмыс емес күндер",
        "value_date": "Валюталау күні",
        "doc_date": "Құжат күні",
        "number": "Төлем тапсырмасының №",
        "purpose_label": "Төлемнің мақсаты",
        "persons": "Тұлғалар саны",
        "amount": "Сомасы, теңге",
        "rule_set": "Ережелер жиыны",
        "warnings": "Ескертулер",
        "notes.columns": "«Табыс» — айдағы МӘМС объектісіндегі есептелген табыс; «База» — шектеуден кейінгі табыс "
        "(басқа жұмыс берушілердегі табысты ескере отырып); «Сомасы» = база × мөлшерлеме, деректердегі ереже бойынша "
        "дөңгелектенген. ТМК бойынша сомасы жоқ тұлғалар тізімге кірмейді; олар «Есептелмеген» парағында себебімен.",
        "notes.parameters": "Сомалар негізделген заң параметрлері",
    },
    "en": {
        "payment.oosms": "Employer OSMS contributions",
        "payment.vosms": "Employee OSMS contributions",
        "payment.oosms_penalty": "Penalty on employer OSMS contributions",
        "payment.vosms_penalty": "Penalty on employee OSMS contributions",
        "purpose": "{payment} for {month} {year}",
        "title.list": "List to payment order No. {number} of {doc_date}: {payment} (KNP {knp}) for {month} {year}",
        "title.not_due": "Persons with nothing due for {month} {year}, and why",
        "title.summary": "OSMS payments register for {month} {year}",
        "title.notes": "Notes",
        "sheet.summary": "Summary",
        "sheet.knp": "KNP {knp}",
        "sheet.not_due": "Not due",
        "sheet.notes": "Notes",
        "col.number": "No.",
        "col.full_name": "Full name",
        "col.birth_date": "Date of birth",
        "col.iin": "IIN",
        "col.period": "Period",
        "col.amount": "Amount",
        "col.base_before_cap": "Income (base before cap)",
        "col.base": "Base",
        "col.rate": "Rate",
        "col.category": "Category",
        "col.knp": "KNP",
        "col.reason": "Reason",
        "col.ref": "Parameter",
        "col.value": "Value",
        "col.from": "From",
        "col.to": "To",
        "col.confidence": "Confidence",
        "col.source": "Source",
        "total": "Total",
        "payer": "Payer",
        "recipient": "Beneficiary",
        "name": "Name",
        "bin_iin": "BIN/IIN",
        "iban": "IBAN",
        "bic": "BIC",
        "kod": "KOd",
        "kbe": "KBe",
        "head": "Head",
        "chief_accountant": "Chief accountant",
        "not_provided": "not provided for",
        "period": "Period",
        "due_date": "Due date",
        "due_moved": "moved from {date}: days off",
        "value_date": "Value date",
        "doc_date": "Document date",
        "number": "Payment order No.",
        "purpose_label": "Purpose of payment",
        "persons": "Persons",
        "amount": "Amount, KZT",
        "rule_set": "Rule set",
        "warnings": "Warnings",
        "notes.columns": "'Income' is the month's accrued income inside the OSMS object; 'Base' is that income after "
        "the cap (and after income declared at other employers); 'Amount' = base × rate, rounded by the rule in the "
        "data. Persons with nothing due for a KNP are not on its payment list; they are on the 'Not due' sheet with "
        "the reason.",
        "notes.parameters": "The parameters of the law the amounts rest on",
    },
}


def labels(lang: str) -> Mapping[str, str]:
    """The words of one language; raises ``ValueError`` for a language we do not have."""
    try:
        return LABELS[lang]
    except KeyError:
        raise ValueError(f"language {lang!r} is not available; use one of {', '.join(LANGS)}") from None


def month_words(lang: str, period: Period) -> dict[str, str]:
    """``month`` and ``year`` of ``period`` for the templates above."""
    return {"month": MONTHS[lang][period.month - 1], "year": str(period.year)}


def purpose(lang: str, label: str, period: Period) -> str:
    """The purpose of payment, e.g. «Отчисления на ОСМС за октябрь 2026 г.»; ``label`` is the payment's label key."""
    words = labels(lang)
    return words["purpose"].format(payment=words[label], **month_words(lang, period))
