"""Golden MT102 file for the small fixed payroll, written by hand from remittance-formats.md §2.

Every line below is checked against the spec's tables: block 1 is 29 characters (``{1:F01``, the
12-character terminal = BIC HSBKKZKX + terminal A + branch XXX, session 0001, sequence 000001,
``}``); block 2 is the gross-settlement header; sequence A carries the payer (the sample profile),
the beneficiary (the State Corporation's requisites from codes.toml) and the payment order; one
sequence-B record per person with an amount above zero; sequence C the value date and the total
(24 000 + 102 000 + 15 300 = 141 300, see conftest); ``-}``; CRLF; Windows-1251.
"""

from __future__ import annotations

from decimal import Decimal

from osms_payroll.remit import read_mt102

GOLDEN_121 = [
    "{1:F01HSBKKZKXAXXX0001000001}",
    "{2:I102SGROSS000000U3003}",
    "{4:",
    ":20:7",                                   # sender reference = payment order number (≤ 16)
    ":50:/D/KZ29601A000DEMO00001",             # payer IBAN
    "/NAME/ТОО «Дала Сервис»",                 # payer name (≤ 54)
    "/IDN/150340012340",                       # payer БИН
    "/CHIEF/Ахметов Данияр Серикович",
    "/MAINBK/Сулейменова Айгуль Маратовна",
    "/IRS/1",                                  # KOd 17: resident
    "/SECO/7",                                 # KOd 17: sector 7
    ":52B:HSBKKZKX",                           # payer bank; IBAN bank code 601 = Halyk = HSBKKZKX
    ":57B:GCVPKZ2A",                           # beneficiary bank
    ":59:KZ92009MEDS368609103",                # State Corporation's ОСМС account
    "/NAME/НАО «Государственная корпорация «Правительство для граждан»",
    "/IDN/160440007161",
    "/IRS/1",                                  # KBe 11
    "/SECO/1",
    ":70:/NUM/7",                              # payment order number (≤ 9)
    "/DATE/261104",                            # document date YYMMDD
    "/SEND/07",
    "/VO/01",
    "/PSO/01",
    "/PRT/05",
    "/KNP/121",
    "/ASSIGN/Отчисления на ОСМС за октябрь 2026 г.",
    ":21:1",                                   # Ахметов: 800 000 × 3 %
    ":32B:KZT24000,00",
    ":70:/OPV/S",
    "/FM/Ахметов",
    "/NM/Данияр",
    "/FT/Серикович",
    "/DT/19850314",                            # ИИН 850314 3… → 1985-03-14
    "/IDN/850314353054",
    "/PERIOD/102026",
    ":21:2",                                   # Ким: 3 400 000 (cap) × 3 %
    ":32B:KZT102000,00",
    ":70:/OPV/S",
    "/FM/Ким",
    "/NM/Сергей",
    "/FT/Владимирович",
    "/DT/19781123",
    "/IDN/781123364683",
    "/PERIOD/102026",
    # Исаева (ГПХ) owes no ООСМС and is not listed.
    ":21:3",                                   # Ли: 510 000 × 3 %; no patronymic, so no /FT/
    ":32B:KZT15300,00",
    ":70:/OPV/S",
    "/FM/Ли",
    "/NM/Наталья",
    "/DT/19840909",
    "/IDN/840909414865",
    "/PERIOD/102026",
    # Оспанов (pensioner) owes nothing and is not listed.
    ":32A:261105KZT141300,00",                 # value date 2026-11-05, total
    "-}",
]


def test_knp_121_file_is_the_golden_file(tmp_path, small_results, run):
    run(small_results, tmp_path)
    written = (tmp_path / "osms-2026-10-knp121.mt102").read_bytes()
    assert written == ("\r\n".join(GOLDEN_121) + "\r\n").encode("cp1251")
    assert len(GOLDEN_121[0]) == 29
    assert all(len(line) <= 60 for line in GOLDEN_121 if line.startswith("/ASSIGN/"))


def test_knp_122_file_lists_everyone_who_owes_vosms(tmp_path, small_results, run):
    run(small_results, tmp_path)
    document = read_mt102(tmp_path / "osms-2026-10-knp122.mt102", encoding="cp1251")
    header = document.summary.header
    assert header is not None
    assert (header.knp, header.number, header.purpose) == ("122", "8", "Взносы на ОСМС за октябрь 2026 г.")
    # 16 000 + 34 000 + 5 000 + 10 000 (Ли: the cap less 1 200 000 declared elsewhere) = 65 000
    assert [(p.number, p.surname, p.amount) for p in document.persons] == [
        (1, "Ахметов", Decimal("16000")),
        (2, "Ким", Decimal("34000")),
        (3, "Исаева", Decimal("5000")),
        (4, "Ли", Decimal("10000")),
    ]
    assert document.summary.total == Decimal("65000")
