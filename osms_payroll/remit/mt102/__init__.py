"""MT102 bank lists: the format (:mod:`.spec`), encodings (:mod:`.encoding`), the writer
(:mod:`.writer`), the reader (:mod:`.tokenizer` → :mod:`.checks` → :mod:`.reader`, with clean
records a chunk at a time by :mod:`.bulk`) and the per-person screen (:mod:`.screen`). The public
names are exported by :mod:`osms_payroll.remit`.
"""
