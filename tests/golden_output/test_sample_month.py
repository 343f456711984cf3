"""The bundled sample month's files, byte for byte, as committed before the house was rebuilt.

A refactor must not change one output byte. When a change alters an output on purpose, regenerate
the expected files with ``OSMS_REGEN_GOLDEN=1 pytest tests/golden_output`` and say in the
CHANGELOG which file changed and why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "sample"
EXPECTED = Path(__file__).parent / "sample-2026-10"
CLI = str(Path(sys.executable).with_name("osms-payroll"))
FILES = [
    "osms-2026-10-knp121.mt102",
    "osms-2026-10-knp122.mt102",
    "osms-2026-10.xml",
    "osms-2026-10-register.xlsx",
    "results.json",
    "errors.csv",
    "errors.xlsx",
]
# Text outputs name the input by its absolute path; the expected files hold it as <SAMPLE>.
PATH_BEARING = {"results.json", "errors.csv"}


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("golden")
    sample = root / "sample"
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns("*.py"))
    out = root / "out"
    proc = subprocess.run(
        [CLI, "run", str(sample), "--period", "2026-10", "--out", str(out),
         "--value-date", "2026-11-05", "--doc-date", "2026-11-05"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "OSMS_XLSX_WRITER": "xlsxwriter"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = out / "2026-10" / "150340012340"
    files = {}
    for name in FILES:
        data = (folder / name).read_bytes()
        if name in PATH_BEARING:
            data = data.replace(str(sample.resolve()).encode(), b"<SAMPLE>")
        files[name] = data
    if os.environ.get("OSMS_REGEN_GOLDEN") == "1":
        EXPECTED.mkdir(exist_ok=True)
        for name, data in files.items():
            (EXPECTED / name).write_bytes(data)
    return files


@pytest.mark.parametrize("name", FILES)
def test_sample_month_output_is_unchanged(produced: dict[str, bytes], name: str) -> None:
    expected = (EXPECTED / name).read_bytes()
    assert produced[name] == expected, f"{name} differs from tests/golden_output/sample-2026-10/{name}"
