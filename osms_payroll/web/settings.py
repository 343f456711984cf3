"""What the server is started with: language, rules, limits. Fixed for the server's lifetime."""

from __future__ import annotations

from pathlib import Path

import attrs

from osms_payroll.i18n import LANGS, _, check_lang
from osms_payroll.law import Params, default_params

__all__ = ["DEFAULT_MAX_BYTES", "LANGS", "WebSettings"]

#: Default request limit: a 100 000-row workbook is about 8 MB, the same month as JSON lines about
#: 20 MB; the default leaves room for several workbooks of that size in one upload.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@attrs.frozen
class WebSettings:
    """``lang`` is the page's default language; ``max_bytes`` the largest request body taken (→ 413);
    ``rules`` the override files ``params`` was loaded with (recorded in each manifest, as ``run`` does);
    ``workers`` the processes that run months (each month runs inside its own request folder)."""

    lang: str = "ru"
    max_bytes: int = DEFAULT_MAX_BYTES
    params: Params = attrs.field(factory=default_params)
    reuse_last_known: bool = False
    rules: tuple[Path, ...] = ()
    workers: int = 2

    def __attrs_post_init__(self) -> None:
        check_lang(self.lang)
        if self.max_bytes < 1:
            raise ValueError(_("web.max_bytes"))
