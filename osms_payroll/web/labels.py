"""The page's words in Russian, Kazakh and English (a small table until the product has catalogs).

Messages about the data (rejected rows, warnings, profile problems) come from the SDK in the
same words as on the command line; only the page's own labels are here.
"""

from __future__ import annotations

from osms_payroll.web.settings import LANGS

LABELS: dict[str, dict[str, str]] = {
    "title": {"ru": "ОСМС за месяц", "kk": "Айдағы МӘМС", "en": "ОСМС for a month"},
    "lead": {
        "ru": "Загрузите ведомость и профиль работодателя — получите файлы для банка. Данные не покидают этот компьютер и не сохраняются.",
        "kk": "Ведомость пен жұмыс берушінің профилін жүктеңіз — банкке арналған файлдарды алыңыз. Деректер осы компьютерден шықпайды және сақталмайды.",
        "en": "Upload the payroll workbook and the employer profile, and take away the bank files. Nothing leaves this computer and nothing is kept.",
    },
    "language": {"ru": "Язык", "kk": "Тіл", "en": "Language"},
    "workbooks": {"ru": "Ведомости (xlsx, xls, ods, csv)", "kk": "Ведомостар (xlsx, xls, ods, csv)", "en": "Payroll workbooks (xlsx, xls, ods, csv)"},
    "workbooks_hint": {
        "ru": "Можно выбрать или перетащить несколько файлов одного работодателя.",
        "kk": "Бір жұмыс берушінің бірнеше файлын таңдауға немесе сүйреп әкелуге болады.",
        "en": "Choose or drop one or more files of one employer.",
    },
    "employer_file": {"ru": "Профиль работодателя (employer.toml)", "kk": "Жұмыс берушінің профилі (employer.toml)", "en": "Employer profile (employer.toml)"},
    "employer_form": {"ru": "…или заполните реквизиты работодателя", "kk": "…немесе жұмыс берушінің деректемелерін толтырыңыз", "en": "…or fill in the employer's requisites"},
    "employer.name": {"ru": "Наименование", "kk": "Атауы", "en": "Name"},
    "employer.bin_iin": {"ru": "БИН (ИИН для ИП)", "kk": "БСН (ЖК үшін ЖСН)", "en": "БИН (ИИН of a sole trader)"},
    "employer.iban": {"ru": "ИИК (IBAN)", "kk": "ЖСК (IBAN)", "en": "Account (IBAN)"},
    "employer.bic": {"ru": "БИК банка", "kk": "Банктің БСК", "en": "Bank BIC"},
    "employer.kod": {"ru": "КОд", "kk": "КОд", "en": "KOd"},
    "employer.head": {"ru": "Руководитель", "kk": "Басшы", "en": "Head"},
    "employer.chief_accountant": {"ru": "Главный бухгалтер", "kk": "Бас бухгалтер", "en": "Chief accountant"},
    "mt102.opv_code": {"ru": "Код /OPV/ в MT102", "kk": "MT102 ішіндегі /OPV/ коды", "en": "MT102 /OPV/ code"},
    "mt102.encoding": {"ru": "Кодировка MT102", "kk": "MT102 кодтауы", "en": "MT102 encoding"},
    "period": {"ru": "Период (месяц)", "kk": "Кезең (ай)", "en": "Period (month)"},
    "value_date": {"ru": "Дата валютирования", "kk": "Валюталау күні", "en": "Value date"},
    "doc_date": {"ru": "Дата платёжного поручения", "kk": "Төлем тапсырмасының күні", "en": "Payment order date"},
    "file_lang": {"ru": "Язык файлов", "kk": "Файлдар тілі", "en": "Language of the files"},
    "compute": {"ru": "Рассчитать", "kk": "Есептеу", "en": "Compute"},
    "compute_zip": {"ru": "Рассчитать и скачать zip", "kk": "Есептеп, zip жүктеу", "en": "Compute and download the zip"},
    "working": {"ru": "Считаем…", "kk": "Есептеп жатырмыз…", "en": "Computing…"},
    "summary": {"ru": "Итоги", "kk": "Қорытынды", "en": "Summary"},
    "employer": {"ru": "Работодатель", "kk": "Жұмыс беруші", "en": "Employer"},
    "persons": {"ru": "Лиц", "kk": "Адам", "en": "Persons"},
    "oosms": {"ru": "ООСМС (КНП 121)", "kk": "МӘМС аударымдары (ТМК 121)", "en": "ООСМС (KNP 121)"},
    "vosms": {"ru": "ВОСМС (КНП 122)", "kk": "МӘМС жарналары (ТМК 122)", "en": "ВОСМС (KNP 122)"},
    "rejected": {"ru": "Отклонённые строки", "kk": "Қабылданбаған жолдар", "en": "Rejected rows"},
    "rejected_none": {"ru": "Отклонённых строк нет.", "kk": "Қабылданбаған жолдар жоқ.", "en": "No rows were rejected."},
    "where": {"ru": "Где", "kk": "Қай жерде", "en": "Where"},
    "code": {"ru": "Код", "kk": "Код", "en": "Code"},
    "what_to_fix": {"ru": "Что исправить", "kk": "Не түзету керек", "en": "What to fix"},
    "warnings": {"ru": "Предупреждения", "kk": "Ескертулер", "en": "Warnings"},
    "people": {"ru": "По сотрудникам", "kk": "Қызметкерлер бойынша", "en": "Per person"},
    "people_hint": {"ru": "Нажмите на строку, чтобы увидеть расчёт с основаниями.", "kk": "Негіздемесі бар есептеуді көру үшін жолды басыңыз.", "en": "Open a row to see how it was computed and the law behind it."},
    "shown_first": {"ru": "Показаны первые {shown} из {total}; все — в results.json и реестре.", "kk": "{total} ішінен алғашқы {shown} көрсетілген; барлығы results.json мен тізілімде.", "en": "The first {shown} of {total} are shown; all are in results.json and the register."},
    "iin": {"ru": "ИИН", "kk": "ЖСН", "en": "ИИН"},
    "full_name": {"ru": "ФИО", "kk": "Аты-жөні", "en": "Name"},
    "category": {"ru": "Категория", "kk": "Санат", "en": "Category"},
    "gross": {"ru": "Начислено", "kk": "Есептелді", "en": "Gross"},
    "base_before_cap": {"ru": "База до ограничения", "kk": "Шектеуге дейінгі база", "en": "Base before the cap"},
    "cap": {"ru": "Предел", "kk": "Шек", "en": "Cap"},
    "base": {"ru": "База", "kk": "База", "en": "Base"},
    "rate": {"ru": "Ставка", "kk": "Мөлшерлеме", "en": "Rate"},
    "amount": {"ru": "Сумма", "kk": "Сома", "en": "Amount"},
    "not_due": {"ru": "Не начисляется", "kk": "Есептелмейді", "en": "Not due"},
    "lines": {"ru": "Строки ведомости", "kk": "Ведомость жолдары", "en": "Workbook lines"},
    "citations": {"ru": "Основания", "kk": "Негіздемелер", "en": "Law and parameters"},
    "reconciliation": {"ru": "Сверка с суммами ведомости", "kk": "Ведомость сомаларымен салыстыру", "en": "Reconciliation with the workbook's own amounts"},
    "reconciliation_none": {"ru": "Ведомость не содержит своих сумм ОСМС: сверять не с чем.", "kk": "Ведомостта МӘМС сомалары жоқ: салыстыратын ештеңе жоқ.", "en": "The workbook has no ОСМС amounts of its own: nothing to reconcile."},
    "reconciliation_ok": {"ru": "Суммы ведомости совпадают с расчётом.", "kk": "Ведомость сомалары есептеумен сәйкес.", "en": "The workbook's amounts agree with ours."},
    "sheet_amount": {"ru": "В ведомости", "kk": "Ведомостта", "en": "Workbook"},
    "ours": {"ru": "Наш расчёт", "kk": "Біздің есеп", "en": "Ours"},
    "reason": {"ru": "Причина", "kk": "Себеп", "en": "Reason"},
    "files": {"ru": "Файлы", "kk": "Файлдар", "en": "Files"},
    "download_zip": {"ru": "Скачать все файлы (zip)", "kk": "Барлық файлдарды жүктеу (zip)", "en": "Download all files (zip)"},
    "download": {"ru": "Скачать", "kk": "Жүктеу", "en": "Download"},
    "failed": {"ru": "Не удалось рассчитать месяц", "kk": "Айды есептеу мүмкін болмады", "en": "The month could not be computed"},
    "profile_problems": {"ru": "Исправьте профиль работодателя", "kk": "Жұмыс беруші профилін түзетіңіз", "en": "Fix the employer profile"},
    "docs": {"ru": "API для программ", "kk": "Бағдарламаларға арналған API", "en": "API for programs"},
    "optional": {"ru": "необязательно", "kk": "міндетті емес", "en": "optional"},
}


def labels(lang: str) -> dict[str, str]:
    """Every label in ``lang`` (each label has all three languages: a test checks it)."""
    return {key: texts[lang] for key, texts in LABELS.items()}


__all__ = ["LABELS", "LANGS", "labels"]
