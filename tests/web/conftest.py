"""A real uvicorn server on a free localhost port for the web tests, started once and stopped at the end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3
import uvicorn

from osms_payroll.web import WebSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "sample"
CLI = str(Path(sys.executable).with_name("osms-payroll"))
#: The server's request limit in these tests: the sample month fits, a 2 MiB body does not.
LIMIT = 1024 * 1024
DATES = {"value_date": "2026-11-05", "doc_date": "2026-11-05"}


class Api:
    """The server's address and a connection pool; every call is bounded in time."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = urllib3.PoolManager(timeout=urllib3.Timeout(total=60), retries=False)

    def post_json(self, path: str, document: Any) -> urllib3.BaseHTTPResponse:
        body = document if isinstance(document, bytes) else json.dumps(document, ensure_ascii=False).encode()
        return self.http.request("POST", self.base + path, body=body, headers={"Content-Type": "application/json"})

    def post_form(self, path: str, fields: dict[str, Any]) -> urllib3.BaseHTTPResponse:
        return self.http.request("POST", self.base + path, fields=fields)

    def get(self, path: str) -> urllib3.BaseHTTPResponse:
        return self.http.request("GET", self.base + path)


@pytest.fixture(scope="session")
def api() -> Iterator[Api]:
    server = uvicorn.Server(uvicorn.Config(create_app(WebSettings(max_bytes=LIMIT)), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Api(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(20)


def osms(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin"}, timeout=120)


def sample_upload(*extra: tuple[str, bytes]) -> dict[str, Any]:
    """The sample month as multipart fields: the workbook, the employer profile and the dates."""
    return {
        "files": ("payroll.xlsx", (SAMPLE / "payroll.xlsx").read_bytes()),
        "employer": ("employer.toml", (SAMPLE / "employer.toml").read_bytes()),
        "period": "2026-10",
        **DATES,
    }


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.py"))
    return folder
