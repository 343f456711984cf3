"""Which bytes an MT102 list is written in, and how to tell when reading one.

Kazakh banks read client lists as Windows-1251 with the Kazakh letters in their KZ-1048
positions (Python's ``kz1048`` codec); Russian text, «», № and ё and і are the same bytes in
both, so a Russian-only list is one file either way. cp1251, cp866 and UTF-8 remain options.
"""

from __future__ import annotations

import codecs
import re

#: Encodings banks take for MT102 files, the default first.
ENCODINGS = ("kz1048", "cp1251", "cp866", "utf-8")
DEFAULT_ENCODING = ENCODINGS[0]
BOM = codecs.BOM_UTF8
#: cp1251 letters (ј є ќ ѕ ґ ў ї ћ and capitals) that stand where KZ-1048 has ә ғ қ ң ө ұ ү һ:
#: a cp1251-looking file holding them is a KZ-1048 file.
KZ1048_MARKS = frozenset("јєќѕґўїћЈЄЌЅҐЎЇЋ".encode("cp1251"))
#: With ``mt102.transliterate``: Kazakh letters → the nearest Russian ones (і/І stay: cp1251 has
#: them), typographic quotes and dashes → ASCII, for banks or encodings that cannot take them.
TRANSLITERATION = str.maketrans("әғқңөұүһӘҒҚҢӨҰҮҺ«»„“”–—", "агкноуухАГКНОУУХ\"\"\"\"\"--")


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def normalize(name: str) -> str:
    """``CP1251``, ``windows-1251`` → ``cp1251``; an unknown name is returned as given."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def encode(text: str, encoding: str, transliterate: bool) -> bytes:
    """The bytes of ``text``; raises ``UnicodeEncodeError`` naming the character that does not fit."""
    if transliterate:
        text = text.translate(TRANSLITERATION)
    return text.encode(encoding)


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """``utf-8`` (with or without BOM) if the bytes are UTF-8; else kz1048, cp1251 or cp866.

    Of the single-byte ones, whichever of cp1251 / cp866 reads more Cyrillic letters; a
    cp1251-looking file with the letters KZ-1048 puts Kazakh letters in is ``kz1048``.
    ``complete`` False means ``sample`` is the start of a longer file, whose last character may be cut.
    """
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not complete and exc.reason == "unexpected end of data":
            return "utf-8"

    def cyrillic(encoding: str) -> int:
        return len(_CYRILLIC.findall(sample.decode(encoding, errors="replace")))

    if cyrillic("cp866") > cyrillic("cp1251"):
        return "cp866"
    return "kz1048" if KZ1048_MARKS.intersection(sample) else "cp1251"
