"""``osms-payroll serve``: the page and the JSON API on this computer."""

from __future__ import annotations

import ipaddress
import logging
import threading
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from osms_payroll.cli.speech import command, option
from osms_payroll.cli.options import load_rules, reuse_option, rules_option
from osms_payroll.i18n import LANGS

if TYPE_CHECKING:
    import uvicorn

# The web stack is imported when the server starts, not for every other command.
DEFAULT_MAX_MB = 64

_MB = 1024 * 1024


class _NoQuery(logging.Filter):
    """The access log shows method, path and status only: never a query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, version, status = record.args
            record.args = (client, method, str(path).split("?", 1)[0], version, status)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging with the query-free access line (the page and API never put data in paths)."""
    import uvicorn.config

    config: dict[str, Any] = {key: value for key, value in uvicorn.config.LOGGING_CONFIG.items()}
    config["filters"] = {"no_query": {"()": _NoQuery}}
    config["handlers"] = {name: {**handler, "filters": ["no_query"]} if name == "access" else handler
                          for name, handler in config["handlers"].items()}
    return config


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@command(help="help.serve")
@option("--host", default="127.0.0.1", show_default=True, help="help.serve.host")
@option("--port", default=8750, show_default=True, type=click.IntRange(0, 65535), help="help.serve.port")
@option("--lang", type=click.Choice(LANGS), default="ru", show_default=True, help="help.serve.lang")
@option("--open", "open_browser", is_flag=True, help="help.serve.open")
@option("--max-upload-mb", default=DEFAULT_MAX_MB, show_default=True, type=click.IntRange(1),
        help="help.serve.max_upload_mb")
@reuse_option
@rules_option
def serve(host: str, port: int, lang: str, open_browser: bool, max_upload_mb: int, reuse_last_known: bool,
          rules: tuple[Path, ...]) -> None:
    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this computer can send payroll files and read "
            "the results — personal data (ИИН, names, pay). Use the default 127.0.0.1 unless you mean it.",
            err=True,
        )
    import uvicorn

    from osms_payroll.web import WebSettings, create_app

    settings = WebSettings(lang=lang, max_bytes=max_upload_mb * _MB, params=load_rules(rules), reuse_last_known=reuse_last_known,
                           rules=tuple(path.resolve() for path in rules))
    config = uvicorn.Config(create_app(settings), host=host, port=port, log_config=log_config(), server_header=False)
    server = uvicorn.Server(config)
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server,), daemon=True).start()
    server.run()


def _open_when_started(server: uvicorn.Server) -> None:
    for _ in range(100):  # about 10 s
        if server.started:
            host, port = server.servers[0].sockets[0].getsockname()[:2]
            webbrowser.open(f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/")
            return
        threading.Event().wait(0.1)  # legal-number-ok: polling interval, seconds
