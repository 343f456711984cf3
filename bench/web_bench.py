"""The web API on a month of many employees: ``POST /api/v1/calc`` and ``POST /api/v1/files``.

Run: ``python bench/web_bench.py [--employees 100000]``. Starts the real server (uvicorn, one
thread, worker processes for months) on a free localhost port, then times, against the same
month through the CLI:

- calc: the month as JSON lines posted to ``/api/v1/calc`` vs ``osms-payroll calc lines.json --format json``;
- files: the month's workbook and profile posted to ``/api/v1/files`` (zip back) vs ``osms-payroll run``.

Also reports the request sizes, so the default upload limit (64 MiB) can be judged.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import urllib3
import uvicorn

from fake_people import make_iin
from run_bench import generate

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("osms-payroll"))


def timed(label: str, action: Callable[[], Any]) -> None:
    start = time.perf_counter()
    outcome = action()
    seconds = time.perf_counter() - start
    status = getattr(outcome, "status", None) or f"exit {outcome.returncode}"
    size = len(getattr(outcome, "data", b"") or getattr(outcome, "stdout", b""))
    print(f"{label:34} {seconds:7.2f} s  {status}  {size / 2**20:.1f} MiB out")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    employees = parser.parse_args().employees
    sys.path.insert(0, str(ROOT))
    from osms_payroll.web import WebSettings, create_app

    server = uvicorn.Server(uvicorn.Config(create_app(WebSettings()), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    http = urllib3.PoolManager(timeout=urllib3.Timeout(total=1800), retries=False)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        rng = random.Random(2026)
        lines = [{"iin": make_iin(rng), "period": "2026-10", "gross": rng.randrange(60_000, 6_000_000)} for _ in range(employees)]
        body = json.dumps({"lines": lines}).encode()
        (folder / "lines.json").write_bytes(body)
        print(f"JSON lines: {len(body) / 2**20:.1f} MiB for {employees} lines")
        timed("POST /api/v1/calc", lambda: http.request("POST", base + "/api/v1/calc", body=body))
        timed("osms-payroll calc lines.json", lambda: subprocess.run([CLI, "calc", str(folder / "lines.json"), "--format", "json"],
                                                                      capture_output=True, check=False))
        workbook = generate(folder, employees)
        employer = (ROOT / "templates" / "sample" / "employer.toml").read_bytes()
        print(f"workbook: {workbook.stat().st_size / 2**20:.1f} MiB")
        fields = {"files": ("payroll.xlsx", workbook.read_bytes()), "employer": ("employer.toml", employer),
                  "period": "2026-10", "value_date": "2026-11-05"}
        timed("POST /api/v1/files", lambda: http.request("POST", base + "/api/v1/files", fields=fields))
        (folder / "employer.toml").write_bytes(employer)
        timed("osms-payroll run", lambda: subprocess.run([CLI, "run", str(workbook), "--employer", str(folder / "employer.toml"),
                                                          "--period", "2026-10", "--out", str(folder / "out"), "--value-date", "2026-11-05"],
                                                         capture_output=True, check=False))
    server.should_exit = True
    thread.join(10)


if __name__ == "__main__":
    main()
