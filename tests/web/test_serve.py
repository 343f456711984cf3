"""``osms-payroll serve`` as an accountant starts it, and what the page says about a bad profile."""

from __future__ import annotations

import html
import importlib
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import urllib3

from osms_payroll.web import settings as web_settings
from tests.web.conftest import CLI, SAMPLE, Api, osms, sample_upload

IIN = "850314353054"
serve_module = importlib.import_module("osms_payroll.cli.serve")  # the package's name `serve` is the command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_warns_off_localhost_opens_the_page_and_logs_no_personal_data(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    opened = tmp_path / "opened.txt"
    # webbrowser runs $BROWSER with the address for %s: here a shell that writes it down.
    browser = f"sh -c 'echo $0 > {opened}' %s"
    with log.open("w") as sink:
        server = subprocess.Popen([CLI, "serve", "--host", "0.0.0.0", "--port", str(port), "--open"], stdout=sink,
                                  stderr=subprocess.STDOUT, env={"PATH": "/usr/bin:/bin", "BROWSER": browser})
    try:
        http = urllib3.PoolManager(timeout=5, retries=False)
        deadline = time.monotonic() + 30
        while True:
            try:
                http.request("GET", f"http://127.0.0.1:{port}/docs")
                break
            except urllib3.exceptions.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        body = ('{"lines": [{"iin": "%s", "full_name": "Ахметов Данияр", "period": "2026-10", "gross": 1}, {"iin": "123"}]}' % IIN).encode()
        assert http.request("POST", base + "/api/v1/calc", body=body).status == 200
        assert http.request("GET", f"{base}/api/v1/rates?period=2026-10&note={IIN}").status == 200
        while not opened.exists():
            assert time.monotonic() < deadline, "--open did not open the page"
            time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(20)
    assert opened.read_text().strip() == f"http://127.0.0.1:{port}/"
    text = log.read_text()
    assert "warning: listening on 0.0.0.0" in text and "personal data" in text
    assert '"POST /api/v1/calc HTTP/1.1" 200' in text and '"GET /api/v1/rates HTTP/1.1" 200' in text
    assert IIN not in text and "Ахметов" not in text and "?" not in text.split("Press CTRL+C")[-1]


def test_serve_choices_are_the_web_settings() -> None:
    # serve.py takes its choices without importing the web stack (which other commands never load).
    assert serve_module.LANGS == web_settings.LANGS
    assert serve_module.DEFAULT_MAX_MB * 1024 * 1024 == web_settings.DEFAULT_MAX_BYTES
    assert serve_module.is_loopback("127.0.0.1") and serve_module.is_loopback("::1") and serve_module.is_loopback("localhost")
    assert not serve_module.is_loopback("0.0.0.0") and not serve_module.is_loopback("192.168.1.5")


def test_the_profile_form_says_what_the_cli_says(api: Api, tmp_path: Path) -> None:
    bad_iban = "KZ29601A000DEMO00002"  # one digit off: the mod-97 key no longer matches
    folder = tmp_path / "client"
    folder.mkdir()
    shutil.copy(SAMPLE / "payroll.xlsx", folder)
    profile = (SAMPLE / "employer.toml").read_text(encoding="utf-8").replace("KZ29601A000DEMO00001", bad_iban)
    (folder / "employer.toml").write_text(profile, encoding="utf-8")
    proc = osms("--lang", "en", "run", folder, "--period", "2026-10", "--out", tmp_path / "out")
    cli_message = re.search(r"employer\.iban: (.+)", proc.stderr)
    assert proc.returncode == 1 and cli_message, proc.stderr

    fields = {key: value for key, value in sample_upload().items() if key != "employer"}
    fields.update({"employer.name": "ТОО «Дала Сервис»", "employer.bin_iin": "150340012340", "employer.iban": bad_iban,
                   "employer.bic": "HSBKKZKX", "employer.kod": "17", "ui": "en"})
    page = api.post_form("/month", fields)
    assert page.status == 422
    text = html.unescape(page.data.decode())
    beside = re.search(r'id="e-employer\.iban"[^>]*>([^<]+)<', text)
    assert beside and beside.group(1) == cli_message.group(1)
    assert 'id="f-employer.iban" name="employer.iban" value="%s" aria-invalid="true"' % bad_iban in text

    good = {**fields, "employer.iban": "KZ29601A000DEMO00001"}
    zipped = api.post_form("/api/v1/files", good)
    from_file = api.post_form("/api/v1/files", sample_upload())
    assert zipped.status == 200 and from_file.status == 200


def test_the_page_without_script_shows_the_month_and_its_reconciliation(api: Api) -> None:
    # A sheet with its own ВОСМС: ours is 800 000 × 2 % = 16 000, the sheet says 15 000.
    sheet = "iin,full_name,period,gross,oosms,vosms\n850314353054,Ахметов Данияр Серикович,2026-10,800000,24000,15000\n"
    fields = {**sample_upload(), "files": ("own.csv", sheet.encode()), "ui": "en"}
    page = api.post_form("/month", fields)
    assert page.status == 200
    text = html.unescape(page.data.decode())
    assert '<html lang="en">' in text and 'id="total-vosms">16\u202f000<' in text
    reconciliation = text.split('id="h-reconciliation"')[1].split("</section>")[0]
    assert "15\u202f000" in reconciliation and "16\u202f000" in reconciliation and IIN in reconciliation
